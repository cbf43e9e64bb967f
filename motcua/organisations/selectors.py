"""Reads of the organisations domain."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from motcua.core import revisions

from .choices import UnitLevel
from .models import AdministrativeUnit, Agency

AGENCIES = "organisations.agency"


def current_provinces() -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE).current().order_by("code")


def units_on(day: dt.date, level: str) -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.filter(level=level).valid_on(day)


def rollup_unit(unit: AdministrativeUnit) -> AdministrativeUnit:
    """The current unit a historical one rolls into for reports: a district rolls into its
    province's successor, a merged province into the province that absorbed it."""
    if unit.level == UnitLevel.DISTRICT and unit.parent is not None:
        return unit.parent.final_successor()
    return unit.final_successor()


def agency_by_code(code: str) -> Agency | None:
    """The agency with this code (cached in the process until an agency changes)."""
    if not code:
        return None
    return revisions.cached(AGENCIES, ("code", code), lambda: Agency.objects.filter(code=code).first())


def agency_by_pk(pk: int) -> Agency | None:
    """The agency with this primary key (cached like ``agency_by_code``)."""
    return revisions.cached(AGENCIES, ("pk", pk), lambda: Agency.objects.filter(pk=pk).first())


def agency_by_path(path: str) -> Agency | None:
    """The agency at this tree path (cached like ``agency_by_code``)."""
    return revisions.cached(AGENCIES, ("path", path), lambda: Agency.objects.filter(path=path).first())


def agency_tree(agencies: QuerySet[Agency]) -> QuerySet[Agency]:
    return agencies.select_related("admin_unit", "parent").order_by("path")


def active_agencies() -> QuerySet[Agency]:
    """Every agency in operation, in the order of the tree."""
    return Agency.objects.filter(is_active=True).order_by("path")
