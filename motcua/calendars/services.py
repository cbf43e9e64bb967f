"""Writes of the calendar domain: days off and swapped days, office hours, year confirmation,
loading the official schedule and seeding other years; and recomputing due times after a
change (never silently)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import holidays
import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core import revisions
from motcua.core.choices import AuditCategory
from motcua.core.services import record_event
from motcua.organisations.models import Agency

from . import hooks
from .choices import DayKind, DaySource
from .models import CalendarDay, CalendarYear, OfficeHours
from .selectors import CALENDAR, engine_for

OFFICIAL_YAML = Path(__file__).resolve().parent / "data" / "vn-civil-service.yaml"


def bump_revision() -> None:
    """Record a calendar change: every process rebuilds its deadline engines on its next read."""
    revisions.bump(CALENDAR)


def _validate_day(date: dt.date, kind: str, reason: str) -> None:
    errors = {}
    if kind not in DayKind.values:
        errors["kind"] = _("Loại ngày không hợp lệ.")
    elif kind == DayKind.DAY_OFF and date.weekday() >= 5:
        errors["date"] = _("Thứ Bảy, Chủ nhật đã là ngày nghỉ; chỉ khai báo ngày nghỉ từ thứ Hai đến thứ Sáu.")
    elif kind == DayKind.WORKING_DAY and date.weekday() < 5:
        errors["date"] = _("Ngày làm bù phải là thứ Bảy hoặc Chủ nhật.")
    if not reason.strip():
        errors["reason"] = _("Vui lòng nhập lý do.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def set_day(
    *, date: dt.date, kind: str, reason: str, confirmed: bool, agency=None, actor: Any = None, source: str = DaySource.ADMIN
) -> CalendarDay:
    _validate_day(date, kind, reason)
    row = CalendarDay.objects.select_for_update().filter(date=date, agency=agency).first()
    now = timezone.now()
    before = None
    if row is None:
        row = CalendarDay(date=date, agency=agency, created_by=_user(actor), created_at=now)
    else:
        before = {"kind": row.kind, "reason": row.reason, "confirmed": row.confirmed}
    row.kind, row.reason, row.confirmed, row.source = kind, reason.strip(), confirmed, source
    row.updated_by, row.updated_at = _user(actor), now
    row.save()
    CalendarYear.objects.get_or_create(year=date.year)
    bump_revision()
    record_event(
        actor=actor,
        category=AuditCategory.CALENDAR,
        action="calendar.day_set",
        obj=row,
        agency=agency,
        summary=str(row),
        data={"before": before, "after": {"kind": kind, "reason": row.reason, "confirmed": confirmed}},
    )
    return row


@transaction.atomic
def remove_day(row: CalendarDay, *, actor: Any = None) -> None:
    summary = str(row)
    data = {"date": row.date.isoformat(), "kind": row.kind, "reason": row.reason}
    agency = row.agency
    row.delete()
    bump_revision()
    record_event(actor=actor, category=AuditCategory.CALENDAR, action="calendar.day_removed", agency=agency, summary=summary, data=data)


@transaction.atomic
def confirm_year(year: int, *, actor: Any = None, note: str = "") -> CalendarYear:
    row, _created = CalendarYear.objects.select_for_update().get_or_create(year=year)
    now = timezone.now()
    CalendarDay.objects.filter(date__year=year, confirmed=False).update(confirmed=True, updated_at=now, updated_by=_user(actor))
    row.confirmed, row.confirmed_at, row.confirmed_by, row.note = True, now, _user(actor), note
    row.updated_at, row.updated_by = now, _user(actor)
    row.save()
    bump_revision()
    record_event(
        actor=actor, category=AuditCategory.CALENDAR, action="calendar.year_confirmed", obj=row, summary=str(year), data={"note": note}
    )
    return row


@transaction.atomic
def set_office_hours(
    *, agency=None, effective_from: dt.date, morning: tuple[dt.time, dt.time], afternoon: tuple[dt.time, dt.time], actor: Any = None
) -> OfficeHours:
    if not (morning[0] < morning[1] <= afternoon[0] < afternoon[1]):
        raise ValidationError(_("Giờ làm việc phải tăng dần: sáng bắt đầu < sáng kết thúc ≤ chiều bắt đầu < chiều kết thúc."))
    row, _created = OfficeHours.objects.update_or_create(
        agency=agency,
        effective_from=effective_from,
        defaults={
            "morning_start": morning[0],
            "morning_end": morning[1],
            "afternoon_start": afternoon[0],
            "afternoon_end": afternoon[1],
            "updated_by": _user(actor),
            "updated_at": timezone.now(),
        },
    )
    bump_revision()
    record_event(actor=actor, category=AuditCategory.CALENDAR, action="calendar.office_hours_set", obj=row, agency=agency, summary=str(row))
    return row


@transaction.atomic
def load_official_calendar(path: Path = OFFICIAL_YAML) -> dict[str, int]:
    """Load the shipped official schedule. Idempotent; never overwrites an administrator's edit."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    created = 0
    for year, entries in (data.get("years") or {}).items():
        all_confirmed = True
        for entry in entries:
            day = entry["date"] if isinstance(entry["date"], dt.date) else dt.date.fromisoformat(str(entry["date"]))
            confirmed = bool(entry.get("confirmed", False))
            all_confirmed &= confirmed
            _validate_day(day, entry["kind"], entry["reason"])
            _row, was_created = CalendarDay.objects.get_or_create(
                date=day,
                agency=None,
                defaults={"kind": entry["kind"], "reason": entry["reason"], "confirmed": confirmed, "source": DaySource.OFFICIAL},
            )
            created += was_created
        CalendarYear.objects.get_or_create(
            year=int(year), defaults={"confirmed": all_confirmed, "note": _("Lịch chính thức kèm theo phần mềm")}
        )
    if not OfficeHours.objects.filter(agency__isnull=True).exists():
        OfficeHours.objects.create(agency=None, effective_from=dt.date(2000, 1, 1))
    bump_revision()
    return {"created": created}


