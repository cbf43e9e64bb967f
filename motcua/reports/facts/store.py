"""Keeping the report cells equal to the sum of every dossier's contributions
(``facts.timeline``): a dossier event replaces what the dossier gave by what it gives now, in
the event's transaction (docs/rules.md section 6.1)."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from motcua.dossiers.models import Dossier, DossierEvent, DossierFile

from ..models import DossierFact, PendingFact, ReportCell
from . import timeline
from .timeline import MEASURES, SNAPSHOTS, Inputs

TOTAL_DAY = dt.date(2000, 1, 1)  # the date of the all-time (``t``) cells
Keys = tuple[int, int, int, int]  # receiving, competent, current, procedure
Cell = tuple[str, str, dt.date, Keys]  # dimension, grain, day, keys
KEY_FIELDS = ("receiving", "competent", "current", "procedure")
# Each contribution is summed along five dimensions, each keeping only the keys it needs (the
# others are 0), so a report reads as few cells as its grouping and scope allow (``read.dimension``).
DIMENSIONS = {
    "r": ("receiving",),  # by receiving agency
    "c": ("competent",),  # by competent agency
    "h": ("current",),  # by the agency holding it now
    "p": ("receiving", "procedure"),  # by receiving agency and procedure (and so field)
    "q": ("procedure",),  # by procedure across every agency (province-wide and public)
}


def project(keys: Keys, kept: tuple[str, ...]) -> Keys:
    """``keys`` with those a dimension does not keep set to 0."""
    a, b, c, d = (k if name in kept else 0 for name, k in zip(KEY_FIELDS, keys, strict=True))
    return a, b, c, d


INPUT_FIELDS = (
    "state",
    "channel",
    "result_channel",
    "received_at",
    "resolved_at",
    "returned_at",
    "closed_at",
    "due_at",
    "supplement_count",
)
# What a dossier's other rows say (files, outbox, owner, opinions), read for a batch (``derived``).
DERIVED = ("negative", "digitised", "reused", "synced", "vneid", "component_files", "files_from_store", "electronic")
FACT_FIELDS = (*INPUT_FIELDS, *DERIVED)
PORTAL = "portal"  # the national portal's outbox target (``integrations``), read through the relation
POOR_RATING = 2  # stars or fewer: a negative opinion (as a complaint)


def keys_of(d: Dossier) -> Keys:
    return (d.receiving_agency_id or 0, d.competent_agency_id or 0, d.current_agency_id or 0, d.procedure_id or 0)


def _value(name: str, value: Any) -> Any:
    if name.endswith("_at"):
        return value
    return value or (0 if name == "supplement_count" else "")


def inputs_of(d: Dossier | DossierFact, pauses: Iterable[tuple[str, dt.datetime]], derived: dict[str, Any] | None = None) -> Inputs:
    values: dict[str, Any] = {f: _value(f, getattr(d, f)) for f in INPUT_FIELDS}
    return Inputs(**values, pauses=tuple(pauses), **(derived or {}))


def fact_inputs(fact: DossierFact) -> Inputs:
    pauses = tuple((a, dt.datetime.fromisoformat(m)) for a, m in fact.pauses)
    return inputs_of(fact, pauses, {f: getattr(fact, f) for f in DERIVED})


Within = Callable[[str], Q]  # the batch's dossiers as a filter on a field holding a dossier id


def within_ids(ids: list[int]) -> Within:
    return lambda field: Q(**{f"{field}__in": ids})


def within_range(after: int, through: int) -> Within:
    """Every dossier with an id in (after, through]: a rebuild's batch, which is all of them
    (a range, not a list of thousands of ids for each of the batch's queries)."""
    return lambda field: Q(**{f"{field}__gt": after, f"{field}__lte": through})


def derived(dossiers: list[Dossier], within: Within | None = None) -> dict[int, dict[str, Any]]:
    """Per dossier, what its other rows say (``DERIVED``), in five queries for the batch: its
    component files (any, any from the store, how many of each), a signed result, a message
    delivered to the national portal, an owner identified with VNeID, a poor opinion."""
    ids = [d.pk for d in dossiers]
    within = within or within_ids(ids)
    out: dict[int, dict[str, Any]] = {pk: dict.fromkeys(DERIVED, False) | {"component_files": 0, "files_from_store": 0} for pk in ids}
    poor = negatives(dossiers, within)
    files = (
        DossierFile.objects.filter(within("dossier_id"), kind=DossierFile.Kind.COMPONENT)
        .values("dossier_id")
        .annotate(n=Count("pk"), store=Count("pk", filter=~Q(reused_from="")))
        .order_by()
    )
    # A range may also hold a dossier committed after the batch was read: it is left out (its
    # own event marks it for ``drain``).
    for row in files:
        if row["dossier_id"] not in out:
            continue
        out[row["dossier_id"]].update(
            digitised=row["n"] > 0, reused=row["store"] > 0, component_files=row["n"], files_from_store=row["store"]
        )
    signed = DossierFile.objects.filter(within("dossier_id"), kind=DossierFile.Kind.RESULT, signed_at__isnull=False)
    portal = Dossier.objects.filter(within("pk"), outbox__target=PORTAL, outbox__state="sent")
    online = Dossier.objects.filter(within("pk"), channel="online", owner__applicant__oidc_subject__isnull=False)
    for name, pks in (
        ("electronic", signed.values_list("dossier_id", flat=True).distinct()),
        ("synced", portal.values_list("pk", flat=True).distinct()),
        ("vneid", online.values_list("pk", flat=True)),
        ("negative", poor),
    ):
        for pk in pks:
            if pk in out:
                out[pk][name] = True
    return out


def negatives(dossiers: list[Dossier], within: Within) -> set[int]:
    """The finished ones among ``dossiers`` rated poorly or complained about (only a finished
    dossier's opinion counts)."""
    finished = [d for d in dossiers if d.resolved_at or d.returned_at]
    out = {d.pk for d in finished if d.rating is not None and d.rating <= POOR_RATING}
    if finished:
        complained = Dossier.objects.filter(within("pk"), feedback__isnull=False).values_list("pk", flat=True)
        out |= set(complained.distinct()) & {d.pk for d in finished}
    return out


def fact_keys(fact: DossierFact) -> Keys:
    return (fact.receiving, fact.competent, fact.current, fact.procedure)


def pause_events(within: Within) -> dict[int, list[tuple[str, dt.datetime]]]:
    out: dict[int, list[tuple[str, dt.datetime]]] = defaultdict(list)
    rows = DossierEvent.objects.filter(within("dossier_id"), action__in=timeline.PAUSE_ACTIONS).order_by("dossier_id", "seq")
    for dossier_id, action, at in rows.values_list("dossier_id", "action", "at"):
        out[dossier_id].append((action, at))
    return out


def expand(keys: Keys, contributions: Mapping[tuple[dt.date, str], int], sign: int, into: dict[Cell, dict[str, int]]) -> None:
    """A dossier's contributions added (``sign`` 1) or taken away (-1) at every grain."""
    projected = [(dim, project(keys, kept)) for dim, kept in DIMENSIONS.items()]
    for (d, measure), n in contributions.items():
        grains = [("d", d), ("m", d.replace(day=1))]
        if measure in SNAPSHOTS:
            grains.append(("t", TOTAL_DAY))
        for dim, dim_keys in projected:
            for grain, day in grains:
                row = into.setdefault((dim, grain, day, dim_keys), {})
                row[measure] = row.get(measure, 0) + sign * n


COPY_ABOVE = 400  # rows: more go through COPY on PostgreSQL


def write(cells: dict[Cell, dict[str, int]], batch: int = 400) -> None:
    """Add the deltas to the cells (upserts in key order, so that concurrent transactions take
    row locks in the same order). Many cells on PostgreSQL go through COPY (``_write_copy``)."""
    rows = sorted((cell, deltas) for cell, deltas in cells.items() if any(deltas.values()))
    if len(rows) > COPY_ABOVE and connection.vendor == "postgresql":
        return _write_copy(rows)
    columns = ("dim", "grain", "day", *KEY_FIELDS, *MEASURES)
    for start in range(0, len(rows), batch):
        chunk = rows[start : start + batch]
        values = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(chunk))
        params: list[Any] = []
        for (dim, grain, d, keys), deltas in chunk:
            params += [dim, grain, d, *keys, *(deltas.get(m, 0) for m in MEASURES)]
        with connection.cursor() as cursor:
            cursor.execute(upsert_sql(f"VALUES {values}"), params)
    return None


