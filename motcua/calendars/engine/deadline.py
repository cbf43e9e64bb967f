"""The deadline engine: a due time from a reception moment and a duration, with pauses and steps, explained (``docs/rules.md`` §5)."""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections.abc import Sequence

from .calendar import WorkCalendar
from .hours import OfficeHours, _at, _fmt_minutes
from .types import TZ, WEEKDAY_NAMES_VI, Classification, DueResult, Duration, Pause, Step, Unit, _require_aware


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
    def compute_due(self, received_at: dt.datetime, duration: Duration, pauses: Sequence[Pause] = (), *, explain: bool = True) -> DueResult:
        eff = self.effective_reception(received_at)
        base_due = self._base_due(eff, duration)
        due, paused, applied = self._apply_pauses(base_due, eff, pauses)
        due_local = due.astimezone(TZ)
        steps = self._explain(received_at, eff, base_due, due_local, duration, applied) if explain else ()
        return DueResult(
            received_at=received_at, effective_start=eff, due_at=due_local, paused_minutes=int(round(paused)), explanation=steps
        )

    def _base_due(self, eff: dt.datetime, duration: Duration) -> dt.datetime:
        """The due time of ``duration`` counted from the effective reception, before pauses."""
        unit, day0, cal = duration.unit, eff.date(), self.calendar
        if unit is Unit.WORKING_DAYS:
            whole, half = divmod(round(duration.value * 2), 2)
            if not whole:
                last = cal.add_working_days(day0, 1)
                return _at(last, self.hours.on(last).half_day_end)
            last = cal.add_working_days(day0, whole)
            if not half:
                return self.close_of(last)
            last = cal.add_working_days(last, 1)
            return _at(last, self.hours.on(last).half_day_end)
        if unit is Unit.WORKING_HOURS:
            return self.add_office_minutes(eff, int(round(duration.value * 60)))
        if unit is Unit.CALENDAR_DAYS:
            return self.close_of(cal.next_working_on_or_after(day0 + dt.timedelta(days=round(duration.value))))
        if unit is Unit.MONTHS:
            return self.close_of(cal.next_working_on_or_after(add_months(day0, round(duration.value))))
        cutoff = duration.same_day_cutoff or self.default_cutoff  # SAME_DAY
        if (eff.hour, eff.minute, eff.second, eff.microsecond) <= (cutoff.hour, cutoff.minute, 0, 0):
            return self.close_of(day0)
        return self.close_of(cal.add_working_days(day0, 1))

    def _apply_pauses(
        self, due: dt.datetime, eff: dt.datetime, pauses: Sequence[Pause]
    ) -> tuple[dt.datetime, float, list[tuple[Pause, float]]]:
        """The due time moved by the office time of each pause before it; the minutes paused and
        the pauses that counted."""
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
        return due, paused, applied

    def _explain(self, received_at, eff, base_due, due, duration, applied) -> tuple[Step, ...]:
        steps: list[Step] = []
        received_local = received_at.astimezone(TZ)
        if eff != received_local:
            steps.append(
                Step(
                    received_local.date(),
                    False,
                    "Tiếp nhận ngoài giờ hành chính hoặc ngày nghỉ: tính từ đầu buổi làm việc tiếp theo",
                    "start",
                    received_local,
                )
            )
        steps.append(Step(eff.date(), False, "Thời điểm tiếp nhận được tính", "start", eff))
        counted_units = duration.unit in (Unit.WORKING_DAYS, Unit.CALENDAR_DAYS, Unit.MONTHS)
        day = eff.date() + dt.timedelta(days=1) if counted_units else eff.date()
        n = 0
        while day <= base_due.date():
            step, n = self._explain_day(day, n, duration.unit, eff, base_due)
            steps.append(step)
            day += dt.timedelta(days=1)
        steps += self._explain_pauses(base_due, due, applied)
        steps.append(Step(due.date(), True, f"Hạn trả kết quả: {due:%H:%M} {WEEKDAY_NAMES_VI[due.weekday()]} {due:%d/%m/%Y}", "end", due))
        return tuple(steps)

    def _explain_day(self, day: dt.date, n: int, unit: Unit, eff: dt.datetime, base_due: dt.datetime) -> tuple[Step, int]:
        """One day of the count (and the count so far): a working day, a calendar day, or the
        office minutes it gives (working hours, same day)."""
        cal, working, end_day = self.calendar, self.calendar.is_working(day), base_due.date()
        if unit in (Unit.CALENDAR_DAYS, Unit.MONTHS):
            n += 1
            return Step(day, True, f"Ngày theo lịch thứ {n}" + ("" if working else f" (ngày nghỉ: {cal.reason(day)})")), n
        if not working:
            return Step(day, False, cal.reason(day)), n
        if unit is Unit.WORKING_DAYS:
            n += 1
            half = day == end_day and base_due != self.close_of(day)
            reason = f"Ngày làm việc thứ {n}" + (" (nửa ngày)" if half else "")
            if day.weekday() >= 5:
                reason += f" — {cal.reason(day)}"
            return Step(day, True, reason), n
        lo = eff if day == eff.date() else _at(day, 0)  # working hours / same day: office minutes consumed
        hi = base_due if day == end_day else _at(day, 24 * 60 - 1)
        minutes = int(round(self.office_minutes_between(lo, hi)))
        return Step(day, minutes > 0, f"Tính {_fmt_minutes(minutes)} làm việc", minutes=minutes), n

    def _explain_pauses(self, base_due: dt.datetime, due: dt.datetime, applied) -> list[Step]:
        """Each pause that moved the due time, then the working days that make up for them."""
        cal, steps = self.calendar, []
        for pause, minutes in applied:
            steps.append(
                Step(
                    pause.start.astimezone(TZ).date(),
                    False,
                    f"{pause.reason}: {pause.start.astimezone(TZ):%H:%M %d/%m/%Y} – {pause.end.astimezone(TZ):%H:%M %d/%m/%Y}, "
                    f"lùi hạn {_fmt_minutes(int(round(minutes)))} làm việc",
                    "pause",
                    pause.start.astimezone(TZ),
                    int(round(minutes)),
                )
            )
        if due != base_due:
            day = base_due.date() + dt.timedelta(days=1)
            while day <= due.date():
                steps.append(
                    Step(day, cal.is_working(day), "Ngày làm việc bù thời gian tạm dừng" if cal.is_working(day) else cal.reason(day))
                )
                day += dt.timedelta(days=1)
        return steps

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
