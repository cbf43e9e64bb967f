"""Reads of the citizen's data store: what a dossier's applicant already has digitised."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from motcua.core.text import fold

from .models import StoredDocument


def offers(d) -> list[StoredDocument]:
    """The latest valid stored copy of each of ``d``'s components that ``d`` has no digitised
    copy of yet, from the applicant's other dossiers."""
    if not d.applicant_id_number or not d.components:
        return []
    keys = {fold(c["name"]) for c in d.components}
    have = {fold(f.component) for f in d.files.filter(digitised=True)}
    today = timezone.localdate()
    rows = (
        StoredDocument.objects.filter(owner_id=d.applicant_id_number, kind=StoredDocument.Kind.COMPONENT, key__in=keys - have)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .exclude(source_dossier__in=[d.code or "", str(d.public_id)])
        .order_by("key", "-stored_at")
    )
    latest: dict[str, StoredDocument] = {}
    for row in rows:
        latest.setdefault(row.key, row)
    return list(latest.values())