def upsert_sql(source: str) -> str:
    """Add the rows of ``source`` (the cells' key and measure columns, in order) to the cells."""
    # Identifiers are this module's constants; every value is a parameter.
    table = ReportCell._meta.db_table
    updates = ", ".join(f"{m} = {table}.{m} + excluded.{m}" for m in MEASURES)
    return (
        f"INSERT INTO {table} (dim, grain, day, {', '.join(KEY_FIELDS)}, {', '.join(MEASURES)}) {source} "  # noqa: S608
        f"ON CONFLICT (dim, grain, day, {', '.join(KEY_FIELDS)}) DO UPDATE SET {updates}"
    )


def _write_copy(rows: list[tuple[Cell, dict[str, int]]]) -> None:
    """The deltas COPied into a temporary table, then added in one statement (a rebuild's
    thousands of cells per chunk without thousands of parameters)."""
    columns = ", ".join(("dim", "grain", "day", *KEY_FIELDS, *MEASURES))
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS report_cell_delta AS SELECT {columns} "  # noqa: S608
            f"FROM {ReportCell._meta.db_table} WITH NO DATA"
        )
        cursor.execute("TRUNCATE report_cell_delta")
        with cursor.copy(f"COPY report_cell_delta ({columns}) FROM STDIN") as copy:
            for (dim, grain, d, keys), deltas in rows:
                copy.write_row((dim, grain, d, *keys, *(deltas.get(m, 0) for m in MEASURES)))
        ordered = f"SELECT {columns} FROM report_cell_delta ORDER BY dim, grain, day, {', '.join(KEY_FIELDS)}"  # noqa: S608
        cursor.execute(upsert_sql(ordered))


