"""The deadline engine: working calendar arithmetic for due times (docs/rules.md section 5).

A pure module: no HTTP, no ORM. Callers build a ``WorkCalendar`` (days off and swapped
working Saturdays) and ``OfficeHours`` from data, then call ``compute_due``.

Rules implemented:
- A working day is Monday-Friday, minus days off, plus swapped working days (Saturdays).
- Reception outside office hours or on a non-working day counts as received at the start of
  the next working period (the *effective* reception).
- Working days: the period starts on the next working day after the (effective) reception day
  (Civil Code art. 147) and ends at the close of office hours of its last working day. A half
  day ends at the close of the morning period of the day.
- Working hours: counted from the effective reception, office time only.
- Calendar days and months: start the day after reception; a month ends on the same day number
  of the last month (or its last day); a period whose last day is not a working day ends at the
  close of the next working day (Civil Code art. 148).
- Same day: due at the close of the reception day if received at or before the cut-off,
  otherwise at the close of the next working day.
- Pauses (supplement requests during processing) move the due time by the paused office time.

Cost: O(1) per day-step lookup through precomputed arrays; nothing grows with the number of
years in the calendar.
"""

from __future__ import annotations

import bisect
import calendar as _calendar
import datetime as dt
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
WEEKDAY_NAMES_VI = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
DEFAULT_RANGE = (dt.date(1990, 1, 1), dt.date(2100, 12, 31))


class EngineError(ValueError):
    """Input the engine cannot compute with; the message is shown to the user (Vietnamese)."""

    def __init__(self, message_vi: str, message_en: str):
        super().__init__(message_vi)
        self.message_vi = message_vi
        self.message_en = message_en


class Unit(StrEnum):
    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    CALENDAR_DAYS = "calendar_days"
    MONTHS = "months"
    SAME_DAY = "same_day"


class Classification(StrEnum):
    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"
    NOT_DUE = "not_due"
    NEARLY_DUE = "nearly_due"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class DayException:
    working: bool
    reason: str
    confirmed: bool = True


@dataclass(frozen=True)
class Duration:
    value: float
    unit: Unit
    same_day_cutoff: dt.time | None = None

    def __post_init__(self) -> None:
        unit = self.unit
        if not isinstance(unit, Unit):
            try:
                object.__setattr__(self, "unit", Unit(unit))
            except ValueError:
                raise EngineError(
                    f"Đơn vị thời hạn không hợp lệ: {unit!r}.",
                    f"Unknown duration unit {unit!r}: use one of {', '.join(u.value for u in Unit)}.",
                ) from None
        unit = self.unit
        value = self.value
        if unit is Unit.SAME_DAY:
            if value not in (0, 1):
                raise EngineError("Thủ tục trong ngày chỉ nhận giá trị 0 hoặc 1.", "A same-day duration takes the value 0 or 1.")
        elif not (value > 0) or value > 10_000:
            raise EngineError("Thời hạn phải lớn hơn 0.", "The duration must be greater than 0.")
        if unit is Unit.WORKING_DAYS and abs(value * 2 - round(value * 2)) > 1e-9:
            raise EngineError("Số ngày làm việc chỉ được lẻ đến nửa ngày (0,5).", "Working days may only have halves (0.5).")
        if unit in (Unit.CALENDAR_DAYS, Unit.MONTHS) and abs(value - round(value)) > 1e-9:
            raise EngineError("Số ngày/tháng theo lịch phải là số nguyên.", "Calendar days and months must be whole numbers.")
        if unit is Unit.WORKING_HOURS and abs(value * 60 - round(value * 60)) > 1e-6:
            raise EngineError("Số giờ làm việc phải tròn đến phút.", "Working hours must be whole minutes.")
        if self.same_day_cutoff is not None and unit is not Unit.SAME_DAY:
            raise EngineError("Giờ chốt trong ngày chỉ dùng với đơn vị 'same_day'.", "same_day_cutoff is only allowed with unit 'same_day'.")


@dataclass(frozen=True)
class Pause:
    start: dt.datetime
    end: dt.datetime
    reason: str = "Tạm dừng (chờ bổ sung hồ sơ)"

    def __post_init__(self) -> None:
        _require_aware(self.start, "pause start")
        _require_aware(self.end, "pause end")
        if self.end < self.start:
            raise EngineError("Thời điểm kết thúc tạm dừng trước thời điểm bắt đầu.", "A pause ends before it starts.")


