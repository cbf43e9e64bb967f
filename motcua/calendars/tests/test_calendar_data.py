"""The calendar as data: loading, seeding, administrator edits with who/when, the API, and
recomputing due times after a change (never silently)."""

import datetime as dt
import json

import pytest

from conftest import at
from motcua.calendars import hooks, services
from motcua.calendars.engine import Duration, Unit
from motcua.calendars.models import CalendarDay, CalendarYear
from motcua.calendars.selectors import engine_for
from motcua.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def post_json(client, url, payload):
    return client.post(url, json.dumps(payload), content_type="application/json")


def test_official_calendar_loads_once_and_keeps_admin_edits(official_calendar_db, make_user):
    count = CalendarDay.objects.count()
    assert count == 42
    admin = make_user(is_superuser=True)
    services.set_day(date=dt.date(2026, 11, 24), kind="day_off", reason="Ngày Văn hóa Việt Nam", confirmed=True, actor=admin)
    services.load_official_calendar()
    assert CalendarDay.objects.count() == count
    row = CalendarDay.objects.get(date=dt.date(2026, 11, 24))
    assert row.confirmed and row.updated_by == admin
    assert CalendarYear.objects.get(year=2024).confirmed
    assert not CalendarYear.objects.get(year=2026).confirmed  # one entry still unconfirmed


def test_seeded_years_use_the_vietnamese_lunar_calendar_and_are_unconfirmed(official_calendar_db):
    assert services.seed_year(2030) > 0
    assert services.seed_year(2030) == 0  # once
    tet = CalendarDay.objects.get(date=dt.date(2030, 2, 4))  # Tết 2030: 2 February in Vietnam (Saturday)
    assert not tet.confirmed and tet.source == "seeded"
    assert not CalendarYear.objects.get(year=2030).confirmed
    engine = engine_for(None)
    assert not engine.calendar.is_working(dt.date(2030, 2, 4))
    assert services.seed_year(2026) == 0  # official years are never overwritten


def test_admin_changes_are_validated_recorded_and_take_effect(official_calendar_db, make_user):
    admin = make_user(is_superuser=True)
    assert engine_for(None).calendar.is_working(dt.date(2026, 12, 31))
    services.set_day(date=dt.date(2026, 12, 31), kind="day_off", reason="Nghỉ theo quyết định của tỉnh", confirmed=True, actor=admin)
    assert not engine_for(None).calendar.is_working(dt.date(2026, 12, 31))
    event = AuditEvent.objects.filter(action="calendar.day_set").latest("id")
    assert event.actor == admin and event.data["after"]["kind"] == "day_off"
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.set_day(date=dt.date(2026, 12, 26), kind="day_off", reason="Thứ Bảy", confirmed=True, actor=admin)
    with pytest.raises(ValidationError):
        services.set_day(date=dt.date(2026, 12, 28), kind="working_day", reason="Thứ Hai", confirmed=True, actor=admin)


def test_agency_specific_day_applies_to_its_subtree_only(official_calendar_db, make_agency):
    province = make_agency(level="province")
    commune = make_agency(parent=province)
    other = make_agency()
    services.set_day(date=dt.date(2026, 12, 30), kind="day_off", reason="Ngày nghỉ riêng của tỉnh", confirmed=True, agency=province)
    assert not engine_for(commune).calendar.is_working(dt.date(2026, 12, 30))
    assert engine_for(other).calendar.is_working(dt.date(2026, 12, 30))
    assert engine_for(None).calendar.is_working(dt.date(2026, 12, 30))


def test_office_hours_per_agency(official_calendar_db, make_agency):
    agency = make_agency()
    services.set_office_hours(
        agency=agency, effective_from=dt.date(2026, 1, 1), morning=(dt.time(7), dt.time(11)), afternoon=(dt.time(13), dt.time(16, 30))
    )
    assert engine_for(agency).compute_due(at("2026-03-02 10:00"), Duration(1, Unit.WORKING_DAYS)).due_at == at("2026-03-03 16:30")
    assert engine_for(None).compute_due(at("2026-03-02 10:00"), Duration(1, Unit.WORKING_DAYS)).due_at == at("2026-03-03 17:00")


