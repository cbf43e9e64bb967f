"""Table-driven tests of the deadline engine against the official 2024-2026 calendar."""

import datetime as dt

import pytest

from conftest import at, official_entries
from motcua.calendars.engine import (
    Classification,
    DayException,
    DeadlineEngine,
    Duration,
    EngineError,
    OfficeHours,
    Pause,
    Schedule,
    Unit,
    WorkCalendar,
    add_months,
)

WD = Unit.WORKING_DAYS


def due(engine, received, value, unit=WD, pauses=(), cutoff=None):
    return engine.compute_due(at(received), Duration(value, unit, cutoff), [Pause(at(a), at(b)) for a, b in pauses]).due_at


@pytest.mark.parametrize("entry", official_entries(), ids=lambda e: f"{e['date']}-{e['kind']}")
def test_every_official_entry_is_applied(engine, entry):
    day = entry["date"]
    assert engine.calendar.is_working(day) is (entry["kind"] == "working_day")
    assert entry["reason"] in engine.calendar.reason(day)
    if not entry["confirmed"]:
        assert "chưa xác nhận" in engine.calendar.reason(day)


@pytest.mark.parametrize("entry", [e for e in official_entries() if e["kind"] == "day_off"], ids=lambda e: str(e["date"]))
def test_one_working_day_received_the_day_before_a_day_off_skips_it(engine, entry):
    """Received at 10:00 on the last working day before the day off: 1 working day lands on the
    first working day after the day off, never on it."""
    day_off = entry["date"]
    before = day_off - dt.timedelta(days=1)
    while not engine.calendar.is_working(before):
        before -= dt.timedelta(days=1)
    result = engine.compute_due(at(f"{before} 10:00"), Duration(1, WD))
    expected = engine.calendar.next_working_on_or_after(before + dt.timedelta(days=1))
    assert result.due_at.date() == expected
    assert result.due_at.date() > day_off or result.due_at.date() < day_off
    assert any(s.date == day_off and not s.counted and entry["reason"] in s.reason for s in result.explanation)


@pytest.mark.parametrize(
    ("received", "value", "expected"),
    [
        # Tết 2026: 3 working days over the holiday
        ("2026-02-13 10:00", 3, "2026-02-25 17:00"),
        ("2026-02-12 16:59", 1, "2026-02-13 17:00"),
        ("2026-02-12 16:59", 2, "2026-02-23 17:00"),
        # Tết 2025 (27/01-31/01)
        ("2025-01-24 09:00", 1, "2025-02-03 17:00"),
        ("2025-01-24 09:00", 5, "2025-02-07 17:00"),
        # Tết 2024 (08/02-14/02)
        ("2024-02-07 08:00", 1, "2024-02-15 17:00"),
        # swapped Saturday 2026-01-10 counts; 01/01 and 02/01 do not
        ("2025-12-31 10:00", 1, "2026-01-05 17:00"),
        ("2026-01-09 10:00", 1, "2026-01-10 17:00"),
        ("2026-01-09 10:00", 2, "2026-01-12 17:00"),
        # swapped Saturday 2024-05-04, day off 29/04, 30/04, 01/05
        ("2024-04-26 10:00", 1, "2024-05-02 17:00"),
        ("2024-05-03 10:00", 1, "2024-05-04 17:00"),
        # swapped Saturday 2025-04-26; 30/04, 01/05, 02/05 off
        ("2025-04-25 10:00", 1, "2025-04-26 17:00"),
        ("2025-04-29 10:00", 1, "2025-05-05 17:00"),
        # National Day 2026 with swapped Saturday 22/08 and day off 31/08
        ("2026-08-21 10:00", 1, "2026-08-22 17:00"),
        ("2026-08-28 10:00", 1, "2026-09-03 17:00"),
        # year boundary
        ("2024-12-31 10:00", 1, "2025-01-02 17:00"),
        ("2025-12-30 14:00", 2, "2026-01-05 17:00"),
        # long durations across Tết and 30/4
        ("2026-02-02 08:00", 15, "2026-03-02 17:00"),
        ("2026-04-20 10:00", 10, "2026-05-07 17:00"),
    ],
)
def test_working_days(engine, received, value, expected):
    assert due(engine, received, value) == at(expected)


