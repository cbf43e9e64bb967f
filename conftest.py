"""Shared fixtures: small made-up organisations and staff, and the official calendar engine."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
import yaml

from motcua.calendars.engine import DayException, DeadlineEngine, WorkCalendar
from motcua.core import testing

pytest_plugins = ["motcua.dossiers.tests.fixtures", "pytester"]  # env, receive: a published procedure in two communes with staff

OFFICIAL_YAML = Path(__file__).resolve().parent / "motcua" / "calendars" / "data" / "vn-civil-service.yaml"
_seq = itertools.count(1)


def official_entries() -> list[dict]:
    data = yaml.safe_load(OFFICIAL_YAML.read_text(encoding="utf-8"))
    return [entry for entries in data["years"].values() for entry in entries]


def official_calendar() -> WorkCalendar:
    return WorkCalendar({e["date"]: DayException(e["kind"] == "working_day", e["reason"], e["confirmed"]) for e in official_entries()})


@pytest.fixture(scope="session")
def engine() -> DeadlineEngine:
    return DeadlineEngine(official_calendar())


@pytest.fixture
def make_unit(db):
    from motcua.organisations.models import AdministrativeUnit

    def make(level="commune", parent=None, **kw):
        n = next(_seq)
        return AdministrativeUnit.objects.create(
            level=level, code=kw.pop("code", f"T{n:05d}"), name=kw.pop("name", f"Đơn vị thử {n}"), parent=parent, **kw
        )

    return make


@pytest.fixture
def make_agency(db, make_unit):
    from motcua.organisations.choices import AgencyKind, AgencyLevel
    from motcua.organisations.services import create_agency

    def make(parent=None, **kw):
        n = next(_seq)
        defaults = {
            "code": f"000.{n % 100:02d}.{(n // 100) % 100:02d}.T{n % 100:02d}",
            "name": f"Cơ quan thử {n}",
            "kind": AgencyKind.PEOPLES_COMMITTEE,
            "level": AgencyLevel.COMMUNE,
        }
        defaults.update(kw)
        if "admin_unit" not in defaults:
            defaults["admin_unit"] = make_unit()
        return create_agency(parent=parent, **defaults)

    return make


@pytest.fixture
def make_user(db):
    from django.contrib.auth import get_user_model

    from motcua.accounts.services import add_membership

    def make(agency=None, role="processing", password="Mật-khẩu-thử-123", **kw):  # noqa: S107
        n = next(_seq)
        user = get_user_model().objects.create_user(
            username=kw.pop("username", f"user{n}"), password=password, full_name=kw.pop("full_name", f"Người dùng {n}"), **kw
        )
        if agency is not None:
            add_membership(user, agency, role)
        return user

    return make


@pytest.fixture
def two_communes(make_agency):
    """Two communes under one province, each with a service centre."""
    province = make_agency(level="province", name="UBND tỉnh thử")
    a = make_agency(parent=province, name="UBND xã A")
    a_centre = make_agency(parent=a, name="Trung tâm PVHCC xã A", kind="service_centre")
    b = make_agency(parent=province, name="UBND xã B")
    b_centre = make_agency(parent=b, name="Trung tâm PVHCC xã B", kind="service_centre")
    return {"province": province, "a": a, "a_centre": a_centre, "b": b, "b_centre": b_centre}


@pytest.fixture
def official_calendar_db(db):
    from motcua.calendars.services import load_official_calendar

    load_official_calendar()


def at(text: str) -> dt.datetime:
    """'2026-02-13 10:00' in Vietnam time."""
    from motcua.calendars.engine import TZ

    return dt.datetime.fromisoformat(text).replace(tzinfo=TZ)


@pytest.fixture(scope="session", autouse=True)
def _allow_flush_of_the_audit_table():
    """Transactional tests end with `flush`; on SQLite the audit triggers refuse DELETE, so flush
    alone may empty the table. Everything else still hits the triggers."""
    from django.core.management.commands import flush

    from motcua.core import apps as core_apps

    original = flush.Command.handle

    def handle(self, *args, **options):
        core_apps.AUDIT_UNLOCKED_FOR_FLUSH = True
        try:
            return original(self, *args, **options)
        finally:
            core_apps.AUDIT_UNLOCKED_FOR_FLUSH = False

    flush.Command.handle = handle
    yield
    flush.Command.handle = original


@pytest.fixture(scope="session", autouse=True)
def _test_pki(tmp_path_factory):
    """Issued PDFs are signed in every test (docs/rules.md section 3.1): a test CA of this worker,
    and its key as the fallback that signs for the agencies a test creates without keys."""
    from django.conf import settings

    from motcua.signatures import pki

    directory = tmp_path_factory.mktemp("pki")
    ca = pki.demo_ca(directory)
    fallback = directory / "fallback.p12"
    fallback.write_bytes(pki.issue_pkcs12(ca, common_name="Khóa thử của bộ kiểm thử", organisation="motcua tests"))
    settings.SIGNING_KEY_DIR, settings.SIGNING_FALLBACK_KEY_FILE, settings.SIGNING_KEY_PASSPHRASE = str(directory), str(fallback), ""
    yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached scopes live in the cache, reference data in the process caches of
    ``core.revisions``: every test starts with both empty."""
    from django.core.cache import cache

    from motcua.core import revisions

    cache.clear()
    revisions.clear()
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failing story test names the step it was in (``core.testing.step``)."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "setup":
        testing.last_step(reset=True)
    elif report.when == "call" and report.failed and (where := testing.last_step()):
        report.longrepr = f"{report.longrepr}\n\n[story step] failed in: {where}"
