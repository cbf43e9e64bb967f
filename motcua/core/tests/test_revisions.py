"""Process caches of reference data (``core.revisions``): a change is seen at once, by every
kind of write, and a change that rolls back never leaves its data behind."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from motcua.catalog import services as catalog
from motcua.catalog.selectors import version_for_reception
from motcua.core import revisions
from motcua.notifications import services as notifications
from motcua.notifications.models import NotificationTemplate
from motcua.organisations.models import Agency
from motcua.organisations.selectors import agency_by_code, agency_by_pk

pytestmark = pytest.mark.django_db


def test_a_cached_read_costs_one_small_statement_and_hands_out_copies(make_agency):
    agency = make_agency(name="UBND xã Thử")
    assert agency_by_code(agency.code).name == "UBND xã Thử"
    with CaptureQueriesContext(connection) as queries:
        first = agency_by_code(agency.code)
    expected = "SELECT token FROM core_revision WHERE name = " + repr(revisions.WATCHED[Agency])  # noqa: S608 - the expected text, not a query
    assert [q["sql"] for q in queries.captured_queries] == [expected]
    first.name = "changed by a caller"
    assert agency_by_code(agency.code).name == "UBND xã Thử"
    assert agency_by_pk(agency.pk).code == agency.code and agency_by_code("000.99.99.Z99") is None


def test_save_update_and_delete_are_seen_at_once(make_agency):
    agency = make_agency(name="Tên cũ")
    assert agency_by_code(agency.code).name == "Tên cũ"
    agency.name = "Tên sau khi sửa"
    agency.save()
    assert agency_by_code(agency.code).name == "Tên sau khi sửa"
    Agency.objects.filter(pk=agency.pk).update(name="Tên sau khi cập nhật hàng loạt")
    assert agency_by_pk(agency.pk).name == "Tên sau khi cập nhật hàng loạt"

    assert notifications.render("dossier.received", "sms", {"code": "X"}) is not None
    NotificationTemplate.objects.filter(key="dossier.received", medium="sms").delete()
    assert notifications.render("dossier.received", "sms", {"code": "X"}) is None


def test_a_rolled_back_change_leaves_nothing_cached(make_agency):
    agency, other = make_agency(name="Tên đã lưu"), make_agency(name="Cơ quan khác")
    assert agency_by_code(agency.code).name == "Tên đã lưu"
    with pytest.raises(RuntimeError), transaction.atomic():
        Agency.objects.filter(pk=agency.pk).update(name="Tên chưa bao giờ lưu")
        assert agency_by_code(agency.code).name == "Tên chưa bao giờ lưu"  # read inside the change: cached under its token
        raise RuntimeError
    # The next change gets a new token, never the rolled-back one (a counter would reuse it and
    # bring the unsaved name back).
    Agency.objects.filter(pk=other.pk).update(name="Cơ quan khác, đổi tên")
    assert agency_by_code(agency.code).name == "Tên đã lưu" and agency_by_code(other.code).name == "Cơ quan khác, đổi tên"


def test_publishing_a_version_changes_the_version_in_force_at_once(env):
    today = dt.datetime.now(dt.UTC)
    first = version_for_reception(env["code"], today)
    assert first is not None and first.pk == env["version"].pk
    draft = catalog.start_draft(env["version"].procedure)
    catalog.publish(draft, effective_from=dt.date(2024, 6, 1), allow_past=True)
    assert version_for_reception(env["code"], today).pk == draft.pk
    assert version_for_reception(env["code"], dt.datetime(2024, 3, 1, 3, tzinfo=dt.UTC)).pk == env["version"].pk
    catalog.retire(draft.procedure, reason="Bãi bỏ để thử")
    assert version_for_reception(env["code"], today) is None
