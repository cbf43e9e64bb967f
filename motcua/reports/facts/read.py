"""The settlement report's columns read from the report cells (``facts.store``) instead of the
dossier table: a period's flows are its whole months plus the days at its edges, a snapshot at a
midnight is the all-time total less what is dated after it (docs/rules.md section 6.1). The
figures are those of ``settlement.compute`` (the direct path), which a property test checks."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from motcua.catalog.models import Procedure
from motcua.organisations.models import Agency

from .. import settlement
from ..models import DossierFact, ReportCell
from ..periods import Period
from . import store, timeline
from .store import TOTAL_DAY, fact_inputs
from .timeline import FLOWS, SNAPSHOTS

KEY_OF_GROUP = {"agency": "receiving", "competent": "competent", "current": "current", "field": "procedure", "procedure": "procedure"}
ONE_DAY = dt.timedelta(days=1)
DIGITAL = ("digitised", "reused", "synced", "vneid", "component_files", "files_from_store", "electronic_results")
INDEX_COUNTS = ("returned", "returned_postal", "results", "resolved_negative", "strict_on_time", *DIGITAL)


@dataclass(frozen=True)
class Scope:
    """The dossiers a report counts: those whose ``field`` agency (receiving, competent or
    current) is one of ``agencies``; every dossier when ``agencies`` is None."""

    field: str = "receiving"
    agencies: QuerySet[Agency] | None = None

    def q(self) -> Q:
        """The ids listed, not a sub-query: a subtree's size is badly estimated from its path,
        and the cells are then read once per agency."""
        return Q() if self.agencies is None else Q(**{f"{self.field}__in": list(self.agencies.values_list("id", flat=True))})


# (key, scope field) -> the cells' dimension holding both (``store.DIMENSIONS``)
DIMENSION = {("receiving", "receiving"): "r", ("competent", "competent"): "c", ("current", "current"): "h", ("procedure", "receiving"): "p"}


def dimension(scope: Scope, key: str) -> str:
    """The cells to read for rows by ``key`` within ``scope``."""
    if key == "procedure" and scope.agencies is None:
        return "q"  # every agency: the procedure's own cells, not one per agency and procedure
    field = scope.field if scope.agencies is not None else {"procedure": "receiving"}.get(key, key)
    try:
        return DIMENSION[(key, field)]
    except KeyError:
        raise ValueError(f"No report cells by {key} within a scope by {field}") from None


def _next_month(d: dt.date) -> dt.date:
    return dt.date(d.year + d.month // 12, d.month % 12 + 1, 1)


Range = tuple[str, dt.date, dt.date | None, int]  # grain, first day, last day (None: no end), sign


def span(first: dt.date, last: dt.date | None) -> list[Range]:
    """The cells holding the days ``first``..``last`` (None: every later day): whole months
    from the month cells, the days at the edges from the day cells. With no end, the days from
    ``first`` to the end of its month are read as its month less the days before ``first``
    when those are fewer (a period starting on the 1st reads one day cell, not thirty)."""
    day, month = ReportCell.DAY, ReportCell.MONTH
    month_start = first.replace(day=1)
    full_from = first if first.day == 1 else _next_month(first)
    if last is None:
        if full_from == first:
            return [(month, first, None, 1)]
        if (full_from - first).days <= (first - month_start).days:
            return [(day, first, full_from - ONE_DAY, 1), (month, full_from, None, 1)]
        return [(month, month_start, None, 1), (day, month_start, first - ONE_DAY, -1)]
    full_to = last if (last + ONE_DAY).day == 1 else last.replace(day=1) - ONE_DAY  # last day of the last whole month
    if full_from > full_to:
        return [(day, first, last, 1)]
    out: list[Range] = [(month, full_from, full_to, 1)]
    if first < full_from:
        out.append((day, first, full_from - ONE_DAY, 1))
    if last > full_to:
        out.append((day, full_to + ONE_DAY, last, 1))
    return out


# What each part of a read needs from its cells: the period's flows; the open dossiers after its
# first midnight; every snapshot of all time, and after the midnight open dossiers are read at.
PART_MEASURES = {"i": FLOWS, "s": ("open",), "t": SNAPSHOTS, "e": SNAPSHOTS}


def _cells_sql(scope: Scope, key: str, parts: dict[str, list[Range]], vendor: str) -> tuple[str, list[Any]]:
    """One statement over the cells of each part (``t`` all time, ``i`` the period, ``s`` after
    its first midnight, ``e`` after the midnight open dossiers are read at): per part, a UNION
    ALL of index range scans summed per key over only the measures the part needs
    (``PART_MEASURES``), then the parts joined on the key into the report's sums."""
    table, dim = ReportCell._meta.db_table, dimension(scope, key)
    ids = None if scope.agencies is None else list(scope.agencies.values_list("id", flat=True))
    ctes, params = [], []
    for part, ranges in parts.items():
        measures = PART_MEASURES[part]
        arms = []
        for grain, lo, hi, sign in ranges:
            where = "dim = %s AND grain = %s AND day >= %s" + (" AND day <= %s" if hi is not None else "")
            params += [dim, grain, lo, *([hi] if hi is not None else [])]
            if ids is not None and vendor == "postgresql":
                # A semi-join on the list: as an index condition, a long IN list costs one descent per id.
                where += f" AND {scope.field} IN (SELECT unnest(%s::integer[]))"
                params.append(ids)
            elif ids is not None:
                where += f" AND {scope.field} IN ({', '.join(['%s'] * len(ids))})" if ids else " AND 1 = 0"
                params += ids
            columns = ", ".join(measures if sign > 0 else (f"-{m} AS {m}" for m in measures))
            arms.append(f"SELECT {key} AS k, {columns} FROM {table} WHERE {where}")  # noqa: S608
        sums = ", ".join(f"SUM({m}) AS {m}" for m in measures)
        ctes.append(f"{part} AS (SELECT k, {sums} FROM ({' UNION ALL '.join(arms)}) AS cells GROUP BY k)")  # noqa: S608
    keys = "keys AS (" + " UNION ".join(f"SELECT k FROM {part}" for part in parts) + ")"  # noqa: S608
    flows = ", ".join(f"i.{m} AS {m}" for m in FLOWS)
    at_start = "COALESCE(t.open, 0) - COALESCE(s.open, 0) AS open_start"
    at_end = ", ".join(f"COALESCE(t.{m}, 0) - COALESCE(e.{m}, 0) AS {m}_end" for m in SNAPSHOTS)
    joins = " ".join(f"LEFT JOIN {part} ON {part}.k = keys.k" for part in parts)
    return f"WITH {', '.join(ctes)}, {keys} SELECT keys.k, {flows}, {at_start}, {at_end} FROM keys {joins}", params  # noqa: S608


