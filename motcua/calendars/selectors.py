"""Reads of the calendar domain, above all the deadline engine for an agency, built from data
and cached per process until the calendar revision moves."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q

from motcua.core import revisions
from motcua.organisations.models import Agency

from .choices import DayKind
from .engine import DayException, DeadlineEngine, OfficeHours, Schedule, WorkCalendar
from .models import CalendarDay, CalendarYear
from .models import OfficeHours as OfficeHoursRow

CALENDAR = "calendars.calendar"  # the revision (core.revisions) every calendar change bumps


def _chain(agency: Agency | None) -> tuple[int, ...]:
    """Primary keys from the root down to the agency (from its materialised path)."""
    if agency is None:
        return ()
    return tuple(int(p) for p in agency.path.strip("/").split("/") if p)


def day_rows(chain: tuple[int, ...]):
    return CalendarDay.objects.filter(Q(agency__isnull=True) | Q(agency_id__in=chain))


def build_engine(agency: Agency | None = None) -> DeadlineEngine:
    chain = _chain(agency)
    depth = {pk: i for i, pk in enumerate(chain)}
    chosen: dict[dt.date, tuple[int, DayException]] = {}
    for row in day_rows(chain).only("date", "kind", "reason", "confirmed", "agency_id"):
        rank = -1 if row.agency_id is None else depth[row.agency_id]
        if row.date not in chosen or chosen[row.date][0] < rank:
            chosen[row.date] = (rank, DayException(row.kind == DayKind.WORKING_DAY, row.reason, row.confirmed))
    calendar = WorkCalendar({d: exc for d, (_, exc) in chosen.items()})

    hours_rows = list(OfficeHoursRow.objects.filter(Q(agency__isnull=True) | Q(agency_id__in=chain)))
    best_rank = max((depth[r.agency_id] if r.agency_id else -1 for r in hours_rows), default=None)
    entries = [
        (r.effective_from, Schedule.from_times((r.morning_start, r.morning_end), (r.afternoon_start, r.afternoon_end)))
        for r in hours_rows
        if (depth[r.agency_id] if r.agency_id else -1) == best_rank
    ]
    cutoff = dt.time.fromisoformat(settings.SAME_DAY_CUTOFF)
    return DeadlineEngine(calendar, OfficeHours(entries or None), default_cutoff=cutoff)


def engine_for(agency: Agency | None = None) -> DeadlineEngine:
    """The agency's deadline engine (its calendar and office hours over the province's), kept in
    the process until the calendar next changes; engines are immutable, so shared."""
    return revisions.cached(CALENDAR, ("engine", _chain(agency)), lambda: build_engine(agency), shared=True)


@dataclass(frozen=True)
class DayView:
    date: dt.date
    working: bool
    reason: str
    exception: bool
    confirmed: bool


def days_between(start: dt.date, end: dt.date, agency: Agency | None = None) -> list[DayView]:
    engine = engine_for(agency)
    cal = engine.calendar
    out = []
    day = start
    while day <= end:
        exc = cal.exceptions.get(day)
        out.append(DayView(day, cal.is_working(day), cal.reason(day), exc is not None, exc.confirmed if exc else True))
        day += dt.timedelta(days=1)
    return out


def year_status(year: int) -> CalendarYear | None:
    return CalendarYear.objects.filter(year=year).first()


def exceptions_of_year(year: int):
    return CalendarDay.objects.filter(date__year=year).select_related("agency", "updated_by").order_by("date", "agency_id")
