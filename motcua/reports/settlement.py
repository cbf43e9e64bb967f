"""The settlement report (Circular 01/2020/TT-VPCP, form II.06a): every column as one filter
over the dossier table, so a figure and its drill-down list are the same predicate.

For a period [S, E) (local midnights; the period's last day is inclusive):

- the *cohort* is every received dossier that was received in the period or received before
  it and not yet finished at S (``carried_over``);
- a cohort dossier ends the period in exactly one of: ``resolved`` (result ready, or returned
  when only the return is recorded, at a moment in the period), ``withdrawn`` or ``stopped``
  (closed in the period), or ``in_progress`` (not finished by E);
- so ``received_total = received_in + carried_over = resolved + withdrawn + stopped +
  in_progress``, and a period's ``in_progress`` is the next period's ``carried_over``;
- resolved dossiers are early (finished on a calendar day before the due day), on time (on the
  due day, at or before the due time) or late; open ones are not yet due or overdue at E, or at
  the moment of the request for a period that has not ended (``Period.as_of``), by the one rule
  of ``dossiers.clock``: a dossier waiting for a supplement requested before its due time is
  not due (its due time will move), one requested at or after it stays overdue;
- ``paused`` is the part of ``in_progress`` whose last supplement/payment event before E was a
  request (read from the event log, so it is right for any past period);
- ``refused`` counts refusals at reception in the period, outside the totals.

A dossier is one row whatever agencies it passed through: rows are keyed by the receiving
agency (or the competent agency, or the one holding it now), the field or the procedure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext

from motcua.dossiers import clock
from motcua.dossiers.choices import State
from motcua.dossiers.models import Dossier, DossierEvent

from .periods import TZ, Period

COLUMNS = (
    "received_total",
    "received_online",
    "received_counter",
    "received_postal",
    "carried_over",
    "resolved_total",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "in_progress_total",
    "in_progress_not_due",
    "in_progress_overdue",
    "withdrawn",
    "stopped",
    "refused",
    "paused",
)
COLUMN_LABELS = {
    "received_total": "Tổng số nhận giải quyết",
    "received_online": "Nhận trong kỳ – trực tuyến",
    "received_counter": "Nhận trong kỳ – trực tiếp",
    "received_postal": "Nhận trong kỳ – bưu chính",
    "carried_over": "Từ kỳ trước chuyển qua",
    "resolved_total": "Đã giải quyết – tổng số",
    "resolved_early": "Đã giải quyết – trước hạn",
    "resolved_on_time": "Đã giải quyết – đúng hạn",
    "resolved_late": "Đã giải quyết – quá hạn",
    "in_progress_total": "Đang giải quyết – tổng số",
    "in_progress_not_due": "Đang giải quyết – trong hạn",
    "in_progress_overdue": "Đang giải quyết – quá hạn",
    "withdrawn": "Rút hồ sơ",
    "stopped": "Dừng xử lý",
    "refused": "Từ chối tiếp nhận",
    "paused": "Tạm dừng (chờ bổ sung, nghĩa vụ tài chính)",
}
GROUPS = {
    # group_by -> (key field, name field)
    "agency": ("receiving_agency__code", "receiving_agency__name"),
    "competent": ("competent_agency__code", "competent_agency__name"),
    "current": ("current_agency__code", "current_agency__name"),
    "field": ("procedure__field__code", "procedure__field__name"),
    "procedure": ("procedure__code", "procedure__name"),
}
AGENCY_FIELD = {"agency": "receiving_agency", "competent": "competent_agency", "current": "current_agency"}
PAUSE_ACTIONS = ("request_supplement", "supplement_received", "request_payment", "payment_received")
ENDED = (State.WITHDRAWN, State.STOPPED)


def annotate(qs: QuerySet[Dossier], period: Period) -> QuerySet[Dossier]:
    """The moments the columns compare: finish, and the local days of finish and due."""
    last_pause_event = DossierEvent.objects.filter(dossier=OuterRef("pk"), at__lt=period.closes, action__in=PAUSE_ACTIONS).order_by(
        "-at", "-seq"
    )
    return qs.annotate(
        finish_at=Coalesce("resolved_at", "returned_at"),
        finish_day=TruncDate(Coalesce("resolved_at", "returned_at"), tzinfo=TZ),
        due_day=TruncDate("due_at", tzinfo=TZ),
        pause_action=Subquery(last_pause_event.values("action")[:1]),
        pause_at=Subquery(last_pause_event.values("at")[:1]),
        # When the clock was paused by a supplement request still open at E (NULL: running).
        clock_paused_at_end=Case(When(pause_action="request_supplement", then=F("pause_at")), default=None),
    )


def filters(period: Period, now: dt.datetime | None = None) -> dict[str, Q]:
    """Each column of the report as a filter over ``annotate``d dossiers; open dossiers are
    classified at ``period.as_of(now)``."""
    s, e = period.opens, period.closes
    at = period.as_of(now or timezone.now())
    open_class = clock.open_filters(at, paused="clock_paused_at_end")
    received_in = Q(received_at__gte=s, received_at__lt=e)
    # Positive forms only: a negated filter on an annotation would drop the NULLs (open dossiers).
    open_at_s = (Q(finish_at__isnull=True) | Q(finish_at__gte=s)) & (~Q(state__in=ENDED) | Q(closed_at__gte=s))
    carried = Q(received_at__lt=s) & open_at_s
    cohort = received_in | carried
    resolved = cohort & Q(finish_at__gte=s, finish_at__lt=e)
    ended_in = Q(state__in=ENDED, closed_at__gte=s, closed_at__lt=e, finish_at__isnull=True)
    in_progress = cohort & (Q(finish_at__isnull=True) | Q(finish_at__gte=e)) & (~Q(state__in=ENDED) | Q(closed_at__gte=e))
    return {
        "received_total": cohort,
        "received_online": received_in & Q(channel="online"),
        "received_counter": received_in & Q(channel="counter"),
        "received_postal": received_in & Q(channel="postal"),
        "carried_over": carried,
        "resolved_total": resolved,
        "resolved_early": resolved & Q(finish_day__lt=F("due_day")),
        "resolved_on_time": resolved & Q(finish_day=F("due_day"), finish_at__lte=F("due_at")),
        "resolved_late": resolved & Q(finish_at__gt=F("due_at")),
        "in_progress_total": in_progress,
        "in_progress_not_due": in_progress & (open_class[clock.OpenClass.NOT_DUE] | open_class[clock.OpenClass.PAUSED]),
        "in_progress_overdue": in_progress & open_class[clock.OpenClass.OVERDUE],
        "withdrawn": cohort & ended_in & Q(state=State.WITHDRAWN),
        "stopped": cohort & ended_in & Q(state=State.STOPPED),
        "refused": Q(state=State.REFUSED, closed_at__gte=s, closed_at__lt=e),
        "paused": in_progress & Q(pause_action__in=("request_supplement", "request_payment")),
    }


# The official layout's folded columns (II.06a), so that every figure it shows drills down too.
COMPOSITES = {
    "received_counter_postal": ("received_counter", "received_postal"),
    "official_resolved": ("resolved_total", "withdrawn", "stopped"),
    "official_on_time": ("resolved_on_time", "withdrawn", "stopped"),
}
COLUMN_LABELS.update(
    {
        "received_counter_postal": "Nhận trong kỳ – trực tiếp, bưu chính",
        "official_resolved": "Đã giải quyết (gồm rút, dừng xử lý)",
        "official_on_time": "Đúng hạn (gồm rút, dừng xử lý)",
    }
)


def relevant(period: Period) -> Q:
    """Rows that can count in some column (keeps the scan to the period's dossiers)."""
    s, e = period.opens, period.closes
    return (
        Q(received_at__lt=e) & (Q(closed_at__isnull=True) | Q(closed_at__gte=s)) & (Q(resolved_at__isnull=True) | Q(resolved_at__gte=s))
    ) | Q(state=State.REFUSED, closed_at__gte=s, closed_at__lt=e)


@dataclass
class Row:
    key: str
    name: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def on_time_rate(self) -> float | None:
        """(early + on time) / resolved, in percent with two decimals; None with nothing resolved."""
        resolved = self.counts.get("resolved_total", 0)
        if not resolved:
            return None
        return round(100 * (self.counts["resolved_early"] + self.counts["resolved_on_time"]) / resolved, 2)

    @property
    def on_time_ratio(self) -> float | None:
        """(early + on time) / resolved as a fraction (0.9881 for 98.81%), unrounded; None with nothing resolved."""
        resolved = self.counts.get("resolved_total", 0)
        return (self.counts["resolved_early"] + self.counts["resolved_on_time"]) / resolved if resolved else None

    def as_dict(self) -> dict:
        """The API's row: counts and ``on_time_rate`` as the fraction of the definition."""
        return {"key": self.key, "name": self.name, **self.counts, "on_time_rate": self.on_time_ratio}

    def add(self, other: Row) -> None:
        for column in COLUMNS:
            self.counts[column] = self.counts.get(column, 0) + other.counts.get(column, 0)


def compute(qs: QuerySet[Dossier], period: Period, group_by: str, now: dt.datetime | None = None) -> list[Row]:
    """One aggregate query: a row per group with every column."""
    key_field, name_field = GROUPS[group_by]
    columns = filters(period, now)
    grouped = (
        annotate(qs.filter(relevant(period)), period)
        .values(key_field, name_field)
        .annotate(**{name: Count("pk", filter=q) for name, q in columns.items()})
        .order_by()
    )
    rows = []
    for values in grouped:
        row = Row(values[key_field] or "", values[name_field] or "", {c: values[c] for c in COLUMNS})
        if any(row.counts.values()):
            rows.append(row)
    return ordered(rows)


def ordered(rows: list[Row]) -> list[Row]:
    """Rows by key then name, the same on every database (no key first)."""
    return sorted(rows, key=lambda r: (r.key, r.name))


def total(rows: list[Row]) -> Row:
    out = Row("", gettext("Tổng cộng"), {c: 0 for c in COLUMNS})
    for row in rows:
        out.add(row)
    return out


# Every figure lists its dossiers newest first, by the moment that put them in it: the dossiers
# that were settled in the period (resolved, withdrawn, stopped or refused in it, and the official
# layout's folds of them) from the latest settling back, every other list from the latest
# reception. The settling moment is the result's (``finish_at``), or the closing's for a dossier
# closed without one: one index of it (``dossier_settled``) reaches any of those lists at once.
CLOSINGS = ("withdrawn", "stopped", "refused")  # settled by a closing, without a result
BY_SETTLING = ("resolved_total", "resolved_early", "resolved_on_time", "resolved_late", *CLOSINGS)
SETTLED = Coalesce("resolved_at", "returned_at", "closed_at")


def settles(column: str) -> bool:
    """Whether a figure holds dossiers settled in the period (listed by their settling)."""
    return all(part in BY_SETTLING for part in COMPOSITES.get(column, (column,)))


def drill_moment(column: str) -> str:
    """What a figure's list is ordered by, as its page says: "result", "closing", "settled" (a
    fold of both) or "reception"."""
    parts = set(COMPOSITES.get(column, (column,)))
    if not settles(column):
        return "reception"
    if parts <= set(CLOSINGS):
        return "closing"
    return "result" if parts.isdisjoint(CLOSINGS) else "settled"


def drill_order(column: str) -> tuple[str, str]:
    """The order of a figure's dossiers, newest first."""
    return ("-settled_at", "-id") if settles(column) else ("-received_at", "-id")


def drill(qs: QuerySet[Dossier], period: Period, column: str, now: dt.datetime | None = None) -> QuerySet[Dossier]:
    """The dossiers behind one figure (same predicate as the count)."""
    columns = filters(period, now)
    parts = COMPOSITES.get(column, (column,))
    q = Q()
    for part in parts:
        q |= columns[part]
    if "refused" not in parts:
        # Every other column counts received dossiers only: said outright, it lets the walk
        # along the reception index skip the dossiers never received (refused at the desk).
        q &= Q(received_at__isnull=False)
    drilled = annotate(qs.filter(relevant(period)), period).annotate(settled_at=SETTLED)
    if settles(column):
        # Implied by the filter (a settled dossier's result or closing falls in the period, and
        # one closed without a result has none), said on the index's own expression.
        q &= Q(settled_at__gte=period.opens, settled_at__lt=period.closes)
    return drilled.filter(q)