@pytest.mark.parametrize(
    ("received", "value", "effective", "expected"),
    [
        # after office hours: counts from the next working morning, then the next day
        ("2026-03-02 17:30", 1, "2026-03-03 07:30", "2026-03-04 17:00"),
        ("2026-03-02 17:00", 1, "2026-03-03 07:30", "2026-03-04 17:00"),
        # before opening: the same day
        ("2026-03-03 06:00", 1, "2026-03-03 07:30", "2026-03-04 17:00"),
        # at lunch: the afternoon
        ("2026-03-03 12:00", 1, "2026-03-03 13:30", "2026-03-04 17:00"),
        # on a Sunday (online submission): Monday morning
        ("2026-03-08 21:00", 1, "2026-03-09 07:30", "2026-03-10 17:00"),
        # on a holiday: the first working day after Tết
        ("2026-02-17 09:00", 1, "2026-02-23 07:30", "2026-02-24 17:00"),
        # Friday night before a swapped Saturday: the Saturday counts as reception day
        ("2026-01-09 20:00", 1, "2026-01-10 07:30", "2026-01-12 17:00"),
    ],
)
def test_reception_outside_office_hours(engine, received, value, effective, expected):
    result = engine.compute_due(at(received), Duration(value, WD))
    assert result.effective_start == at(effective)
    assert result.due_at == at(expected)


@pytest.mark.parametrize(
    ("received", "value", "expected"),
    [
        ("2026-03-02 10:00", 0.5, "2026-03-03 11:30"),
        ("2026-03-02 10:00", 1.5, "2026-03-04 11:30"),
        ("2026-02-13 10:00", 2.5, "2026-02-25 11:30"),
        ("2026-03-06 10:00", 0.5, "2026-03-09 11:30"),
    ],
)
def test_half_days_end_at_the_close_of_the_morning(engine, received, value, expected):
    assert due(engine, received, value) == at(expected)


@pytest.mark.parametrize(
    ("received", "cutoff", "expected"),
    [
        ("2026-03-02 10:00", "15:00", "2026-03-02 17:00"),
        ("2026-03-02 15:00", "15:00", "2026-03-02 17:00"),
        ("2026-03-02 15:01", "15:00", "2026-03-03 17:00"),
        ("2026-03-02 16:00", "16:30", "2026-03-02 17:00"),
        ("2026-03-06 15:30", "15:00", "2026-03-09 17:00"),
        ("2026-02-13 15:30", "15:00", "2026-02-23 17:00"),
        ("2026-03-07 09:00", "15:00", "2026-03-09 17:00"),
        ("2026-03-02 18:00", "15:00", "2026-03-03 17:00"),
        ("2026-01-09 15:30", "15:00", "2026-01-10 17:00"),
    ],
)
def test_same_day_cutoff(engine, received, cutoff, expected):
    assert due(engine, received, 1, Unit.SAME_DAY, cutoff=dt.time.fromisoformat(cutoff)) == at(expected)


def test_same_day_default_cutoff_is_15(engine):
    assert due(engine, "2026-03-02 15:00", 1, Unit.SAME_DAY) == at("2026-03-02 17:00")
    assert due(engine, "2026-03-02 15:10", 1, Unit.SAME_DAY) == at("2026-03-03 17:00")


@pytest.mark.parametrize(
    ("received", "hours", "expected"),
    [
        ("2026-03-02 08:00", 2, "2026-03-02 10:00"),
        ("2026-03-02 10:30", 2, "2026-03-02 14:30"),
        ("2026-03-02 16:00", 4, "2026-03-03 10:30"),
        ("2026-03-02 07:30", 4, "2026-03-02 11:30"),
        ("2026-03-02 07:30", 7.5, "2026-03-02 17:00"),
        ("2026-03-02 07:30", 8, "2026-03-03 08:00"),
        ("2026-02-13 16:00", 2, "2026-02-23 08:30"),
        ("2026-03-02 12:00", 0.5, "2026-03-02 14:00"),
        ("2026-03-02 07:30", 75, "2026-03-13 17:00"),
    ],
)
def test_working_hours(engine, received, hours, expected):
    assert due(engine, received, hours, Unit.WORKING_HOURS) == at(expected)


@pytest.mark.parametrize(
    ("received", "value", "unit", "expected"),
    [
        ("2026-03-02 10:00", 10, Unit.CALENDAR_DAYS, "2026-03-12 17:00"),
        # last day a Saturday: close of the next working day (Monday)
        ("2026-03-02 10:00", 5, Unit.CALENDAR_DAYS, "2026-03-09 17:00"),
        # last day inside Tết: the first working day after it
        ("2026-02-10 10:00", 7, Unit.CALENDAR_DAYS, "2026-02-23 17:00"),
        # 15/02/2026 is a Sunday before Tết: the close of the first working day after Tết
        ("2026-01-15 10:00", 1, Unit.MONTHS, "2026-02-23 17:00"),
        # 30/04 and 01/05 off, 02-03/05 weekend
        ("2026-03-31 10:00", 1, Unit.MONTHS, "2026-05-04 17:00"),
        ("2026-01-31 10:00", 1, Unit.MONTHS, "2026-03-02 17:00"),
        ("2024-01-31 10:00", 1, Unit.MONTHS, "2024-02-29 17:00"),
        # 29/08/2026 is a Saturday; 31/08, 01/09, 02/09 are off
        ("2026-05-29 10:00", 3, Unit.MONTHS, "2026-09-03 17:00"),
        ("2025-11-28 10:00", 2, Unit.MONTHS, "2026-01-28 17:00"),
        # received on a Sunday: counts from Monday 01/12; 01/02/2026 is a Sunday
        ("2025-11-30 10:00", 2, Unit.MONTHS, "2026-02-02 17:00"),
        ("2026-06-15 10:00", 1, Unit.MONTHS, "2026-07-15 17:00"),
    ],
)
def test_calendar_days_and_months(engine, received, value, unit, expected):
    assert due(engine, received, value, unit) == at(expected)