def sums(scope: Scope, period: Period, key: str, now: dt.datetime | None = None) -> dict[int, dict[str, int]]:
    """Per key id (``receiving``, ``competent``, ``current`` or ``procedure``): every report
    column plus what the service index adds: ``returned``, ``returned_postal``, ``results``,
    ``resolved_negative`` and ``strict_on_time``."""
    now = now or timezone.now()
    alias = _up_to_date()
    first, last = period.start, period.end
    ongoing = now < period.closes
    at_day = timeline.day(now) + ONE_DAY if ongoing else last + ONE_DAY  # the midnight open dossiers are read at
    total: list[Range] = [(ReportCell.TOTAL, TOTAL_DAY, TOTAL_DAY, 1)]
    parts = {"t": total, "i": span(first, last), "s": span(first + ONE_DAY, None), "e": span(at_day + ONE_DAY, None)}
    connection = connections[alias]
    sql, params = _cells_sql(scope, key, parts, connection.vendor)
    with connection.cursor() as cursor, _unprepared(connection):
        cursor.execute(sql, params)
        names = [c[0] for c in cursor.description]
        rows = [dict(zip(names, (int(v or 0) if i else v for i, v in enumerate(row)), strict=True)) for row in cursor.fetchall()]
    moved = _due_before_midnight(scope, key, now, at_day) if ongoing else {}
    out = {}
    for r in rows:
        extra, strict_extra = moved.get(r["k"], (0, 0))  # running at the midnight, overdue by then but not yet now
        out[r["k"]] = {
            **{c: r[c] for c in ("received_online", "received_counter", "received_postal", "withdrawn", "stopped", "refused")},
            **{c: r[c] for c in ("resolved_total", "resolved_early", "resolved_on_time", "resolved_late", "returned", "returned_postal")},
            "received_total": r["received"] + r["open_start"],
            "carried_over": r["open_start"],
            "in_progress_total": r["open_end"],
            "in_progress_not_due": r["running_not_due_end"] + r["held_end"] + extra,
            "in_progress_overdue": r["running_overdue_end"] - extra + r["ran_out_end"],
            "paused": r["paused_end"],
            "results": r["results"],
            **{c: r[c] for c in DIGITAL},
            "resolved_negative": r["resolved_negative"],
            "strict_on_time": r["strict_resolved"] + r["strict_running_not_due_end"] + r["strict_held_end"] + strict_extra,
        }
    return out


@contextmanager
def _unprepared(connection) -> Iterator[None]:
    """Never prepared on PostgreSQL: a generic plan (chosen after a few runs of a prepared
    statement) cannot see which days and agencies the report reads, and scans every cell."""
    raw = connection.connection if connection.vendor == "postgresql" else None
    threshold = getattr(raw, "prepare_threshold", None)
    if raw is not None:
        raw.prepare_threshold = None
    try:
        yield
    finally:
        if raw is not None:
            raw.prepare_threshold = threshold


def _up_to_date() -> str:
    """The database the cells are read from; on the primary, the dossiers marked by events not
    yet applied are applied first, so the figures include every committed action (a replica
    shows what the minute's job applied, as late as its replication)."""
    alias = router.db_for_read(ReportCell)
    if alias == DEFAULT_DB_ALIAS:
        store.drain()
    return alias


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


def monthly_flows(scope: Scope, year: int, through: dt.date) -> list[tuple[int, dict[str, int]]]:
    """The flows of each month of ``year`` up to the month of ``through`` (whole months from the
    month cells; nothing is dated after the present), for trend lines."""
    _up_to_date()
    months = [m for m in range(1, 13) if dt.date(year, m, 1) <= through]
    if not months:
        return []
    rows = (
        ReportCell.objects.filter(
            scope.q(),
            dim=dimension(scope, scope.field),
            grain=ReportCell.MONTH,
            day__gte=dt.date(year, 1, 1),
            day__lte=dt.date(year, months[-1], 1),
        )
        .values("day")
        .annotate(**{f: Sum(f) for f in FLOWS})
        .order_by()
    )
    by_month: dict[int, dict[str, int]] = {}
    for r in rows:
        values: dict[str, Any] = dict(r)
        by_month[values["day"].month] = {f: values[f] or 0 for f in FLOWS}
    return [(m, by_month.get(m, dict.fromkeys(FLOWS, 0))) for m in months]