@transaction.atomic
def seed_year(year: int) -> int:
    """Seed a year that has no data from the `holidays` package (Vietnamese lunar calendar),
    marked unconfirmed for an administrator to check. Returns the number of days created."""
    if CalendarYear.objects.filter(year=year).exists():
        return 0
    created = 0
    for day, name in sorted(holidays.country_holidays("VN", years=year, language="vi").items()):
        if day.weekday() < 5 and not CalendarDay.objects.filter(date=day, agency=None).exists():
            CalendarDay.objects.create(date=day, kind=DayKind.DAY_OFF, reason=name, confirmed=False, source=DaySource.SEEDED)
            created += 1
    CalendarYear.objects.create(year=year, confirmed=False, note=_("Tự sinh từ thư viện holidays; cần quản trị viên xác nhận"))
    bump_revision()
    return created


# --------------------------------------------------------------------------- recomputation
def preview_recompute(start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Open subjects whose due time differs under the current calendar. Changes nothing."""
    changes = []
    for provider in hooks.PROVIDERS.values():
        for subject in provider.open_subjects(start, end):
            engine = engine_for(_agency(subject.agency_id))
            new_due = engine.compute_due(subject.received_at, subject.duration, subject.pauses, explain=False).due_at
            if new_due != subject.due_at:
                changes.append(
                    {"provider": provider.name, "key": subject.key, "label": subject.label, "old_due": subject.due_at, "new_due": new_due}
                )
    return changes


def recompute(start: dt.date, end: dt.date, keys: set[str] | None = None, *, actor: Any = None) -> int:
    """Apply the recomputed due times (only ``keys`` if given); one audit event each."""
    applied = 0
    for change in preview_recompute(start, end):
        if keys is not None and change["key"] not in keys:
            continue
        with transaction.atomic():
            hooks.PROVIDERS[change["provider"]].apply(change["key"], change["new_due"], actor=actor)
            record_event(
                actor=actor,
                category=AuditCategory.CALENDAR,
                action="deadline.recomputed",
                summary=f"{change['label']}: {change['old_due']:%H:%M %d/%m/%Y} → {change['new_due']:%H:%M %d/%m/%Y}",
                data={"key": change["key"], "old_due": change["old_due"].isoformat(), "new_due": change["new_due"].isoformat()},
            )
        applied += 1
    return applied


def _agency(agency_id):
    if agency_id is None:
        return None

    return Agency.objects.filter(pk=agency_id).first()


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None