def test_add_months_clamps_to_month_end():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2026, 12, 15), 1) == dt.date(2027, 1, 15)


def test_pause_moves_due_by_paused_working_time(engine):
    # 5 working days from Mon 02/03: due Mon 09/03 17:00. Paused Tue 03/03 07:30 -> Thu 05/03 07:30 = 2 working days.
    assert due(engine, "2026-03-02 10:00", 5, pauses=[("2026-03-03 07:30", "2026-03-05 07:30")]) == at("2026-03-11 17:00")


def test_pause_over_a_weekend_counts_only_office_time(engine):
    # Fri 17:00 -> Mon 07:30 is no office time at all
    assert due(engine, "2026-03-02 10:00", 5, pauses=[("2026-03-06 17:00", "2026-03-09 07:30")]) == at("2026-03-09 17:00")


def test_partial_day_pause(engine):
    # 2 working hours paused: the due moves from 17:00 to 09:30 the next working day
    assert due(engine, "2026-03-02 10:00", 1, pauses=[("2026-03-03 08:00", "2026-03-03 10:00")]) == at("2026-03-04 09:30")


def test_pause_across_tet_counts_no_holiday(engine):
    # paused Thu 12/02 07:30 -> Tue 24/02 07:30 (office time on 12, 13, 23 = 3 days): no day was used
    # before the pause, so the two days are Tue 24 and Wed 25
    result = engine.compute_due(at("2026-02-11 10:00"), Duration(2, WD), [Pause(at("2026-02-12 07:30"), at("2026-02-24 07:30"))])
    assert result.due_at == at("2026-02-25 17:00")
    assert result.paused_minutes == 3 * 450
    assert any(s.kind == "pause" for s in result.explanation)


def test_overlapping_pauses_are_not_counted_twice(engine):
    one = due(engine, "2026-03-02 10:00", 5, pauses=[("2026-03-03 07:30", "2026-03-05 07:30")])
    two = due(engine, "2026-03-02 10:00", 5, pauses=[("2026-03-03 07:30", "2026-03-04 17:00"), ("2026-03-04 08:00", "2026-03-05 07:30")])
    assert one == two


def test_pause_after_due_or_before_reception_changes_nothing(engine):
    base = due(engine, "2026-03-02 10:00", 1)
    assert due(engine, "2026-03-02 10:00", 1, pauses=[("2026-03-04 08:00", "2026-03-04 10:00")]) == base
    assert due(engine, "2026-03-02 10:00", 1, pauses=[("2026-02-25 08:00", "2026-02-26 10:00")]) == base


def test_explanation_lists_every_day_with_its_reason(engine):
    result = engine.compute_due(at("2026-04-24 10:00"), Duration(4, WD))
    # 24/04 Fri reception; 25, 26 weekend; 27 Hùng Kings compensation; 28, 29 work; 30/04, 01/05 off; 02, 03 weekend; 04/05 work
    days = [(s.date.isoformat(), s.counted) for s in result.explanation if s.kind == "day"]
    assert days == [
        ("2026-04-25", False),
        ("2026-04-26", False),
        ("2026-04-27", False),
        ("2026-04-28", True),
        ("2026-04-29", True),
        ("2026-04-30", False),
        ("2026-05-01", False),
        ("2026-05-02", False),
        ("2026-05-03", False),
        ("2026-05-04", True),
        ("2026-05-05", True),
    ]
    reasons = {s.date.isoformat(): s.reason for s in result.explanation if s.kind == "day"}
    assert "Giỗ Tổ" in reasons["2026-04-27"]
    assert reasons["2026-05-02"] == "Thứ Bảy"
    assert result.explanation[-1].kind == "end" and result.explanation[-1].at == at("2026-05-05 17:00")


