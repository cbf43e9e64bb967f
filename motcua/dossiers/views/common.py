"""What the dossier screens share: who may open them and finding the dossier within the user's scope."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from motcua.accounts.selectors import has_role, scoped_agencies

from .. import selectors
from ..choices import COUNTER_ROLES, OPERATIONAL_ROLES

STAFF_ROLES = OPERATIONAL_ROLES


def _staff(request) -> None:
    if not has_role(request.user, *STAFF_ROLES):
        raise PermissionDenied


def _dossier(request, ref: str):
    d = selectors.dossier_for(request.user, ref[:60])
    if d is None:
        raise Http404
    return d


def _counter_agencies(user):
    return list(scoped_agencies(user, COUNTER_ROLES).filter(is_active=True).exclude(kind="department").order_by("path"))