def test_due_api_example_from_the_rules(client, official_calendar_db):
    response = post_json(
        client, "/api/v1/calendar/due", {"received_at": "2026-02-13T10:00:00+07:00", "duration": {"value": 3, "unit": "working_days"}}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["due_at"] == "2026-02-25T17:00:00+07:00"
    assert body["effective_start"] == "2026-02-13T10:00:00+07:00"
    skipped = {e["date"]: e["reason"] for e in body["explanation"] if not e["counted"] and e["kind"] == "day"}
    assert "Tết" in skipped["2026-02-17"]
    assert [e["date"] for e in body["explanation"] if e["counted"] and e["kind"] == "day"] == ["2026-02-23", "2026-02-24", "2026-02-25"]


def test_due_api_with_pauses_same_day_and_agency(client, official_calendar_db, make_agency):
    agency = make_agency()
    body = post_json(
        client,
        "/api/v1/calendar/due",
        {
            "received_at": "2026-03-02T10:00:00+07:00",
            "duration": {"value": 5, "unit": "working_days"},
            "agency": agency.code,
            "pauses": [{"start": "2026-03-03T07:30:00+07:00", "end": "2026-03-05T07:30:00+07:00"}],
        },
    ).json()
    assert body["due_at"] == "2026-03-11T17:00:00+07:00" and body["paused_minutes"] == 900
    body = post_json(
        client,
        "/api/v1/calendar/due",
        {"received_at": "2026-03-02T15:30:00+07:00", "duration": {"value": 1, "unit": "same_day"}, "same_day_cutoff": "16:00"},
    ).json()
    assert body["due_at"] == "2026-03-02T17:00:00+07:00"


@pytest.mark.parametrize(
    "payload",
    [
        {"received_at": "not a date", "duration": {"value": 3, "unit": "working_days"}},
        {"received_at": "2026-02-13T10:00:00+07:00", "duration": {"value": 3, "unit": "fortnights"}},
        {"received_at": "2026-02-13T10:00:00+07:00", "duration": {"value": -2, "unit": "working_days"}},
        {"received_at": "2026-02-13T10:00:00+07:00", "duration": {"value": 1.3, "unit": "working_days"}},
        {"received_at": "2026-02-13T10:00:00+07:00", "duration": {"value": 3, "unit": "working_days"}, "same_day_cutoff": "15:00"},
        {"received_at": "2026-02-13T10:00:00+07:00", "duration": {"value": 1, "unit": "same_day"}, "same_day_cutoff": "25:99"},
        {"received_at": "2026-02-13T10:00:00+07:00", "duration": {"value": 3, "unit": "working_days"}, "agency": "999.99.99.Z99"},
        {
            "received_at": "2026-02-13T10:00:00+07:00",
            "duration": {"value": 3, "unit": "working_days"},
            "pauses": [{"start": "2026-02-14T10:00:00+07:00", "end": "2026-02-13T10:00:00+07:00"}],
        },
        {"received_at": "2150-02-13T10:00:00+07:00", "duration": {"value": 3, "unit": "working_days"}},
        {"duration": {"value": 3, "unit": "working_days"}},
    ],
)
def test_due_api_refuses_invalid_input_with_422_in_two_languages(client, official_calendar_db, payload):
    response = post_json(client, "/api/v1/calendar/due", payload)
    assert response.status_code == 422
    body = response.json()
    assert body["message"] and body["message_en"] and body["message"] != body["message_en"]


def test_days_api(client, official_calendar_db):
    response = client.get("/api/v1/calendar/days", {"start": "2026-01-01", "end": "2026-01-12"})
    assert response.status_code == 200
    days = {d["date"]: d for d in response.json()["days"]}
    assert len(days) == 12
    assert days["2026-01-02"]["working"] is False and "hoán đổi" in days["2026-01-02"]["reason"]
    assert days["2026-01-10"]["working"] is True and "Làm bù" in days["2026-01-10"]["reason"]
    assert days["2026-01-05"]["working"] is True
    assert client.get("/api/v1/calendar/days", {"start": "2026-02-01", "end": "2026-01-01"}).status_code == 422
    assert client.get("/api/v1/calendar/days", {"start": "2020-01-01", "end": "2026-01-01"}).status_code == 422
    assert client.get("/api/v1/calendar/days", {"start": "x", "end": "2026-01-01"}).status_code == 422


class FakeProvider:
    """Stands in for the dossier domain until it exists: open items with due times."""

    name = "fake"

    def __init__(self, items):
        self.items = {i.key: i for i in items}
        self.applied = {}

    def open_subjects(self, start, end):
        return list(self.items.values())

    def apply(self, key, new_due, *, actor):
        self.applied[key] = new_due


@pytest.fixture
def provider(official_calendar_db):
    services.seed_year(2027)
    engine = engine_for(None)
    items = []
    for key, received in [("HS-1", "2026-12-28 10:00"), ("HS-2", "2026-12-01 10:00"), ("HS-3", "2026-12-29 09:00")]:
        duration = Duration(3, Unit.WORKING_DAYS)
        items.append(
            hooks.DeadlineSubject(
                key, f"Hồ sơ {key}", at(received), duration, engine.compute_due(at(received), duration, explain=False).due_at
            )
        )
    fake = hooks.register(FakeProvider(items))
    yield fake
    hooks.unregister("fake")


def test_calendar_change_lists_affected_dossiers_and_changes_nothing_until_asked(provider, make_user):
    admin = make_user(is_superuser=True)
    services.set_day(date=dt.date(2026, 12, 30), kind="day_off", reason="Nghỉ đột xuất", confirmed=True, actor=admin)
    changes = services.preview_recompute(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert {c["key"] for c in changes} == {"HS-1", "HS-3"}  # HS-2 was due long before
    assert provider.applied == {}
    change = next(c for c in changes if c["key"] == "HS-1")
    assert change["old_due"] == at("2026-12-31 17:00") and change["new_due"] == at("2027-01-04 17:00")
    assert services.recompute(dt.date(2026, 1, 1), dt.date(2026, 12, 31), {"HS-1"}, actor=admin) == 1
    assert provider.applied == {"HS-1": at("2027-01-04 17:00")}
    event = AuditEvent.objects.get(action="deadline.recomputed")
    assert event.actor == admin and event.data["key"] == "HS-1"


def test_calendar_page_shows_the_year_and_admin_can_edit(client, official_calendar_db, make_user, provider):
    admin = make_user(is_superuser=True)
    client.force_login(admin)
    page = client.get("/calendar/?year=2026")
    assert page.status_code == 200
    assert "Tết Nguyên đán (mùng 1)" in page.content.decode()
    response = client.post("/calendar/days/", {"date": "2026-12-30", "kind": "day_off", "reason": "Nghỉ đột xuất", "confirmed": "on"})
    assert response.status_code == 302
    page = client.get("/calendar/?year=2026").content.decode()
    assert "Hồ sơ HS-1" in page and "Nghỉ đột xuất" in page
    response = client.post("/calendar/recompute/", {"start": "2026-01-01", "end": "2026-12-31", "key": ["HS-1", "HS-3"]})
    assert response.status_code == 302 and set(provider.applied) == {"HS-1", "HS-3"}


def test_calendar_edits_are_for_administrators_only(client, official_calendar_db, make_user, make_agency):
    officer = make_user(agency=make_agency(), role="reception")
    client.force_login(officer)
    assert client.get("/calendar/").status_code == 200
    assert client.post("/calendar/days/", {"date": "2026-12-30", "kind": "day_off", "reason": "x"}).status_code == 403
    assert not CalendarDay.objects.filter(date=dt.date(2026, 12, 30)).exists()


def test_due_form_explains(client, official_calendar_db, make_user):
    client.force_login(make_user())
    page = client.get("/calendar/due/", {"received_at": "2026-02-13T10:00", "value": "3", "unit": "working_days"}, HTTP_HX_REQUEST="true")
    text = page.content.decode()
    assert page.status_code == 200 and "25/02/2026" in text and "Tết Nguyên đán" in text
    bad = client.get("/calendar/due/", {"received_at": "2026-02-13T10:00", "value": "1.3", "unit": "working_days"})
    assert bad.status_code == 200 and "nửa ngày" in bad.content.decode()
