"""Keeping the report cells equal to the sum of every dossier's contributions
(``facts.timeline``): a dossier event replaces what the dossier gave by what it gives now, in
the event's transaction (docs/rules.md section 6.1)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connection

from motcua.dossiers.models import Dossier, DossierEvent

from ..models import DossierFact, ReportCell
from . import timeline
from .timeline import MEASURES, SNAPSHOTS, Inputs

TOTAL_DAY = dt.date(2000, 1, 1)  # the date of the all-time (``t``) cells
Keys = tuple[int, int, int, int]  # receiving, competent, current, procedure
Cell = tuple[str, dt.date, Keys]
KEY_FIELDS = ("receiving", "competent", "current", "procedure")
INPUT_FIELDS = ("state", "channel", "result_channel", "received_at", "resolved_at", "returned_at", "closed_at", "due_at")


def keys_of(d: Dossier) -> Keys:
    return (d.receiving_agency_id or 0, d.competent_agency_id or 0, d.current_agency_id or 0, d.procedure_id or 0)


def inputs_of(d: Dossier, pauses: Iterable[tuple[str, dt.datetime]]) -> Inputs:
    values: dict[str, Any] = {f: getattr(d, f) or (None if f.endswith("_at") else "") for f in INPUT_FIELDS}
    return Inputs(**values, pauses=tuple(pauses))


def fact_inputs(fact: DossierFact) -> Inputs:
    pauses = tuple((a, dt.datetime.fromisoformat(m)) for a, m in fact.pauses)
    return inputs_of(fact, pauses)  # type: ignore[arg-type]  # a fact has the dossier's input fields


def fact_keys(fact: DossierFact) -> Keys:
    return (fact.receiving, fact.competent, fact.current, fact.procedure)


def pause_events(dossier_ids: list[int]) -> dict[int, list[tuple[str, dt.datetime]]]:
    out: dict[int, list[tuple[str, dt.datetime]]] = defaultdict(list)
    rows = DossierEvent.objects.filter(dossier_id__in=dossier_ids, action__in=timeline.PAUSE_ACTIONS).order_by("dossier_id", "seq")
    for dossier_id, action, at in rows.values_list("dossier_id", "action", "at"):
        out[dossier_id].append((action, at))
    return out


def expand(keys: Keys, contributions: Mapping[tuple[dt.date, str], int], sign: int, into: dict[Cell, dict[str, int]]) -> None:
    """A dossier's contributions added (``sign`` 1) or taken away (-1) at every grain."""
    for (d, measure), n in contributions.items():
        cells = [("d", d, keys), ("m", d.replace(day=1), keys)]
        if measure in SNAPSHOTS:
            cells.append(("t", TOTAL_DAY, keys))
        for cell in cells:
            row = into.setdefault(cell, {})
            row[measure] = row.get(measure, 0) + sign * n


def write(cells: dict[Cell, dict[str, int]], batch: int = 400) -> None:
    """Add the deltas to the cells (one upsert per batch, in key order so that concurrent
    transactions take row locks in the same order)."""
    rows = sorted((cell, deltas) for cell, deltas in cells.items() if any(deltas.values()))
    table = ReportCell._meta.db_table
    columns = ("grain", "day", *KEY_FIELDS, *MEASURES)
    updates = ", ".join(f"{m} = {table}.{m} + excluded.{m}" for m in MEASURES)
    for start in range(0, len(rows), batch):
        chunk = rows[start : start + batch]
        values = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(chunk))
        params: list[Any] = []
        for (grain, d, keys), deltas in chunk:
            params += [grain, d, *keys, *(deltas.get(m, 0) for m in MEASURES)]
        # Identifiers are this module's constants; every value is a parameter.
        sql = (
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES {values} "  # noqa: S608
            f"ON CONFLICT (grain, day, {', '.join(KEY_FIELDS)}) DO UPDATE SET {updates}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def fact_row(d: Dossier, inputs: Inputs) -> DossierFact:
    keys = keys_of(d)
    return DossierFact(
        dossier_id=d.pk,
        **dict(zip(KEY_FIELDS, keys, strict=True)),
        **{f: getattr(inputs, f) if f.endswith("_at") else getattr(inputs, f) or "" for f in INPUT_FIELDS},
        pauses=[[a, m.isoformat()] for a, m in inputs.pauses],
    )


def replace(old: DossierFact | None, new: DossierFact, cells: dict[Cell, dict[str, int]]) -> bool:
    """Add to ``cells`` what changes when ``new`` replaces ``old``; False when nothing does."""
    new_inputs = fact_inputs(new)
    if old is not None:
        old_inputs = fact_inputs(old)
        if fact_keys(old) == fact_keys(new) and old_inputs == new_inputs:
            return False
        expand(fact_keys(old), timeline.contributions(old_inputs), -1, cells)
    expand(fact_keys(new), timeline.contributions(new_inputs), 1, cells)
    return True


def on_dossier_event(dossier: Dossier, event: DossierEvent) -> None:
    """The dossier's contributions brought up to date after one of its events."""
    old = DossierFact.objects.filter(dossier_id=dossier.pk).first()
    if old is None:
        pauses = pause_events([dossier.pk]).get(dossier.pk, [])
    else:
        pauses = list(fact_inputs(old).pauses)
        if event.action in timeline.PAUSE_ACTIONS:
            pauses.append((event.action, event.at))
    new = fact_row(dossier, inputs_of(dossier, pauses))
    cells: dict[Cell, dict[str, int]] = {}
    if replace(old, new, cells):
        write(cells)
        new.save(force_insert=old is None)


DOSSIER_FIELDS = ("receiving_agency_id", "competent_agency_id", "current_agency_id", "procedure_id", *INPUT_FIELDS)


def refresh(dossiers: list[Dossier]) -> int:
    """The contributions of ``dossiers`` computed again from their fields and events (after a
    write that bypassed the actions, or by ``rebuild``); how many changed. The caller holds
    the dossiers' locks."""
    ids = [d.pk for d in dossiers]
    pauses = pause_events(ids)
    old = {f.dossier_id: f for f in DossierFact.objects.filter(dossier_id__in=ids)}
    cells: dict[Cell, dict[str, int]] = {}
    changed = []
    for d in dossiers:
        new = fact_row(d, inputs_of(d, pauses.get(d.pk, [])))
        if replace(old.get(d.pk), new, cells):
            changed.append(new)
    write(cells)
    DossierFact.objects.bulk_create(
        changed, update_conflicts=True, unique_fields=["dossier"], update_fields=[*KEY_FIELDS, *INPUT_FIELDS, "pauses"]
    )
    return len(changed)


def refresh_ids(ids: Iterable[int]) -> int:
    """``refresh`` for dossiers given by id, locked here until the caller's transaction ends."""
    return refresh(list(Dossier.objects.select_for_update().filter(pk__in=list(ids)).order_by("pk").only(*DOSSIER_FIELDS)))