def fact_row(pk: int, keys: Keys, inputs: Inputs) -> DossierFact:
    return DossierFact(
        dossier_id=pk,
        **dict(zip(KEY_FIELDS, keys, strict=True)),
        **{f: getattr(inputs, f) for f in FACT_FIELDS},
        pauses=[[a, m.isoformat()] for a, m in inputs.pauses],
    )


class Deltas(Protocol):
    """Where ``refresh`` puts what changes: the cells themselves (``CellDeltas``), or a rebuild's
    staging table (``staging.Staged``)."""

    def add(self, keys: Keys, contributions: Mapping[tuple[dt.date, str], int], sign: int) -> None: ...

    def flush(self) -> None: ...


class CellDeltas:
    """Deltas expanded to every dimension and grain, then added to the cells (``write``)."""

    def __init__(self) -> None:
        self.cells: dict[Cell, dict[str, int]] = {}

    def add(self, keys: Keys, contributions: Mapping[tuple[dt.date, str], int], sign: int) -> None:
        expand(keys, contributions, sign, self.cells)

    def flush(self) -> None:
        write(self.cells)


def replace(old: DossierFact | None, keys: Keys, inputs: Inputs, deltas: Deltas) -> bool:
    """Add to ``deltas`` what changes when a dossier counted as ``old`` is counted under ``keys``
    with ``inputs``; False when nothing does."""
    if old is not None:
        old_inputs = fact_inputs(old)
        if fact_keys(old) == keys and old_inputs == inputs:
            return False
        deltas.add(fact_keys(old), timeline.contributions(old_inputs), -1)
    deltas.add(keys, timeline.contributions(inputs), 1)
    return True


