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
years in the calendar."""

from .calendar import WorkCalendar
from .deadline import DeadlineEngine, add_months
from .hours import DEFAULT_SCHEDULE, OfficeHours, Schedule
from .types import DEFAULT_RANGE, TZ, WEEKDAY_NAMES_VI, Classification, DayException, DueResult, Duration, EngineError, Pause, Step, Unit

__all__ = [
    "Classification",
    "DEFAULT_RANGE",
    "DEFAULT_SCHEDULE",
    "DayException",
    "DeadlineEngine",
    "DueResult",
    "Duration",
    "EngineError",
    "OfficeHours",
    "Pause",
    "Schedule",
    "Step",
    "TZ",
    "Unit",
    "WEEKDAY_NAMES_VI",
    "WorkCalendar",
    "add_months",
]
