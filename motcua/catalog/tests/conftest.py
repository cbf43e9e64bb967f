import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from motcua.catalog import services
from motcua.catalog.spec import ComponentSpec, FeeSpec, LegalBasisSpec, ProcedureSpec, ResultSpec, RouteSpec, StepSpec


def route(total_hours=24, *, partner=""):
    steps = [
        StepSpec("Tiếp nhận", "reception", "reception", "receiving_centre", Decimal(2)),
        StepSpec("Thẩm định", "processing", "processing", "competent_agency", Decimal(total_hours) - 6),
    ]
    if partner:
        steps.append(StepSpec("Liên thông", "inter_agency", "processing", "fixed_agency", Decimal(1), agency=partner))
    steps += [
        StepSpec("Phê duyệt", "approval", "leader", "competent_agency", Decimal(2) if not partner else Decimal(1)),
        StepSpec("Trả kết quả", "return", "reception", "receiving_centre", Decimal(2)),
    ]
    return RouteSpec(steps=tuple(steps))


def make_spec(code="1.001193", name="Đăng ký khai sinh", **kw) -> ProcedureSpec:
    base = dict(
        code=code,
        name=name,
        field_code="HT",
        statutory_value=Decimal(3),
        statutory_unit="working_days",
        legal_basis=(LegalBasisSpec("60/2014/QH13", "Luật Hộ tịch", dt.date(2014, 11, 20), "Quốc hội"),),
        fees=(FeeSpec("Lệ phí", 15000, "fee", ""),),
        components=(ComponentSpec("Tờ khai", originals=1), ComponentSpec("Giấy chứng sinh", originals=1, copies=1)),
        results=(ResultSpec("Giấy khai sinh", "paper"),),
        routes=(route(),),
    )
    base.update(kw)
    return ProcedureSpec(**base)


@pytest.fixture
def catalog(db, two_communes):
    services.ensure_field("HT", "Hộ tịch")
    services.ensure_field("CT", "Chứng thực")
    a, centre = two_communes["a"], two_communes["a_centre"]

    def spec(**kw):
        kw.setdefault("competent_agencies", (a.code,))
        kw.setdefault("receiving_agencies", (centre.code,))
        return make_spec(**kw)

    def published(effective_from=None, **kw):
        version = services.create_procedure(spec(**kw))
        return services.publish(version, effective_from=effective_from or dt.date.today(), allow_past=True)

    return {"spec": spec, "published": published, "agencies": two_communes, "replace": dataclasses.replace}
