"""The one home of a dossier's time classification (docs/rules.md section 5.3): when an open
dossier is not yet due, nearly due, overdue or paused, and when a finished one was early, on
time or late. Queues and their counts, the dossier page, the dashboard, the daily alerts, the
settlement report, public statistics, the service index and the API all call this module: in
Python (``classify_open``) or as the query expressions it builds (``open_filters``).

The rules, once:

- The clock runs in ``received``, ``processing`` and ``awaiting_payment`` (a payment wait does
  not move the due time; dashboards still list it as paused).
- A supplement request pauses the clock (``clock_paused_at``); when the supplement arrives the
  due time moves by the paused working time. While paused the dossier is **paused**, neither
  nearly due nor overdue: its due time is not known yet.
- A supplement requested at or after the due time does not pause anything: the clock had run out,
  the due time does not move, and the dossier stays **overdue** while it waits.
- An open dossier whose clock runs is **overdue** at T if T is after its due time, **nearly
  due** if less than ``NEARLY_DUE_WORKING_HOURS`` of office time is left, else **not due**.
- A finished dossier is **early** if finished on a calendar day before its due day, **on time**
  on the due day at or before the due time, **late** after it (``calendars.engine``); an
  apology's new appointment does not change this. For the service index (Decision 766) a
  dossier with more than one supplement request is also late (``LATE_766_SUPPLEMENTS``).
- An open dossier whose clock runs and is not overdue is **at risk** (có nguy cơ trễ hạn) from
  the moment the work its route still needs (what is left of the open step's quota, then the
  later steps' quotas) no longer fits in the office time left before its due time; the step
  that does not fit is named. It may be not due or nearly due at the same time.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from django.conf import settings
from django.db.models import F, Q

from motcua.calendars.selectors import engine_for

from .choices import State

OPEN_STATES = (State.RECEIVED, State.PROCESSING, State.SUPPLEMENT_REQUESTED, State.AWAITING_PAYMENT)
RUNNING_STATES = (State.RECEIVED, State.PROCESSING, State.AWAITING_PAYMENT)
PAUSED_LIST_STATES = (State.SUPPLEMENT_REQUESTED, State.AWAITING_PAYMENT)  # what the "paused" lists show
LATE_766_SUPPLEMENTS = 1  # more supplement requests than this: late for the service index


class OpenClass(StrEnum):
    NOT_DUE = "not_due"
    NEARLY_DUE = "nearly_due"
    OVERDUE = "overdue"
    PAUSED = "paused"


LABELS = {
    OpenClass.NOT_DUE: "Trong hạn",
    OpenClass.NEARLY_DUE: "Sắp đến hạn",
    OpenClass.OVERDUE: "Quá hạn",
    OpenClass.PAUSED: "Tạm dừng (chờ bổ sung)",
}


def nearly_due_before(now: dt.datetime) -> dt.datetime:
    """The moment under which a running clock is nearly due (on the default calendar)."""
    return engine_for(None).add_office_minutes(now, settings.NEARLY_DUE_WORKING_HOURS * 60)


def open_filters(at: dt.datetime, threshold: dt.datetime | None = None, *, paused: str = "clock_paused_at") -> dict[OpenClass, Q]:
    """Each class of an open dossier at ``at`` as a filter. ``paused`` names the field (or
    annotation) holding when the clock was paused by a supplement request (NULL: running); the
    settlement report passes the moment read from the event log as of its period's end.
    Callers add the open states (or the report's cohort) themselves."""
    running = Q(**{f"{paused}__isnull": True})
    paused_in_time = Q(**{f"{paused}__isnull": False, f"{paused}__lt": F("due_at")})
    ran_out = Q(**{f"{paused}__isnull": False, f"{paused}__gte": F("due_at")})  # as the engine: a pause from the due time on moves nothing
    filters = {OpenClass.OVERDUE: (running & Q(due_at__lt=at)) | ran_out, OpenClass.PAUSED: paused_in_time}
    if threshold is None:
        filters[OpenClass.NOT_DUE] = running & Q(due_at__gte=at)
    else:
        filters[OpenClass.NEARLY_DUE] = running & Q(due_at__gte=at, due_at__lt=threshold)
        filters[OpenClass.NOT_DUE] = running & Q(due_at__gte=threshold)
    return filters


def classify_open(d, at: dt.datetime, threshold: dt.datetime | None = None) -> OpenClass | None:
    """The class of an open dossier at ``at`` (None when it is not open or has no due time)."""
    if d.state not in OPEN_STATES or d.due_at is None:
        return None
    if d.clock_paused_at is not None:
        return OpenClass.OVERDUE if d.clock_paused_at >= d.due_at else OpenClass.PAUSED
    if d.due_at < at:
        return OpenClass.OVERDUE
    if threshold is not None and d.due_at < threshold:
        return OpenClass.NEARLY_DUE
    return OpenClass.NOT_DUE


def at_risk_filter(at: dt.datetime) -> Q:
    """Open dossiers at risk of being late at ``at`` (docs/rules.md section 5.3): the clock runs,
    the due time has not passed, and the work left by the route's quotas no longer fits in the
    office time left (``risk_from``, set by every action: ``services.steps.refresh_risk``)."""
    return Q(state__in=RUNNING_STATES, clock_paused_at__isnull=True, risk_from__lte=at, due_at__gte=at)


def is_at_risk(d, at: dt.datetime) -> bool:
    """``at_risk_filter`` for one dossier."""
    return (
        d.state in RUNNING_STATES
        and d.clock_paused_at is None
        and d.risk_from is not None
        and d.due_at is not None
        and d.risk_from <= at <= d.due_at
    )


def classify_finished(d) -> str | None:
    """early | on_time | late for a finished dossier (result ready, or returned when only the
    return is recorded), on its competent agency's calendar; None while it is not finished."""
    finished = d.resolved_at or d.returned_at
    if finished is None or d.due_at is None:
        return None
    return str(engine_for(d.competent_agency).classify_finish(finished, d.due_at))


def time_class(d, now: dt.datetime) -> str | None:
    """One word for any dossier at ``now``: early | on_time | late once finished, not_due |
    nearly_due | overdue | paused while open, None before reception or when it ended without a
    result (refused, withdrawn, stopped)."""
    finished = classify_finished(d)
    if finished is not None:
        return finished
    open_class = classify_open(d, now, nearly_due_before(now))
    return str(open_class) if open_class is not None else None


def late_for_766(d) -> bool:
    """Late for the service index: late, or more than one supplement request."""
    return classify_finished(d) == "late" or d.supplement_count > LATE_766_SUPPLEMENTS
