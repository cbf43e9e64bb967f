"""A rebuild's contributions, staged (docs/rules.md section 6.1). Each chunk appends what its
dossiers add, by their four keys and a day, to a table without a unique index (COPY on
PostgreSQL); when the run ends, one grouped statement per dimension and grain adds the table to
the cells. A rebuild so writes each cell once, not once per chunk that touches it.

Cells are sums, so the order of additions does not matter: a dossier an action changes while the
rebuild runs is brought up to date in the cells directly (``store.drain``), and what the rebuild
staged for it is added at the end all the same."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import connection, transaction
from django.db.models import Model

from ..models import FactsStaging, ReportCell
from .store import COPY_ABOVE, DIMENSIONS, KEY_FIELDS, TOTAL_DAY, Keys, upsert_sql
from .timeline import MEASURES, SNAPSHOTS

INDEX = {m: i for i, m in enumerate(MEASURES)}
FIELDS = (*KEY_FIELDS, "day", "month", *MEASURES)
GRAINS = (ReportCell.DAY, ReportCell.MONTH, ReportCell.TOTAL)
MERGE_WORK_MEM = "256MB"  # the grouping's memory on PostgreSQL (the merge is one admin's statement at a time)


class Staged:
    """``store.Deltas`` into the staging table, summed by keys and day within the chunk."""

    def __init__(self) -> None:
        self.rows: dict[tuple[Keys, dt.date], list[int]] = {}

    def add(self, keys: Keys, contributions: Mapping[tuple[dt.date, str], int], sign: int) -> None:
        for (d, measure), n in contributions.items():
            row = self.rows.get((keys, d))
            if row is None:
                row = self.rows[(keys, d)] = [0] * len(MEASURES)
            row[INDEX[measure]] += sign * n

    def flush(self) -> None:
        rows = [(*keys, d, d.replace(day=1), *values) for (keys, d), values in self.rows.items() if any(values)]
        self.rows = {}
        if connection.vendor == "postgresql" and len(rows) > COPY_ABOVE:
            with connection.cursor() as cursor, cursor.copy(f"COPY {FactsStaging._meta.db_table} ({', '.join(FIELDS)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        elif rows:
            FactsStaging.objects.bulk_create([FactsStaging(**dict(zip(FIELDS, row, strict=True))) for row in rows], batch_size=500)


def clear(*models: type[Model]) -> None:
    """The tables of ``models`` (the staging table by default) emptied: TRUNCATE on PostgreSQL,
    which leaves no dead rows behind for the next run to wade through."""
    models = models or (FactsStaging,)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Deferred foreign-key checks of rows written earlier in the transaction are run
            # first (TRUNCATE refuses a table with checks pending), then deferred again.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {', '.join(m._meta.db_table for m in models)}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    else:
        for model in models:
            model._default_manager.all().delete()


@transaction.atomic
def merge() -> None:
    """Add the staged rows to the cells along every dimension and grain, and empty the table.
    The cells are locked against other writers meanwhile (``store.drain`` waits; readers do not)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {ReportCell._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")
            cursor.execute(f"SET LOCAL work_mem = '{MERGE_WORK_MEM}'")
        for dim, kept in DIMENSIONS.items():
            for grain in GRAINS:
                cursor.execute(*merge_statement(dim, kept, grain))
    clear()


def merge_statement(dim: str, kept: tuple[str, ...], grain: str) -> tuple[str, list[Any]]:
    """The statement adding the staged rows to the cells of one dimension and grain: grouped by
    the keys the dimension keeps and the day, the month, or not at all (the all-time cells hold
    the snapshot measures only). Rows whose sums are all 0 are left out, as ``store.write`` does."""
    keys = ", ".join(k if k in kept else "0" for k in KEY_FIELDS)
    group = ", ".join(kept)
    params: list[Any] = []
    if grain == ReportCell.TOTAL:
        day, group_by = "%s", group
        params.append(connection.ops.adapt_datefield_value(TOTAL_DAY))
        sums = [f"SUM({m})" if m in SNAPSHOTS else "0" for m in MEASURES]
    else:
        day = "day" if grain == ReportCell.DAY else "month"
        group_by = f"{day}, {group}"
        sums = [f"SUM({m})" for m in MEASURES]
    nonzero = " OR ".join(f"{s} <> 0" for s in sums if s != "0")
    # Identifiers are this module's constants and the models' columns; the one value is a parameter.
    source = (
        f"SELECT '{dim}', '{grain}', {day}, {keys}, {', '.join(sums)} "  # noqa: S608
        f"FROM {FactsStaging._meta.db_table} WHERE true GROUP BY {group_by} HAVING {nonzero}"
    )
    return upsert_sql(source), params
