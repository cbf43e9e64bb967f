"""Dossier fixtures shared by every app's tests (loaded by the root conftest)."""

import datetime as dt
from decimal import Decimal

import pytest

from motcua.catalog import services as catalog
from motcua.catalog.spec import RouteSpec, StepSpec
from motcua.catalog.tests.conftest import make_spec, route
from motcua.dossiers import services
from motcua.dossiers.services import Applicant

APPLICANT = Applicant(
    name="Nguyễn Thị Bình",
    id_number="068190001234",
    birth_date=dt.date(1990, 3, 4),
    phone="0912345678",
    email="binh@example.invalid",
    address="12 Trần Phú",
)


@pytest.fixture
def env(db, two_communes, make_user, official_calendar_db):
    """Two communes (A, B) each with a service centre and staff; one published procedure
    (3 working days) competent in both, with a route reception → appraisal → approval → return."""
    catalog.ensure_field("HT", "Hộ tịch")
    a, b = two_communes["a"], two_communes["b"]
    spec = make_spec(
        competent_agencies=(a.code, b.code),
        receiving_agencies=(two_communes["a_centre"].code, two_communes["b_centre"].code),
        online_level="full",
        postal_allowed=True,
        routes=(route(24),),
    )
    version = catalog.publish(catalog.create_procedure(spec), effective_from=dt.date(2024, 1, 1), allow_past=True)
    staff = {
        "reception_a": make_user(two_communes["a_centre"], role="reception"),
        "processing_a": make_user(a, role="processing"),
        "leader_a": make_user(a, role="leader"),
        "reception_b": make_user(two_communes["b_centre"], role="reception"),
        "processing_b": make_user(b, role="processing"),
        "admin": make_user(two_communes["province"], role="admin"),
    }
    return {**two_communes, "version": version, "code": spec.code, "staff": staff}


@pytest.fixture
def receive(env):
    def make(at=None, agency="a_centre", actor=None, **kw):
        return services.receive_at_counter(
            actor=actor or env["staff"]["reception_a" if agency == "a_centre" else "reception_b"],
            procedure_code=env["code"],
            receiving_agency_code=env[agency].code,
            applicant=kw.pop("applicant", APPLICANT),
            at=at,
            **kw,
        )

    return make


LAND_CODE = "1.012768"


@pytest.fixture
def land(env, make_agency, make_user):
    """Commune A's land registration, five working days, whose route runs two steps in parallel
    at two provincial departments (land 8 h, finance 4 h) between the appraisal and the approval:
    reception (1) → appraisal (2) → land department (3) ∥ finance department (4) → approval (5)
    → return (6). Each department has a processing officer and a leader."""
    province = env["province"]
    land_dept = make_agency(parent=province, name="Sở Nông nghiệp và Môi trường thử", kind="department", level="province")
    finance = make_agency(parent=province, name="Sở Tài chính thử", kind="department", level="province")
    steps = (
        StepSpec("Tiếp nhận", "reception", "reception", "receiving_centre", Decimal(2)),
        StepSpec("Thẩm định, xác minh hiện trạng", "processing", "processing", "competent_agency", Decimal(6)),
        StepSpec(
            "Cập nhật hồ sơ địa chính", "inter_agency", "processing", "fixed_agency", Decimal(8), agency=land_dept.code, parallel_group=1
        ),
        StepSpec(
            "Xác định nghĩa vụ tài chính", "inter_agency", "processing", "fixed_agency", Decimal(4), agency=finance.code, parallel_group=1
        ),
        StepSpec("Phê duyệt", "approval", "leader", "competent_agency", Decimal(2)),
        StepSpec("Trả kết quả", "return", "reception", "receiving_centre", Decimal(2)),
    )
    spec = make_spec(
        code=LAND_CODE,
        name="Đăng ký đất đai lần đầu",
        statutory_value=Decimal(5),
        competent_agencies=(env["a"].code,),
        receiving_agencies=(env["a_centre"].code,),
        online_level="full",
        routes=(RouteSpec(steps=steps),),
    )
    version = catalog.publish(catalog.create_procedure(spec), effective_from=dt.date(2024, 1, 1), allow_past=True)
    staff = {
        "land_officer": make_user(land_dept, role="processing"),
        "land_leader": make_user(land_dept, role="leader"),
        "finance_officer": make_user(finance, role="processing"),
        "finance_leader": make_user(finance, role="leader"),
    }
    return {"land_dept": land_dept, "finance": finance, "version": version, "code": LAND_CODE, "staff": staff}


@pytest.fixture
def at_branches(env, land):
    """A land dossier received at ``at`` and forwarded by the appraisal officer to its two
    parallel steps an hour later."""

    def make(at=None):
        at = at or dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
        d = services.receive_at_counter(
            actor=env["staff"]["reception_a"],
            procedure_code=land["code"],
            receiving_agency_code=env["a_centre"].code,
            applicant=APPLICANT,
            at=at,
        )
        d = services.perform(
            d, "forward", actor=env["staff"]["reception_a"], at=at + dt.timedelta(minutes=10), to_user=env["staff"]["processing_a"].pk
        )
        return services.perform(d, "forward", actor=env["staff"]["processing_a"], at=at + dt.timedelta(hours=1))

    return make
