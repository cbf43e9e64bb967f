"""Which form template applies: the active row of that form with the latest effective date on
or before the dossier's reception (submission, if never received). A dossier older than every
row of a form gets that form's earliest row."""

from __future__ import annotations

import datetime as dt

from django.template import engines

from motcua.core import revisions

from .models import FormTemplate

FORM_TEMPLATES = "documents.form_template"  # the revision (core.revisions) every template edit bumps


def template_for(kind: str, on: dt.date) -> FormTemplate | None:
    rows = FormTemplate.objects.filter(kind=kind, is_active=True)
    return rows.filter(effective_from__lte=on).order_by("-effective_from").first() or rows.order_by("effective_from").first()


def compiled(row: FormTemplate):
    """The row's body compiled once per edit."""
    return revisions.cached(FORM_TEMPLATES, (row.pk, row.updated_at), lambda: engines["django"].from_string(row.body), shared=True)


def form_sets() -> list[dict]:
    """The form sets in the database, newest first, with their forms."""
    sets: dict[tuple, dict] = {}
    for row in FormTemplate.objects.order_by("-effective_from", "number"):
        entry = sets.setdefault(
            (row.form_set, row.effective_from), {"name": row.form_set, "effective_from": row.effective_from, "forms": []}
        )
        entry["forms"].append(row)
    return list(sets.values())
