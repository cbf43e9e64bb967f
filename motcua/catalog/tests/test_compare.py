"""What changed between two versions for a dossier (docs/rules.md section 1.6): pure, on specs."""

from decimal import Decimal

from motcua.catalog.spec import ComponentSpec, RouteSpec, StepSpec
from motcua.catalog.spec.compare import compare

from .conftest import make_spec, route


def test_the_same_rules_give_no_change():
    assert compare(make_spec(), make_spec()) == []


def test_the_time_a_dossier_gets_is_the_reduced_one_when_there_is_one():
    old = make_spec(statutory_value=Decimal(10), reduced_value=Decimal(7), reduced_unit="working_days")
    new = make_spec(statutory_value=Decimal(10), reduced_value=Decimal("4.5"), reduced_unit="working_days")
    assert [(c.part, c.vi, c.en) for c in compare(old, new)] == [
        ("time", "Thời hạn giải quyết: 7 ngày làm việc → 4.5 ngày làm việc", "Processing time: 7 working days → 4.5 working days")
    ]
    # The statutory time alone changing does not change what the dossier gets.
    assert compare(old, make_spec(statutory_value=Decimal(12), reduced_value=Decimal(7), reduced_unit="working_days")) == []


def test_steps_added_removed_and_requoted_in_route_order():
    old = make_spec(routes=(route(24),))
    steps = (
        StepSpec("Tiếp nhận", "reception", "reception", "receiving_centre", Decimal(2)),
        StepSpec("Xác minh", "processing", "processing", "competent_agency", Decimal(4)),
        StepSpec("Thẩm định", "processing", "processing", "competent_agency", Decimal(12)),
        StepSpec("Trả kết quả", "return", "reception", "receiving_centre", Decimal(2)),
    )
    new = make_spec(routes=(RouteSpec(steps=steps),))
    assert [c.vi for c in compare(old, new)] == [
        "Thêm bước «Xác minh» (4 giờ làm việc)",
        "Bước «Thẩm định»: 18 giờ làm việc → 12 giờ làm việc",
        "Bỏ bước «Phê duyệt»",
    ]


def test_the_route_compared_is_the_one_of_the_receiving_agency():
    own = RouteSpec(steps=route(30).steps, receiving_agency="000.01.01.H38")
    old, new = make_spec(routes=(route(24),)), make_spec(routes=(route(24), own))
    assert compare(old, new, "000.02.02.H38") == []  # another agency keeps the default route
    assert [c.vi for c in compare(old, new, "000.01.01.H38")] == ["Bước «Thẩm định»: 18 giờ làm việc → 24 giờ làm việc"]


def test_mandatory_components_added_and_removed():
    old = make_spec(components=(ComponentSpec("Tờ khai", originals=1), ComponentSpec("Sổ hộ khẩu", originals=1)))
    new = make_spec(
        components=(
            ComponentSpec("Tờ khai", originals=1),
            ComponentSpec("Giấy xác nhận cư trú", originals=1),
            ComponentSpec("Ảnh", requirement="conditional"),
        )
    )
    assert [c.vi for c in compare(old, new)] == ["Thêm thành phần bắt buộc «Giấy xác nhận cư trú»", "Bỏ thành phần bắt buộc «Sổ hộ khẩu»"]
