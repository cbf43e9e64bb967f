"""Office hours: the working minutes of a day (morning and afternoon sessions) and their arithmetic."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .types import TZ, EngineError


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
