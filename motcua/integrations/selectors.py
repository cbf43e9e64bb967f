"""Reads of the integrations domain: the dossiers received from the national portal, scoped."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from motcua.accounts.choices import Role
from motcua.accounts.selectors import has_role, scoped_agencies

from .choices import IntakeState
from .models import PortalIntake


def intakes(user) -> QuerySet[PortalIntake]:
    """The deliveries an administrator may see: those addressed to an agency in their scope;
    a delivery naming no agency we know is seen by the administrators of a whole province."""
    if not has_role(user, Role.ADMIN):
        return PortalIntake.objects.none()
    agencies = scoped_agencies(user, roles=[Role.ADMIN])
    codes = agencies.values("code")
    visible = Q(agency_code__in=codes)
    if agencies.filter(parent__isnull=True).exists():
        visible |= ~Q(agency_code__in=agencies.model.objects.values("code"))
    return PortalIntake.objects.filter(visible).select_related("dossier", "handled_by")


def quarantined_count(user) -> int | None:
    """The menu's badge: quarantined deliveries waiting for this administrator."""
    return intakes(user).filter(state=IntakeState.QUARANTINED).count() or None
