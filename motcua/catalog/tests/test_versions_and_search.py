"""Versioning, publication, the public search (runs on SQLite and PostgreSQL in CI)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from motcua.catalog import selectors, services
from motcua.catalog.choices import ProcedureStatus
from motcua.catalog.models import Fee, FrozenVersionError, Procedure, ProcedureVersion
from motcua.catalog.spec import FeeSpec
from motcua.core.models import AuditEvent
from motcua.core.text import fold


def test_fold_ignores_diacritics_and_case():
    assert fold("ĐĂNG KÝ Khai   sinh") == "dang ky khai sinh"
    assert fold("Chứng thực bản sao") == fold("CHUNG THUC BAN SAO")
    assert fold(None) == ""


def test_a_dossier_facing_read_stays_stable_after_the_next_version(catalog, make_user):
    admin = make_user(username="quantri")
    v1 = catalog["published"](effective_from=dt.date(2025, 7, 1))
    before = selectors.spec_of(selectors.detailed(ProcedureVersion.objects.filter(pk=v1.pk)).get())

    draft = services.start_draft(v1.procedure, admin)
    changed = catalog["replace"](before, fees=(FeeSpec("Lệ phí mới", 20000),), name="Đăng ký khai sinh (sửa đổi)")
    services.update_draft(draft, changed, admin)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    v2 = services.publish(draft, admin, effective_from=tomorrow, note="Tăng lệ phí")

    after = selectors.spec_of(selectors.detailed(ProcedureVersion.objects.filter(pk=v1.pk)).get())
    assert after == before
    assert v2.number == 2
    # a dossier received today is governed by v1; one received tomorrow by v2
    now = timezone.now()
    assert selectors.version_for_reception(v1.procedure.code, now).pk == v1.pk
    assert selectors.version_for_reception(v1.procedure.code, now + dt.timedelta(days=1, hours=1)).number == 2
    # the listing switches only when the date comes
    procedure = Procedure.objects.get(pk=v1.procedure.pk)
    assert procedure.current_version_id == v1.pk
    assert services.activate_due_versions(tomorrow) == 1
    procedure.refresh_from_db()
    assert procedure.current_version_id == v2.pk and procedure.name.endswith("(sửa đổi)")
    # history: who changed what
    events = AuditEvent.objects.filter(object_type="catalog.procedure", object_id=str(procedure.pk))
    published = events.get(action="version_published", data__version=2)
    assert published.actor == admin
    assert "fees" in published.data["changes"] and "name" in published.data["changes"]


def test_published_versions_are_frozen(catalog):
    v1 = catalog["published"]()
    v1.name = "Đổi tên"
    with pytest.raises(FrozenVersionError):
        v1.save()
    with pytest.raises(FrozenVersionError):
        v1.fees.first().delete()
    with pytest.raises(FrozenVersionError):
        Fee.objects.create(version=v1, name="Thêm", amount=1)
    with pytest.raises(services.CatalogError):
        services.update_draft(v1, catalog["spec"](), None)
    assert ProcedureVersion.objects.get(pk=v1.pk).name == "Đăng ký khai sinh"


def test_publish_refuses_an_invalid_draft_and_keeps_it_a_draft(catalog):
    version = services.create_procedure(catalog["spec"](statutory_value=Decimal(1)))  # route needs 24 h > 8 h
    with pytest.raises(services.CatalogError) as exc:
        services.publish(version)
    assert any(i.path == ("routes", 0, "steps") for i in exc.value.issues)
    version.refresh_from_db()
    assert version.state == "draft" and version.procedure.status == ProcedureStatus.DRAFT
    assert not selectors.public_procedures().exists()


def test_publish_in_the_past_is_refused_from_screens(catalog):
    version = services.create_procedure(catalog["spec"]())
    with pytest.raises(services.CatalogError):
        services.publish(version, effective_from=timezone.localdate() - dt.timedelta(days=1))


@pytest.mark.parametrize("query", ["dang ky khai sinh", "ĐĂNG KÝ KHAI SINH", "Đăng ký khai sinh", "khai SINH", "1.001193", "ho tich"])
def test_search_ignores_diacritics_and_case(catalog, query):
    catalog["published"]()
    catalog["published"](code="2.000815", name="Chứng thực bản sao từ bản chính", field_code="CT")
    found = list(selectors.public_procedures(q=query).values_list("name", flat=True))
    assert found == ["Đăng ký khai sinh"]


def test_search_filters(catalog):
    a = catalog["agencies"]
    catalog["published"](online_level="full")
    catalog["published"](
        code="2.000815",
        name="Chứng thực bản sao",
        field_code="CT",
        levels=("province",),
        competent_agencies=(a["b"].code,),
        receiving_agencies=(a["b_centre"].code,),
    )
    names = lambda **kw: set(selectors.public_procedures(**kw).values_list("code", flat=True))  # noqa: E731
    assert names(field="CT") == {"2.000815"}
    assert names(level="commune") == {"1.001193"}
    assert names(level="province") == {"2.000815"}
    assert names(online_level="full") == {"1.001193"}
    assert names(agency=a["b_centre"].code) == {"2.000815"}
    assert names(agency=a["a"].code) == {"1.001193"}
    assert names(q="khong co thu tuc nay") == set()


def test_retired_and_draft_procedures_are_not_listed(catalog):
    v = catalog["published"]()
    services.create_procedure(catalog["spec"](code="1.000894", name="Đăng ký kết hôn"))
    assert list(selectors.public_procedures().values_list("code", flat=True)) == ["1.001193"]
    with pytest.raises(services.CatalogError):
        services.retire(v.procedure, None, reason=" ")
    services.retire(v.procedure, None, reason="Bãi bỏ theo quyết định công bố")
    assert not selectors.public_procedures().exists()
    assert selectors.version_for_reception("1.001193", timezone.now()) is None


def test_route_for_prefers_the_receiving_agencys_own_route(catalog):
    from .conftest import route

    a = catalog["agencies"]
    own = catalog["replace"](route(16), receiving_agency=a["a_centre"].code)
    v = catalog["published"](routes=(route(), own))
    v = selectors.detailed(ProcedureVersion.objects.filter(pk=v.pk)).get()
    assert selectors.route_for(v, a["a_centre"]).receiving_agency_id == a["a_centre"].pk
    assert selectors.route_for(v, a["b_centre"]).receiving_agency_id is None
    assert selectors.route_for(v).receiving_agency_id is None
