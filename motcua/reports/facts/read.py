"""The settlement report's columns read from the report cells (``facts.store``) instead of the
dossier table: a period's flows are its whole months plus the days at its edges, a snapshot at a
midnight is the all-time total less what is dated after it (docs/rules.md section 6.1). The
figures are those of ``settlement.compute`` (the direct path), which a property test checks."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import IntegerField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from motcua.catalog.models import Procedure
from motcua.organisations.models import Agency

from .. import settlement
from ..models import DossierFact, ReportCell
from ..periods import Period
from . import timeline
from .store import fact_inputs
from .timeline import FLOWS, SNAPSHOTS

KEY_OF_GROUP = {"agency": "receiving", "competent": "competent", "current": "current", "field": "procedure", "procedure": "procedure"}
ONE_DAY = dt.timedelta(days=1)
INDEX_COUNTS = ("returned", "returned_postal", "results", "resolved_negative", "strict_on_time")


@dataclass(frozen=True)
class Scope:
    """The dossiers a report counts: those whose ``field`` agency (receiving, competent or
    current) is one of ``agencies``; every dossier when ``agencies`` is None."""

    field: str = "receiving"
    agencies: QuerySet[Agency] | None = None

    def q(self) -> Q:
        return Q() if self.agencies is None else Q(**{f"{self.field}__in": self.agencies.values("id")})


def _next_month(d: dt.date) -> dt.date:
    return dt.date(d.year + d.month // 12, d.month % 12 + 1, 1)


def span(first: dt.date, last: dt.date | None) -> Q:
    """The cells holding the days ``first``..``last`` (None: every later day): whole months
    from the month cells, the days at the edges from the day cells."""
    full_from = first if first.day == 1 else _next_month(first)
    if last is None:
        q = Q(grain=ReportCell.MONTH, day__gte=full_from)
        return q | Q(grain=ReportCell.DAY, day__gte=first, day__lt=full_from) if full_from > first else q
    full_to = last if (last + ONE_DAY).day == 1 else last.replace(day=1) - ONE_DAY  # last day of the last whole month
    if full_from > full_to:
        return Q(grain=ReportCell.DAY, day__gte=first, day__lte=last)
    q = Q(grain=ReportCell.MONTH, day__gte=full_from, day__lte=full_to)
    if first < full_from:
        q |= Q(grain=ReportCell.DAY, day__gte=first, day__lt=full_from)
    if last > full_to:
        q |= Q(grain=ReportCell.DAY, day__gt=full_to, day__lte=last)
    return q


def _sum(measure: str, where: Q) -> Coalesce:
    return Coalesce(Sum(measure, filter=where), Value(0), output_field=IntegerField())


def sums(scope: Scope, period: Period, key: str, now: dt.datetime | None = None) -> dict[int, dict[str, int]]:
    """Per key id (``receiving``, ``competent``, ``current`` or ``procedure``): every report
    column plus what the service index adds: ``returned``, ``returned_postal``, ``results``,
    ``resolved_negative`` and ``strict_on_time``."""
    now = now or timezone.now()
    first, last = period.start, period.end
    ongoing = now < period.closes
    at_day = timeline.day(now) + ONE_DAY if ongoing else last + ONE_DAY  # the midnight open dossiers are read at
    total = Q(grain=ReportCell.TOTAL)
    in_period, after_start, after_end = span(first, last), span(first + ONE_DAY, None), span(at_day + ONE_DAY, None)
    aggregates: dict[str, Any] = {f: _sum(f, in_period) for f in FLOWS}
    aggregates["open_start"] = _sum("open", total) - _sum("open", after_start)
    aggregates.update({f"{m}_end": _sum(m, total) - _sum(m, after_end) for m in SNAPSHOTS})
    rows = (
        ReportCell.objects.filter(scope.q())
        .filter(total | in_period | after_start | after_end)
        .values(key)
        .annotate(**aggregates)
        .order_by()
    )
    moved = _due_before_midnight(scope, key, now, at_day) if ongoing else {}
    out = {}
    for r in rows:
        extra, strict_extra = moved.get(r[key], (0, 0))  # running at the midnight, overdue by then but not yet now
        out[r[key]] = {
            **{c: r[c] for c in ("received_online", "received_counter", "received_postal", "withdrawn", "stopped", "refused")},
            **{c: r[c] for c in ("resolved_total", "resolved_early", "resolved_on_time", "resolved_late", "returned", "returned_postal")},
            "received_total": r["received"] + r["open_start"],
            "carried_over": r["open_start"],
            "in_progress_total": r["open_end"],
            "in_progress_not_due": r["running_not_due_end"] + r["held_end"] + extra,
            "in_progress_overdue": r["running_overdue_end"] - extra + r["ran_out_end"],
            "paused": r["paused_end"],
            "results": r["results"],
            "resolved_negative": r["resolved_negative"],
            "strict_on_time": r["strict_resolved"] + r["strict_running_not_due_end"] + r["strict_held_end"] + strict_extra,
        }
    return out


def _due_before_midnight(scope: Scope, key: str, now: dt.datetime, at_day: dt.date) -> dict[int, tuple[int, int]]:
    """Per key: dossiers whose running clock runs out between ``now`` and the midnight the
    cells are read at, so not overdue yet; and how many of them are strict (Decision 766)."""
    at = timeline.midnight(at_day)
    index = SNAPSHOTS.index("running_overdue")
    out: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for fact in DossierFact.objects.filter(scope.q(), due_at__gte=now, due_at__lt=at):
        inputs = fact_inputs(fact)
        if timeline.conditions(inputs, at)[index]:
            counts = out[getattr(fact, key)]
            counts[0] += 1
            counts[1] += int(inputs.strict)
    return {k: (a, b) for k, (a, b) in out.items()}


def _names(group_by: str, ids: list[int]) -> dict[int, tuple[str, str]]:
    if group_by == "procedure":
        return {pk: (code, name) for pk, code, name in Procedure.objects.filter(pk__in=ids).values_list("pk", "code", "name")}
    if group_by == "field":
        rows = Procedure.objects.filter(pk__in=ids).values_list("pk", "field__code", "field__name")
        return {pk: (code or "", name or "") for pk, code, name in rows}
    return {pk: (code, name) for pk, code, name in Agency.objects.filter(pk__in=ids).values_list("pk", "code", "name")}


def compute(scope: Scope, period: Period, group_by: str, now: dt.datetime | None = None) -> list[settlement.Row]:
    """``settlement.compute`` from the cells: one row per group with every column."""
    per_key = sums(scope, period, KEY_OF_GROUP[group_by], now)
    names = _names(group_by, [k for k in per_key if k])
    merged: dict[tuple[str, str], settlement.Row] = {}
    for key, counts in per_key.items():
        code, name = names.get(key, ("", ""))
        row = merged.setdefault((code, name), settlement.Row(code, name, {c: 0 for c in settlement.COLUMNS}))
        for c in settlement.COLUMNS:
            row.counts[c] += counts[c]
    return settlement.ordered([r for r in merged.values() if any(r.counts.values())])
