"""The working calendar: weekends, holidays and compensating working days as data, each day classified."""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Mapping

from .types import DEFAULT_RANGE, WEEKDAY_NAMES_VI, DayException, EngineError


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
