"""Dossier fixtures shared by every app's tests (loaded by the root conftest)."""

import datetime as dt

import pytest

from motcua.catalog import services as catalog
from motcua.catalog.tests.conftest import make_spec, route
from motcua.dossiers import services
from motcua.dossiers.services import Applicant

APPLICANT = Applicant(name="Nguyễn Thị Bình", id_number="068190001234", birth_date=dt.date(1990, 3, 4), phone="0912345678", email="binh@example.invalid", address="12 Trần Phú")


@pytest.fixture
def env(db, two_communes, make_user, official_calendar_db):
    """Two communes (A, B) each with a service centre and staff; one published procedure
    (3 working days) competent in both, with a route reception → appraisal → approval → return."""
    catalog.ensure_field("HT", "Hộ tịch")
    a, b = two_communes["a"], two_communes["b"]
    spec = make_spec(
        competent_agencies=(a.code, b.code), receiving_agencies=(two_communes["a_centre"].code, two_communes["b_centre"].code),
        online_level="full", postal_allowed=True, routes=(route(24),),
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
            actor=actor or env["staff"]["reception_a" if agency == "a_centre" else "reception_b"], procedure_code=env["code"],
            receiving_agency_code=env[agency].code, applicant=kw.pop("applicant", APPLICANT), at=at, **kw,
        )

    return make
