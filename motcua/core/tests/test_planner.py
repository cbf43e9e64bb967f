"""``core.planner.index_order``: an ordered read from an index, for one block only."""

import pytest
from django.db import connection

from motcua.core import planner
from motcua.organisations.models import Agency


def _enable_sort() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_sort')")
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL planner setting; SQLite runs the query as it is")
def test_the_planner_reads_the_order_from_an_index_inside_the_block_only(make_agency):
    for _ in range(3):
        make_agency()
    assert _enable_sort() == "on"
    with planner.index_order("default"):
        assert _enable_sort() == "off"
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN SELECT id FROM organisations_agency ORDER BY id DESC LIMIT 2")
            plan = " ".join(row[0] for row in cursor.fetchall())
        assert "Index" in plan and "Sort" not in plan
    assert _enable_sort() == "on"  # put back, though the test's own transaction goes on


def test_the_block_returns_the_rows_in_order_on_every_database(make_agency):
    made = [make_agency().pk for _ in range(3)]
    with planner.index_order("default"):
        assert list(Agency.objects.filter(pk__in=made).order_by("-pk").values_list("pk", flat=True)) == sorted(made, reverse=True)
