"""Properties of the deadline engine that must hold for any reception, duration and pause."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import official_calendar
from motcua.calendars.engine import TZ, DeadlineEngine, Duration, Pause, Unit

ENGINE = DeadlineEngine(official_calendar())
START = dt.datetime(2024, 1, 1, tzinfo=TZ)

moments = st.integers(min_value=0, max_value=3 * 365 * 24 * 60 - 1).map(lambda m: START + dt.timedelta(minutes=m))
durations = st.one_of(
    st.integers(1, 60).map(lambda n: Duration(n, Unit.WORKING_DAYS)),
    st.integers(1, 120).map(lambda n: Duration(n / 2, Unit.WORKING_DAYS)),
    st.integers(1, 200).map(lambda n: Duration(n / 2, Unit.WORKING_HOURS)),
    st.integers(1, 90).map(lambda n: Duration(n, Unit.CALENDAR_DAYS)),
    st.integers(1, 12).map(lambda n: Duration(n, Unit.MONTHS)),
    st.sampled_from(["09:00", "15:00", "16:30"]).map(lambda c: Duration(1, Unit.SAME_DAY, dt.time.fromisoformat(c))),
)


def inside_office_hours(moment: dt.datetime) -> bool:
    local = moment.astimezone(TZ)
    if not ENGINE.calendar.is_working(local.date()):
        return False
    minute = local.hour * 60 + local.minute + local.second / 60
    return any(start <= minute <= end for start, end in ENGINE.hours.on(local.date()).periods)


@settings(max_examples=300, deadline=None)
@given(moments, st.integers(0, 20 * 24 * 60), durations)
def test_a_later_reception_never_gives_an_earlier_due_time(received, later_by, duration):
    first = ENGINE.compute_due(received, duration, explain=False).due_at
    second = ENGINE.compute_due(received + dt.timedelta(minutes=later_by), duration, explain=False).due_at
    assert second >= first


@settings(max_examples=300, deadline=None)
@given(moments, durations, st.lists(st.tuples(st.integers(0, 60 * 24 * 60), st.integers(0, 20 * 24 * 60)), max_size=3))
def test_due_time_is_inside_office_hours_of_a_working_day(received, duration, raw_pauses):
    pauses = [Pause(received + dt.timedelta(minutes=a), received + dt.timedelta(minutes=a + b)) for a, b in raw_pauses]
    result = ENGINE.compute_due(received, duration, pauses, explain=False)
    assert inside_office_hours(result.due_at)
    assert result.due_at > result.effective_start or duration.unit is Unit.SAME_DAY
    assert inside_office_hours(result.effective_start)


@settings(max_examples=300, deadline=None)
@given(moments, durations, st.integers(0, 30 * 24 * 60), st.integers(0, 20 * 24 * 60))
def test_a_pause_never_shortens(received, duration, offset, length):
    pause = Pause(received + dt.timedelta(minutes=offset), received + dt.timedelta(minutes=offset + length))
    without = ENGINE.compute_due(received, duration, explain=False).due_at
    with_pause = ENGINE.compute_due(received, duration, [pause], explain=False)
    assert with_pause.due_at >= without
    assert (with_pause.due_at > without) == (with_pause.paused_minutes > 0)


@settings(max_examples=300, deadline=None)
@given(moments, st.integers(1, 60))
def test_n_working_days_skip_exactly_the_non_working_days(received, n):
    result = ENGINE.compute_due(received, Duration(n, Unit.WORKING_DAYS))
    first_day = result.effective_start.date() + dt.timedelta(days=1)
    last_day = result.due_at.date()
    cal = ENGINE.calendar
    # exactly n working days in the window, the last one is the due day, and every other day is skipped
    assert cal.working_days_between(first_day, last_day) == n
    assert cal.is_working(last_day)
    assert result.due_at == ENGINE.close_of(last_day)
    days = [s for s in result.explanation if s.kind == "day"]
    assert [s.date for s in days] == [first_day + dt.timedelta(days=i) for i in range((last_day - first_day).days + 1)]
    assert sum(s.counted for s in days) == n
    assert all(s.counted == cal.is_working(s.date) for s in days)


@settings(max_examples=200, deadline=None)
@given(moments, st.integers(1, 40 * 450))
def test_working_hours_consume_exactly_the_office_time(received, minutes):
    result = ENGINE.compute_due(received, Duration(minutes / 60, Unit.WORKING_HOURS), explain=False)
    assert round(ENGINE.office_minutes_between(result.effective_start, result.due_at)) == minutes
