"""``__in_ids``: a list of integer ids as one array parameter."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.organisations.models import Agency


def test_in_ids_finds_the_listed_rows_by_a_field_or_a_relation(make_agency):
    province = make_agency()
    a, b = make_agency(parent=province), make_agency(parent=province)
    c = make_agency(parent=a)
    assert set(Agency.objects.filter(id__in_ids=[a.pk, c.pk])) == {a, c}
    assert set(Agency.objects.filter(parent_id__in_ids=(province.pk,))) == {a, b}  # a relation's column
    assert set(Agency.objects.filter(parent__in_ids=[a.pk])) == {c}
    assert not Agency.objects.filter(id__in_ids=[]).exists()
    assert Agency.objects.exclude(id__in_ids=[province.pk]).count() == 3


def test_in_ids_sends_one_parameter_on_postgresql(make_agency):
    ids = [make_agency().pk for _ in range(30)]
    with CaptureQueriesContext(connection) as queries:
        assert Agency.objects.filter(id__in_ids=ids).count() == 30
    sql = queries.captured_queries[-1]["sql"]
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql and " IN (" not in sql
    else:
        assert " IN (" in sql
