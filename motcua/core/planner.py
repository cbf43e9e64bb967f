"""Telling PostgreSQL's planner what it cannot know (docs/decisions/0011-lists-walk-their-index.md)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections, transaction


@contextmanager
def index_order(using: str) -> Iterator[None]:
    """Within it, a query that asks for an order reads its rows from an index that holds that
    order and stops at its limit; it never fetches every row that may match to sort them. For a
    list whose filter the planner cannot estimate (a comparison of two columns, say), where it
    would expect a handful of rows and sort a year of dossiers to find them. Other databases run
    the query as it is."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_sort')")
        (before,) = cursor.fetchone()
        cursor.execute("SET LOCAL enable_sort = off")
        yield
        # Inside a caller's transaction the setting would last to its end: put it back. (On an
        # error the block's savepoint or transaction rolls back, and the setting with it.)
        cursor.execute("SELECT set_config('enable_sort', %s, true)", [before])
