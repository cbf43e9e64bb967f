"""Reporting periods (pure): week, month, quarter, half-year, year or a custom range, with the
official cut-off convention configurable (calendar periods, or from the Nth of the month
before to the (N-1)th of the period's last month)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.translation import gettext

from motcua.core.errors import BilingualError

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
KINDS = ("week", "month", "quarter", "half", "year", "custom")


class PeriodError(BilingualError):
    pass


@dataclass(frozen=True)
class Period:
    start: dt.date  # first day, inclusive
    end: dt.date  # last day, inclusive

    def __post_init__(self):
        if self.end < self.start:
            raise PeriodError("Ngày kết thúc phải sau ngày bắt đầu.", "end must not be before start.")
        if (self.end - self.start).days > 366 * 5:
            raise PeriodError("Kỳ báo cáo tối đa 5 năm.", "A period is at most 5 years.")

    @property
    def opens(self) -> dt.datetime:
        """The first moment of the period (local midnight)."""
        return dt.datetime.combine(self.start, dt.time(0), TZ)

    @property
    def closes(self) -> dt.datetime:
        """The first moment after the period (the period's end is inclusive)."""
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(0), TZ)

    def as_of(self, now: dt.datetime) -> dt.datetime:
        """The moment open dossiers are classified at: the period's end, or ``now`` for a
        period that has not ended (the report then says "số liệu đến <now>")."""
        return min(self.closes, now)

    def label_at(self, now: dt.datetime) -> str:
        """The period as a report heading; one that has not ended says up to when it counts."""
        if now < self.closes:
            return f"{self.label()} ({gettext('số liệu đến')} {now.astimezone(TZ):%H:%M %d/%m/%Y})"
        return self.label()

    def previous(self) -> Period:
        length = self.end - self.start
        end = self.start - dt.timedelta(days=1)
        return Period(end - length, end)

    def label(self) -> str:
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _months(year: int, first: int, last: int, cutoff_day: int) -> Period:
    """Months ``first``..``last`` of ``year``; with a cut-off day N, from the Nth of the month
    before ``first`` to the (N-1)th of ``last``."""
    if not cutoff_day:
        return Period(dt.date(year, first, 1), _month_end(year, last))
    before_year, before_month = (year - 1, 12) if first == 1 else (year, first - 1)
    start = dt.date(before_year, before_month, min(cutoff_day, calendar.monthrange(before_year, before_month)[1]))
    end = dt.date(year, last, min(cutoff_day, calendar.monthrange(year, last)[1])) - dt.timedelta(days=1)
    return Period(start, end)


FIRST_YEAR, LAST_YEAR = 2000, 2100


def check_year(year: object) -> int:
    """The year of a report, or PeriodError: a whole number from 2000 to 2100 (anything else,
    a 30-digit number included, is refused here rather than deep in a date computation)."""
    if not isinstance(year, int) or isinstance(year, bool) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise PeriodError("Năm báo cáo không hợp lệ.", f"year must be {FIRST_YEAR}-{LAST_YEAR}.")
    return year


def period_for(
    kind: str,
    *,
    year: int | None = None,
    number: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    cutoff_day: int = 0,
) -> Period:
    """``number``: ISO week, month, quarter (1-4) or half (1-2) of ``year``."""
    if kind not in KINDS:
        raise PeriodError("Loại kỳ báo cáo không hợp lệ.", f"kind must be one of {', '.join(KINDS)}.")
    if kind == "custom":
        if start is None or end is None:
            raise PeriodError("Cần ngày bắt đầu và ngày kết thúc.", "start and end are required.")
        return Period(start, end)
    year = check_year(year)
    if kind == "year":
        return _months(year, 1, 12, cutoff_day)
    limits = {"week": 53, "month": 12, "quarter": 4, "half": 2}
    if number is None or not 1 <= number <= limits[kind]:
        raise PeriodError("Số thứ tự của kỳ không hợp lệ.", f"number must be 1-{limits[kind]} for a {kind}.")
    if kind == "week":
        try:
            monday = dt.date.fromisocalendar(year, number, 1)
        except ValueError:
            raise PeriodError("Năm này không có tuần đó.", "No such ISO week in this year.") from None
        return Period(monday, monday + dt.timedelta(days=6))
    if kind == "month":
        return _months(year, number, number, cutoff_day)
    if kind == "quarter":
        return _months(year, 3 * number - 2, 3 * number, cutoff_day)
    return _months(year, 6 * number - 5, 6 * number, cutoff_day)
