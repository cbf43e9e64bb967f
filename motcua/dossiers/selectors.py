"""Reads of dossiers, always scoped: officers see the dossiers of their agencies (receiving,
competent, holding, or having handled a step); the public lookup needs the secret."""

from __future__ import annotations

import datetime as dt
import hmac

from django.db.models import Exists, OuterRef, Q, QuerySet

from motcua.accounts.selectors import scoped_agencies
from motcua.core.text import fold

from .models import Dossier, DossierStep


def visible_dossiers(user) -> QuerySet[Dossier]:
    agencies = scoped_agencies(user)
    handled = DossierStep.objects.filter(dossier=OuterRef("pk"), agency__in=agencies)
    return Dossier.objects.filter(
        Q(receiving_agency__in=agencies) | Q(competent_agency__in=agencies) | Q(current_agency__in=agencies) | Exists(handled)
    )


def search(user, *, status: str = "", agency: str = "", due_before: dt.datetime | None = None, q: str = "") -> QuerySet[Dossier]:
    qs = visible_dossiers(user).select_related("procedure", "receiving_agency", "competent_agency", "current_agency")
    if status:
        qs = qs.filter(national_status=int(status)) if status.isdigit() else qs.filter(state=status)
    if agency:
        qs = qs.filter(Q(receiving_agency__code=agency) | Q(competent_agency__code=agency) | Q(current_agency__code=agency))
    if due_before is not None:
        qs = qs.filter(due_at__lt=due_before)
    if q:
        text = q.strip()
        qs = qs.filter(Q(code__iexact=text) | Q(applicant_id_number=text) | Q(applicant_name__icontains=text) | Q(procedure__search_text__contains=fold(text)))
    return qs.order_by("-received_at", "-id")


def dossier_for(user, code: str) -> Dossier | None:
    return visible_dossiers(user).select_related("procedure", "procedure_version", "receiving_agency", "competent_agency", "current_agency", "current_assignee").filter(code=code).first()


def public_lookup(code: str, secret: str) -> Dossier | None:
    """The dossier if the secret matches; None for a wrong secret and an unknown code alike."""
    d = Dossier.objects.select_related("procedure", "receiving_agency", "current_agency").filter(code=code).first() if code else None
    expected = d.lookup_secret if d is not None else "X" * 8
    if not hmac.compare_digest(expected.encode(), (secret or "").strip().upper().encode()) or d is None:
        return None
    return d
