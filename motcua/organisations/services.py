"""Writes of the organisations domain: units loaded from data, agencies created, moved,
deactivated and merged. Every change to an agency is an audit event."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.services import transfer_memberships
from motcua.core.choices import AuditCategory
from motcua.core.services import record_event

from .choices import UnitLevel
from .models import AdministrativeUnit, Agency

UNITS_CSV = Path(__file__).resolve().parent / "data" / "admin_units.csv"
_LEVEL_ORDER: dict[str, int] = {UnitLevel.PROVINCE: 0, UnitLevel.DISTRICT: 1, UnitLevel.COMMUNE: 2}


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@transaction.atomic
def load_admin_units(path: Path = UNITS_CSV) -> dict[str, int]:
    """Load (or refresh) administrative units from the committed CSV. Idempotent."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda r: _LEVEL_ORDER[r["level"]])
    existing = {(u.level, u.code): u for u in AdministrativeUnit.objects.all()}
    created = updated = 0
    provinces: dict[str, AdministrativeUnit] = {}
    for row in rows:
        key = (row["level"], row["code"])
        parent = provinces.get(row["parent_code"]) if row["parent_code"] else None
        values = {
            "name": row["name"],
            "kind": row["kind"],
            "parent": parent,
            "valid_from": _date(row["valid_from"]),
            "valid_to": _date(row["valid_to"]),
        }
        unit = existing.get(key)
        if unit is None:
            unit = AdministrativeUnit(level=row["level"], code=row["code"], **values)
            unit.save()
            created += 1
        elif any(getattr(unit, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(unit, k, v)
            unit.save()
            updated += 1
        if row["level"] == UnitLevel.PROVINCE:
            provinces[row["code"]] = unit
    for row in rows:
        if row["successor_code"]:
            unit = AdministrativeUnit.objects.get(level=row["level"], code=row["code"])
            successor = provinces[row["successor_code"]]
            if unit.successor_id != successor.pk:
                unit.successor = successor
                unit.save(update_fields=["successor"])
    return {"created": created, "updated": updated, "total": AdministrativeUnit.objects.count()}


def _compute_path(agency: Agency) -> str:
    return f"{agency.parent.path if agency.parent else '/'}{agency.pk}/"


def _check_parent(agency: Agency, parent: Agency | None) -> None:
    if parent is None:
        return
    if agency.pk is not None and (parent.pk == agency.pk or parent.path.startswith(agency.path)):
        raise ValidationError({"parent": _("Cơ quan cấp trên không được là chính nó hoặc cơ quan cấp dưới của nó.")})


@transaction.atomic
def create_agency(*, actor: Any = None, **fields: Any) -> Agency:
    agency = Agency(**fields)
    _check_parent(agency, agency.parent)
    agency.full_clean(exclude=["path"])
    agency.save()
    agency.path = _compute_path(agency)
    agency.save(update_fields=["path"])
    record_event(actor=actor, category=AuditCategory.ORGANISATION, action="agency.created", obj=agency, agency=agency, summary=agency.name)
    return agency


@transaction.atomic
def update_agency(agency: Agency, *, actor: Any = None, **fields: Any) -> Agency:
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    before = {k: str(getattr(agency, k)) for k in fields}
    if fields.get("parent") is not None:
        fields["parent"] = Agency.objects.get(pk=fields["parent"].pk)  # its path as stored now
        _check_parent(agency, fields["parent"])
    for key, value in fields.items():
        setattr(agency, key, value)
    agency.full_clean(exclude=["path"])
    old_path = agency.path
    agency.path = _compute_path(agency)
    agency.save()
    if old_path != agency.path:
        for child in Agency.objects.filter(path__startswith=old_path).exclude(pk=agency.pk):
            child.path = agency.path + child.path[len(old_path) :]
            child.save(update_fields=["path"])
    record_event(
        actor=actor,
        category=AuditCategory.ORGANISATION,
        action="agency.updated",
        obj=agency,
        agency=agency,
        summary=agency.name,
        data={"before": before, "after": {k: str(getattr(agency, k)) for k in fields}},
    )
    return agency


@transaction.atomic
def deactivate_agency(agency: Agency, *, on: dt.date, actor: Any = None, successor: Agency | None = None, reason: str = "") -> Agency:
    """End an agency on ``on`` (inclusive). Dossiers, staff and history keep pointing at it."""
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    if not agency.is_active:
        raise ValidationError(_("Cơ quan này đã ngừng hoạt động."))
    if agency.valid_from and on < agency.valid_from:
        raise ValidationError(_("Ngày kết thúc không được trước ngày bắt đầu hiệu lực."))
    if successor is not None and (successor.pk == agency.pk or not successor.is_active):
        raise ValidationError(_("Cơ quan kế thừa phải là một cơ quan khác đang hoạt động."))
    agency.is_active = False
    agency.valid_to = on
    agency.successor = successor
    agency.save(update_fields=["is_active", "valid_to", "successor"])
    record_event(
        actor=actor,
        category=AuditCategory.ORGANISATION,
        action="agency.deactivated",
        obj=agency,
        agency=agency,
        summary=reason or agency.name,
        data={"on": on.isoformat(), "successor": successor.code if successor else None},
    )
    return agency


@transaction.atomic
def merge_agencies(sources: list[Agency], target: Agency, *, on: dt.date, actor: Any = None) -> Agency:
    """Merge ``sources`` into ``target`` from the day after ``on``: each source ends with the
    target as successor, and its active staff memberships continue in the target."""
    for source in sources:
        deactivate_agency(source, on=on, actor=actor, successor=target, reason=_("Sáp nhập vào %(name)s") % {"name": target.name})
        transfer_memberships(source, target, actor=actor)
    record_event(
        actor=actor,
        category=AuditCategory.ORGANISATION,
        action="agency.merged",
        obj=target,
        agency=target,
        summary=target.name,
        data={"sources": [s.code for s in sources], "on": on.isoformat()},
    )
    return target
