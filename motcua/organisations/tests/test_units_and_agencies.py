import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.core.models import AuditEvent
from motcua.organisations import selectors, services
from motcua.organisations.models import AdministrativeUnit, Agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    services.load_admin_units()
    return AdministrativeUnit.objects


def test_official_units_load_with_counts_and_validity(units):
    on = dt.date(2026, 1, 1)
    assert selectors.current_provinces().count() == 34
    assert selectors.units_on(on, "commune").count() == 3321
    assert selectors.units_on(dt.date(2025, 6, 30), "province").count() == 63
    assert selectors.units_on(dt.date(2025, 6, 30), "district").count() == 696
    assert selectors.units_on(on, "district").count() == 0
    assert units.filter(level="commune", parent__isnull=True).count() == 0
    result = services.load_admin_units()  # idempotent
    assert result["created"] == 0 and result["updated"] == 0


def test_merged_province_rolls_into_its_successor(units):
    ha_giang = units.get(level="province", code="02")
    assert ha_giang.name == "Tỉnh Hà Giang"
    assert ha_giang.is_valid_on(dt.date(2025, 6, 30)) and not ha_giang.is_valid_on(dt.date(2025, 7, 1))
    assert ha_giang.final_successor().code == "08"  # Tuyên Quang
    # old Lào Cai (10) merged into the new Lào Cai, which carries Yên Bái's code 15
    assert units.get(level="province", code="10").final_successor().name == "Tỉnh Lào Cai"
    district = units.filter(level="district", parent__code="02").first()
    assert selectors.rollup_unit(district).code == "08"
    hanoi = units.get(level="province", code="01")
    assert hanoi.final_successor() == hanoi and hanoi.is_valid_on(dt.date(2020, 1, 1)) and hanoi.is_valid_on(dt.date(2026, 1, 1))


def test_agency_code_format_is_validated(make_unit):
    with pytest.raises(ValidationError):
        services.create_agency(code="H22-001", name="Sai mã", kind="department", level="province", admin_unit=make_unit())
    assert not Agency.objects.exists()


def test_agency_tree_paths_follow_moves_and_refuse_cycles(make_agency):
    root = make_agency(level="province")
    other_root = make_agency(level="province")
    child = make_agency(parent=root)
    grandchild = make_agency(parent=child)
    assert set(Agency.objects.subtree_of([root])) == {root, child, grandchild}
    services.update_agency(child, parent=other_root)
    assert set(Agency.objects.subtree_of([other_root])) == {other_root, child, grandchild}
    assert set(Agency.objects.subtree_of([root])) == {root}
    with pytest.raises(ValidationError):
        services.update_agency(other_root, parent=grandchild)


def test_merge_keeps_everything_that_refers_to_the_old_agency(make_agency, make_user):
    target = make_agency(name="UBND xã mới")
    old = make_agency(name="UBND xã cũ")
    officer = make_user(agency=old, role="reception")
    with pytest.raises(CommandError):  # a day that is not a date changes nothing
        call_command("merge_agencies", target.code, old.code, "--on", "30/06/2025", stdout=io.StringIO())
    assert Agency.objects.get(pk=old.pk).is_active
    call_command("merge_agencies", target.code, old.code, "--on", "2025-06-30", stdout=io.StringIO())
    old.refresh_from_db()
    assert not old.is_active and old.valid_to == dt.date(2025, 6, 30) and old.successor == target
    assert old.final_successor() == target
    assert old.memberships.filter(user=officer, is_active=False).exists()  # history kept
    assert target.memberships.filter(user=officer, is_active=True, role="reception").exists()
    assert Agency.objects.valid_on(dt.date(2025, 6, 30)).filter(pk=old.pk).exists()
    assert not Agency.objects.valid_on(dt.date(2025, 7, 1)).filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(action="agency.merged", object_id=str(target.pk)).exists()
    with pytest.raises(ValidationError):
        services.deactivate_agency(old, on=dt.date(2025, 7, 1))