@dataclass(frozen=True)
class Step:
    """One line of an explanation."""

    date: dt.date
    counted: bool
    reason: str
    kind: str = "day"  # start | day | pause | end
    at: dt.datetime | None = None
    minutes: int | None = None


@dataclass(frozen=True)
class DueResult:
    received_at: dt.datetime
    effective_start: dt.datetime
    due_at: dt.datetime
    paused_minutes: int = 0
    explanation: tuple[Step, ...] = field(default=())


def _require_aware(value: dt.datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise EngineError(f"Thời điểm {name} thiếu múi giờ.", f"The {name} time has no timezone.")


# --------------------------------------------------------------------------- calendar
class WorkCalendar:
    """Which days are working days, and why. Built once; lookups are O(1)."""

    def __init__(
        self,
        exceptions: Mapping[dt.date, DayException] | None = None,
        *,
        start: dt.date = DEFAULT_RANGE[0],
        end: dt.date = DEFAULT_RANGE[1],
    ) -> None:
        self.exceptions: dict[dt.date, DayException] = dict(exceptions or {})
        self.start, self.end = start, end
        self._base = start.toordinal()
        size = end.toordinal() - self._base + 1
        working = bytearray(size)
        weekday0 = start.weekday()
        for i in range(size):
            working[i] = 1 if (weekday0 + i) % 7 < 5 else 0
        for day, exc in self.exceptions.items():
            if start <= day <= end:
                working[day.toordinal() - self._base] = 1 if exc.working else 0
        self._working = working
        # _ordinals[k] = offset of the k-th working day; _next[i] = k of the first working day >= offset i
        ordinals = array("i")
        nxt = array("i", [0]) * (size + 1)
        for i in range(size):
            if working[i]:
                ordinals.append(i)
        k = len(ordinals)
        for i in range(size - 1, -1, -1):
            if working[i]:
                k -= 1
            nxt[i] = k
        nxt[size] = len(ordinals)
        self._ordinals = ordinals
        self._next = nxt

    def _offset(self, day: dt.date) -> int:
        off = day.toordinal() - self._base
        if off < 0 or off >= len(self._working):
            raise EngineError(
                f"Ngày {day:%d/%m/%Y} nằm ngoài phạm vi lịch làm việc.", f"{day.isoformat()} is outside the working calendar."
            )
        return off

    def is_working(self, day: dt.date) -> bool:
        return bool(self._working[self._offset(day)])

    def reason(self, day: dt.date) -> str:
        exc = self.exceptions.get(day)
        if exc is not None:
            return exc.reason + ("" if exc.confirmed else " (chưa xác nhận)")
        return WEEKDAY_NAMES_VI[day.weekday()] if day.weekday() >= 5 else "Ngày làm việc"

    def next_working_on_or_after(self, day: dt.date) -> dt.date:
        k = self._next[self._offset(day)]
        if k >= len(self._ordinals):
            raise EngineError("Hạn vượt quá phạm vi lịch làm việc.", "The due time falls beyond the working calendar.")
        return dt.date.fromordinal(self._base + self._ordinals[k])

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day strictly after ``day`` (n >= 1)."""
        k = self._next[self._offset(day) + 1] + n - 1
        if k >= len(self._ordinals):
            raise EngineError("Hạn vượt quá phạm vi lịch làm việc.", "The due time falls beyond the working calendar.")
        return dt.date.fromordinal(self._base + self._ordinals[k])

    def working_days_between(self, first: dt.date, last: dt.date) -> int:
        """Working days in [first, last]."""
        if last < first:
            return 0
        return self._next[self._offset(last) + 1] - self._next[self._offset(first)]


# --------------------------------------------------------------------------- office hours
@dataclass(frozen=True)
class Schedule:
    """Office periods of a working day, in minutes from midnight, e.g. ((450, 690), (810, 1020))."""

    periods: tuple[tuple[int, int], ...]

    def __post_init__(self) -> None:
        previous_end = -1
        if not self.periods:
            raise EngineError("Giờ làm việc phải có ít nhất một buổi.", "Office hours need at least one period.")
        for start, end in self.periods:
            if not (0 <= start < end <= 24 * 60) or start < previous_end:
                raise EngineError("Các buổi làm việc phải tăng dần và không chồng lấn.", "Office periods must be ordered and not overlap.")
            previous_end = end

    @classmethod
    def from_times(cls, *pairs: tuple[dt.time, dt.time]) -> Schedule:
        return cls(tuple((a.hour * 60 + a.minute, b.hour * 60 + b.minute) for a, b in pairs))

    @property
    def opening(self) -> int:
        return self.periods[0][0]

    @property
    def closing(self) -> int:
        return self.periods[-1][1]

    @property
    def minutes_per_day(self) -> int:
        return sum(end - start for start, end in self.periods)

    @property
    def half_day_end(self) -> int:
        """Close of the morning: the end of the first period, or the midpoint of a single one."""
        if len(self.periods) > 1:
            return self.periods[0][1]
        start, end = self.periods[0]
        return start + (end - start) // 2


DEFAULT_SCHEDULE = Schedule(((7 * 60 + 30, 11 * 60 + 30), (13 * 60 + 30, 17 * 60)))


class OfficeHours:
    """Schedules with effective dates (the latest one on or before a day applies)."""

    def __init__(self, entries: Iterable[tuple[dt.date, Schedule]] | None = None) -> None:
        items = sorted(entries or [(dt.date.min, DEFAULT_SCHEDULE)], key=lambda e: e[0])
        if items[0][0] != dt.date.min:
            items.insert(0, (dt.date.min, items[0][1]))
        self._dates = [d for d, _ in items]
        self._schedules = [s for _, s in items]
        self.uniform = len({s for s in self._schedules}) == 1

    def on(self, day: dt.date) -> Schedule:
        return self._schedules[bisect.bisect_right(self._dates, day) - 1]


def _at(day: dt.date, minute: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=TZ)


def _fmt_minutes(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return f"{h} giờ {m:02d} phút" if m else f"{h} giờ"


# --------------------------------------------------------------------------- engine
class DeadlineEngine:
    def __init__(self, calendar: WorkCalendar, hours: OfficeHours | None = None, *, default_cutoff: dt.time = dt.time(15, 0)) -> None:
        self.calendar = calendar
        self.hours = hours or OfficeHours()
        self.default_cutoff = default_cutoff

    # -- moments
    def close_of(self, day: dt.date) -> dt.datetime:
        return _at(day, self.hours.on(day).closing)

    def effective_reception(self, moment: dt.datetime) -> dt.datetime:
        """The moment a reception counts from: inside office hours as is, otherwise the start
        of the next working period."""
        _require_aware(moment, "received_at")
        local = moment.astimezone(TZ)
        day = local.date()
        minute = local.hour * 60 + local.minute
        if self.calendar.is_working(day):
            for start, end in self.hours.on(day).periods:
                if minute < start:
                    return _at(day, start)
                if minute < end:
                    return local
        nxt = self.calendar.next_working_on_or_after(day + dt.timedelta(days=1))
        return _at(nxt, self.hours.on(nxt).opening)

    def in_office_hours(self, moment: dt.datetime) -> bool:
        """Whether ``moment`` falls on a working day within one of its office periods (a
        period's end included: an appointment at the close of office hours is one)."""
        local = moment.astimezone(TZ)
        if not self.calendar.is_working(local.date()):
            return False
        minute = local.hour * 60 + local.minute + local.second / 60
        return any(start <= minute <= end for start, end in self.hours.on(local.date()).periods)

    def add_office_minutes(self, moment: dt.datetime, minutes: int) -> dt.datetime:
        """Move forward by ``minutes`` of office time. Lands on a period's end rather than the
        next period's start when the time runs out exactly there."""
        local = moment.astimezone(TZ)
        day = local.date()
        minute = local.hour * 60 + local.minute + local.second / 60
        remaining = float(minutes)
        if remaining <= 0:
            return local
        cal = self.calendar
        if not cal.is_working(day):
            day, minute = cal.next_working_on_or_after(day), 0
        while True:
            schedule = self.hours.on(day)
            for start, end in schedule.periods:
                if minute >= end:
                    continue
                begin = max(minute, start)
                available = end - begin
                if remaining <= available:
                    result = begin + remaining
                    whole = int(result)
                    seconds = round((result - whole) * 60)
                    return _at(day, whole) + dt.timedelta(seconds=seconds)
                remaining -= available
                minute = end
            # skip whole days fast when the schedule is uniform
            per_day = schedule.minutes_per_day
            if self.hours.uniform and remaining > per_day:
                whole_days = int(remaining // per_day)
                if remaining == whole_days * per_day:
                    whole_days -= 1
                if whole_days > 0:
                    day = cal.add_working_days(day, whole_days)
                    remaining -= whole_days * per_day
            day, minute = cal.add_working_days(day, 1), 0

    def office_minutes_between(self, start: dt.datetime, end: dt.datetime) -> float:
        """Office time in [start, end] (0 if end <= start)."""
        if end <= start:
            return 0.0
        a, b = start.astimezone(TZ), end.astimezone(TZ)
        first, last = a.date(), b.date()
        total = 0.0
        cal = self.calendar

        def portion(day: dt.date, lo: float, hi: float) -> float:
            if not cal.is_working(day):
                return 0.0
            return sum(max(0.0, min(hi, e) - max(lo, s)) for s, e in self.hours.on(day).periods)

        a_min = a.hour * 60 + a.minute + a.second / 60
        b_min = b.hour * 60 + b.minute + b.second / 60
        if first == last:
            return portion(first, a_min, b_min)
        total += portion(first, a_min, 24 * 60)
        total += portion(last, 0, b_min)
        inner_first, inner_last = first + dt.timedelta(days=1), last - dt.timedelta(days=1)
        if inner_last >= inner_first:
            if self.hours.uniform:
                total += cal.working_days_between(inner_first, inner_last) * self.hours.on(inner_first).minutes_per_day
            else:
                day = inner_first
                while day <= inner_last:
                    total += portion(day, 0, 24 * 60)
                    day += dt.timedelta(days=1)
        return total

    # -- due time
    def compute_due(
        self, received_at: dt.datetime, duration: Duration, pauses: Sequence[Pause] = (), *, explain: bool = True
    ) -> DueResult:
        eff = self.effective_reception(received_at)
        unit = duration.unit
        day0 = eff.date()
        cal = self.calendar
        if unit is Unit.WORKING_DAYS:
            halves = round(duration.value * 2)
            whole, half = divmod(halves, 2)
            if whole:
                last = cal.add_working_days(day0, whole)
                due = self.close_of(last)
                if half:
                    last = cal.add_working_days(last, 1)
                    due = _at(last, self.hours.on(last).half_day_end)
            else:
                last = cal.add_working_days(day0, 1)
                due = _at(last, self.hours.on(last).half_day_end)
        elif unit is Unit.WORKING_HOURS:
            due = self.add_office_minutes(eff, int(round(duration.value * 60)))
        elif unit is Unit.CALENDAR_DAYS:
            last = day0 + dt.timedelta(days=round(duration.value))
            due = self.close_of(cal.next_working_on_or_after(last))
        elif unit is Unit.MONTHS:
            last = add_months(day0, round(duration.value))
            due = self.close_of(cal.next_working_on_or_after(last))
        else:  # SAME_DAY
            cutoff = duration.same_day_cutoff or self.default_cutoff
            if (eff.hour, eff.minute, eff.second, eff.microsecond) <= (cutoff.hour, cutoff.minute, 0, 0):
                due = self.close_of(day0)
            else:
                due = self.close_of(cal.add_working_days(day0, 1))

        base_due = due
        paused = 0.0
        applied: list[tuple[Pause, float]] = []
        for pause in _merge_pauses(pauses):
            if pause.start >= due or pause.end <= eff:
                continue
            minutes = self.office_minutes_between(max(pause.start, eff), pause.end)
            if minutes > 0:
                due = self.add_office_minutes(due, minutes)  # type: ignore[arg-type]
                paused += minutes
            applied.append((pause, minutes))
        due_local = due.astimezone(TZ)
        steps = self._explain(received_at, eff, base_due, due_local, duration, applied) if explain else ()
        return DueResult(
            received_at=received_at, effective_start=eff, due_at=due_local, paused_minutes=int(round(paused)), explanation=steps
        )

    def _explain(self, received_at, eff, base_due, due, duration, applied) -> tuple[Step, ...]:
        cal = self.calendar
        steps: list[Step] = []
        received_local = received_at.astimezone(TZ)
        if eff != received_local:
            steps.append(
                Step(received_local.date(), False, "Tiếp nhận ngoài giờ hành chính hoặc ngày nghỉ: tính từ đầu buổi làm việc tiếp theo", "start", received_local)
            )
        steps.append(Step(eff.date(), False, "Thời điểm tiếp nhận được tính", "start", eff))
        unit = duration.unit
        counted_units = unit in (Unit.WORKING_DAYS, Unit.CALENDAR_DAYS, Unit.MONTHS)
        day = eff.date() + dt.timedelta(days=1) if counted_units else eff.date()
        end_day = base_due.date()
        n = 0
        while day <= end_day:
            working = cal.is_working(day)
            if unit is Unit.WORKING_DAYS:
                if working:
                    n += 1
                    half = day == end_day and base_due != self.close_of(day)
                    reason = f"Ngày làm việc thứ {n}" + (" (nửa ngày)" if half else "")
                    if day.weekday() >= 5:
                        reason += f" — {cal.reason(day)}"
                    steps.append(Step(day, True, reason))
                else:
                    steps.append(Step(day, False, cal.reason(day)))
            elif unit in (Unit.CALENDAR_DAYS, Unit.MONTHS):
                n += 1
                if working:
                    steps.append(Step(day, True, f"Ngày theo lịch thứ {n}"))
                else:
                    steps.append(Step(day, True, f"Ngày theo lịch thứ {n} (ngày nghỉ: {cal.reason(day)})"))
            else:  # working hours / same day: office minutes consumed per day
                if working:
                    lo = eff if day == eff.date() else _at(day, 0)
                    hi = base_due if day == end_day else _at(day, 24 * 60 - 1)
                    minutes = int(round(self.office_minutes_between(lo, hi)))
                    steps.append(Step(day, minutes > 0, f"Tính {_fmt_minutes(minutes)} làm việc", minutes=minutes))
                else:
                    steps.append(Step(day, False, cal.reason(day)))
            day += dt.timedelta(days=1)
        for pause, minutes in applied:
            steps.append(
                Step(
                    pause.start.astimezone(TZ).date(), False,
                    f"{pause.reason}: {pause.start.astimezone(TZ):%H:%M %d/%m/%Y} – {pause.end.astimezone(TZ):%H:%M %d/%m/%Y}, "
                    f"lùi hạn {_fmt_minutes(int(round(minutes)))} làm việc",
                    "pause", pause.start.astimezone(TZ), int(round(minutes)),
                )
            )
        if due != base_due:
            day = base_due.date() + dt.timedelta(days=1)
            while day <= due.date():
                steps.append(Step(day, cal.is_working(day), "Ngày làm việc bù thời gian tạm dừng" if cal.is_working(day) else cal.reason(day)))
                day += dt.timedelta(days=1)
        steps.append(Step(due.date(), True, f"Hạn trả kết quả: {due:%H:%M} {WEEKDAY_NAMES_VI[due.weekday()]} {due:%d/%m/%Y}", "end", due))
        return tuple(steps)

    # -- classification
    def classify_finish(self, finished_at: dt.datetime, due_at: dt.datetime) -> Classification:
        f, d = finished_at.astimezone(TZ), due_at.astimezone(TZ)
        if f > d:
            return Classification.LATE
        if f.date() < d.date():
            return Classification.EARLY
        return Classification.ON_TIME

    def remaining_minutes(self, at: dt.datetime, due_at: dt.datetime) -> float:
        """Working time left before the due time (negative once overdue)."""
        if at <= due_at:
            return self.office_minutes_between(at, due_at)
        return -self.office_minutes_between(due_at, at)

    def classify_open(self, at: dt.datetime, due_at: dt.datetime, nearly_due_minutes: float) -> Classification:
        if at > due_at:
            return Classification.OVERDUE
        if self.office_minutes_between(at, due_at) < nearly_due_minutes:
            return Classification.NEARLY_DUE
        return Classification.NOT_DUE


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def _merge_pauses(pauses: Sequence[Pause]) -> list[Pause]:
    merged: list[Pause] = []
    for pause in sorted(pauses, key=lambda p: p.start):
        if merged and pause.start <= merged[-1].end:
            last = merged[-1]
            if pause.end > last.end:
                merged[-1] = Pause(last.start, pause.end, last.reason)
        else:
            merged.append(pause)
    return merged