def on_dossier_event(dossier: Dossier, event: DossierEvent) -> None:
    """Mark the dossier for ``drain`` (one small INSERT in the event's transaction: the action
    pays nothing more; the cells are brought up to date in batches)."""
    enqueue([dossier.pk])


def enqueue(ids: Iterable[int]) -> None:
    table = PendingFact._meta.db_table
    now = timezone.now()
    with connection.cursor() as cursor:
        for pk in ids:
            cursor.execute(f"INSERT INTO {table} (dossier_id, queued_at) VALUES (%s, %s) ON CONFLICT (dossier_id) DO NOTHING", [pk, now])  # noqa: S608


def drain(batch: int = 2000) -> int:
    """Bring the marked dossiers' contributions up to date; how many were applied. Each batch
    locks its dossiers first (an action on one of them waits, then marks it again), then
    takes their marks away and replaces their contributions, in one transaction."""
    done = 0
    while True:
        ids = list(PendingFact.objects.order_by("dossier_id").values_list("dossier_id", flat=True)[:batch])
        if not ids:
            return done
        with transaction.atomic():
            dossiers = list(Dossier.objects.select_for_update().filter(pk__in=ids).order_by("pk").only(*DOSSIER_FIELDS))
            PendingFact.objects.filter(dossier_id__in=ids).delete()
            refresh(dossiers)
        done += len(ids)
        if len(ids) < batch:
            return done


DOSSIER_FIELDS = ("receiving_agency_id", "competent_agency_id", "current_agency_id", "procedure_id", "rating", *INPUT_FIELDS)


def refresh(dossiers: list[Dossier], deltas: Deltas | None = None, within: Within | None = None) -> int:
    """The contributions of ``dossiers`` computed again from their fields and events (after a
    write that bypassed the actions, marked with ``dossiers.effects.changed``, or by ``rebuild``,
    which stages them and passes its batch as a range); how many changed. The caller holds the
    dossiers' locks."""
    within = within or within_ids([d.pk for d in dossiers])
    pauses = pause_events(within)
    other = derived(dossiers, within)
    old = {f.dossier_id: f for f in DossierFact.objects.filter(within("dossier_id"))}
    deltas = deltas if deltas is not None else CellDeltas()
    changed = []
    for d in dossiers:
        keys, inputs = keys_of(d), inputs_of(d, pauses.get(d.pk, []), other[d.pk])
        if replace(old.get(d.pk), keys, inputs, deltas):
            changed.append(fact_row(d.pk, keys, inputs))
    deltas.flush()
    save_facts(changed)
    return len(changed)


def save_facts(facts: list[DossierFact], batch: int = 400) -> None:
    """Insert or replace the facts (on PostgreSQL many go through COPY, as ``write``)."""
    fields = [*KEY_FIELDS, *FACT_FIELDS, "pauses"]
    if len(facts) <= COPY_ABOVE or connection.vendor != "postgresql":
        DossierFact.objects.bulk_create(facts, batch_size=batch, update_conflicts=True, unique_fields=["dossier"], update_fields=fields)
        return
    table = DossierFact._meta.db_table
    columns = ", ".join(("dossier_id", *fields))
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS dossier_fact_new AS SELECT {columns} FROM {table} WITH NO DATA")  # noqa: S608
        cursor.execute("TRUNCATE dossier_fact_new")
        with cursor.copy(f"COPY dossier_fact_new ({columns}) FROM STDIN") as copy:
            for f in facts:
                copy.write_row((f.dossier_id, *(getattr(f, name) for name in fields[:-1]), json.dumps(f.pauses)))
        updates = ", ".join(f"{name} = excluded.{name}" for name in fields)
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM dossier_fact_new ORDER BY dossier_id "  # noqa: S608
            f"ON CONFLICT (dossier_id) DO UPDATE SET {updates}"
        )
