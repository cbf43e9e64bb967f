"""Reads of the citizen's data store: what a dossier's applicant already has digitised."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from motcua.catalog.blank_forms import is_form
from motcua.core.text import fold

from .models import StoredDocument


def offers(d) -> list[StoredDocument]:
    """The latest valid stored copy of each of ``d``'s components that ``d`` has no digitised
    copy of yet, from the applicant's other dossiers."""
    if not d.applicant_id_number or not d.components:
        return []
    have = {fold(f.component) for f in d.files.filter(digitised=True)}
    wanted = [c["name"] for c in d.components if fold(c["name"]) not in have]
    found = latest_for(d.applicant_id_number, wanted, exclude_dossiers=[d.code or "", str(d.public_id)])
    return list(found.values())


def latest_for(owner_id: str, components, *, exclude_dossiers=()) -> dict[str, StoredDocument]:
    """For each component name, the latest valid stored copy the owner (ID number or tax code)
    has, by the component's folded name (docs/rules.md section 1.2). The applicant's request
    form itself (a declaration, an application: ``catalog.blank_forms.is_form``) is never
    offered: it is filled for each request."""
    keys = {fold(name) for name in components if not is_form(name)}  # a request form is filled anew each time
    if not owner_id or not keys:
        return {}
    today = timezone.localdate()
    rows = (
        StoredDocument.objects.filter(owner_id=owner_id, kind=StoredDocument.Kind.COMPONENT, key__in=keys)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .exclude(source_dossier__in=list(exclude_dossiers))
        .order_by("key", "-stored_at")
    )
    latest: dict[str, StoredDocument] = {}
    for row in rows:
        latest.setdefault(row.key, row)
    return latest