def test_swapped_saturday_is_explained_as_counted(engine):
    result = engine.compute_due(at("2026-01-09 10:00"), Duration(1, WD))
    step = next(s for s in result.explanation if s.date == dt.date(2026, 1, 10) and s.kind == "day")
    assert step.counted and "Làm bù" in step.reason


def test_classification_of_finished_dossiers(engine):
    due_at = at("2026-03-04 17:00")
    assert engine.classify_finish(at("2026-03-03 16:00"), due_at) is Classification.EARLY
    assert engine.classify_finish(at("2026-03-04 08:00"), due_at) is Classification.ON_TIME
    assert engine.classify_finish(at("2026-03-04 17:00"), due_at) is Classification.ON_TIME
    assert engine.classify_finish(at("2026-03-04 17:01"), due_at) is Classification.LATE
    assert engine.classify_finish(at("2026-03-05 08:00"), due_at) is Classification.LATE


def test_classification_of_open_dossiers(engine):
    due_at = at("2026-03-04 17:00")
    assert engine.classify_open(at("2026-03-02 10:00"), due_at, 480) is Classification.NOT_DUE
    assert engine.classify_open(at("2026-03-04 10:00"), due_at, 480) is Classification.NEARLY_DUE
    assert engine.classify_open(at("2026-03-04 17:00"), due_at, 480) is Classification.NEARLY_DUE
    assert engine.classify_open(at("2026-03-04 17:01"), due_at, 480) is Classification.OVERDUE
    # Friday afternoon before Tết: 1 working hour left though 10 calendar days remain
    assert engine.classify_open(at("2026-02-13 16:00"), at("2026-02-23 08:30"), 480) is Classification.NEARLY_DUE


def test_remaining_working_time(engine):
    assert engine.remaining_minutes(at("2026-03-04 16:00"), at("2026-03-04 17:00")) == 60
    assert engine.remaining_minutes(at("2026-02-13 16:00"), at("2026-02-23 08:30")) == 120
    assert engine.remaining_minutes(at("2026-03-05 08:30"), at("2026-03-04 17:00")) == -60


def test_office_hours_change_with_effective_date():
    summer = Schedule.from_times((dt.time(7, 0), dt.time(11, 0)), (dt.time(13, 0), dt.time(16, 30)))
    hours = OfficeHours([(dt.date(2000, 1, 1), Schedule(((450, 690), (810, 1020)))), (dt.date(2026, 5, 1), summer)])
    engine = DeadlineEngine(WorkCalendar(), hours)
    assert engine.compute_due(at("2026-04-27 10:00"), Duration(1, WD)).due_at == at("2026-04-28 17:00")
    assert engine.compute_due(at("2026-05-04 10:00"), Duration(1, WD)).due_at == at("2026-05-05 16:30")
    assert engine.effective_reception(at("2026-05-04 06:50")) == at("2026-05-04 07:00")


def test_cost_does_not_depend_on_calendar_years():
    short = WorkCalendar({}, start=dt.date(2025, 1, 1), end=dt.date(2027, 12, 31))
    long = WorkCalendar({}, start=dt.date(1990, 1, 1), end=dt.date(2100, 12, 31))
    for cal in (short, long):
        assert cal.add_working_days(dt.date(2026, 3, 2), 10) == dt.date(2026, 3, 16)


@pytest.mark.parametrize(
    ("value", "unit", "cutoff"),
    [
        (0, WD, None),
        (-1, WD, None),
        (1.25, WD, None),
        (1.5, Unit.CALENDAR_DAYS, None),
        (2, Unit.SAME_DAY, None),
        (1, WD, dt.time(15)),
        (1, "weeks", None),
    ],
)
def test_invalid_durations_are_refused(value, unit, cutoff):
    with pytest.raises(EngineError):
        Duration(value, unit, cutoff)


def test_naive_times_and_reversed_pauses_are_refused(engine):
    with pytest.raises(EngineError):
        engine.compute_due(dt.datetime(2026, 3, 2, 10), Duration(1, WD))
    with pytest.raises(EngineError):
        Pause(at("2026-03-03 10:00"), at("2026-03-03 09:00"))


def test_dates_outside_the_calendar_are_refused():
    cal = WorkCalendar({}, start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31))
    with pytest.raises(EngineError):
        DeadlineEngine(cal).compute_due(at("2026-01-29 10:00"), Duration(10, WD))


def test_day_exception_reason_marks_unconfirmed():
    cal = WorkCalendar({dt.date(2030, 2, 4): DayException(False, "Tết", confirmed=False)})
    assert not cal.is_working(dt.date(2030, 2, 4))
    assert cal.reason(dt.date(2030, 2, 4)) == "Tết (chưa xác nhận)"
