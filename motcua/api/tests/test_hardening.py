"""What an attack on a production-style instance found, each at its cause: citizens are not
staff on the API, odd numbers are 4xx, dates are ISO text, bodies are JSON, long URIs and large
bodies are refused before any view, and nothing personal is cached."""

import json
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from ninja import Schema

import motcua.api.api  # noqa: F401 - every router's schemas are defined
from motcua.accounts.services import create_api_token
from motcua.portal import services as portal_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen_user(db):
    user = portal_services.register(full_name="Nguyễn Văn An", email="an.nguyen@example.invalid", password="mat-khau-rat-dai-2026")
    return user


@pytest.fixture
def staff_headers(env):
    return {"HTTP_AUTHORIZATION": f"Bearer {create_api_token(env['staff']['reception_a'])[1]}"}


@pytest.mark.parametrize(
    "path", ["/api/v1/reform/rankings", "/api/v1/reform/rounds", "/api/v1/reform/frameworks", "/api/v1/dossiers", "/api/v1/me"]
)
def test_a_citizens_session_opens_no_staff_endpoint(client, citizen_user, path):
    client.force_login(citizen_user)
    assert client.get(path).status_code == 401


def test_a_citizens_bearer_token_opens_nothing(client, citizen_user):
    _token, raw = create_api_token(citizen_user)
    assert client.get("/api/v1/dossiers", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_a_staff_session_still_works(client, env):
    client.force_login(env["staff"]["reception_a"])
    assert client.get("/api/v1/dossiers").status_code == 200


@pytest.mark.parametrize(
    "query", ["status=%C2%B2", "status=%D9%A3", "due_before=0.5", "due_before=1700000000", "page=99999999999999999999999999999"]
)
def test_odd_query_values_answer_4xx_never_500(client, env, staff_headers, query):
    r = client.get(f"/api/v1/dossiers?{query}", **staff_headers)
    assert r.status_code in (200, 422), r.content
    if query.startswith("due_before"):
        assert r.status_code == 422 and "ISO 8601" in r.content.decode()


def test_a_date_without_offset_is_local_time(client, env, staff_headers, receive):
    receive()
    assert client.get("/api/v1/dossiers?due_before=2099-01-01", **staff_headers).json()["count"] == 1
    assert client.get("/api/v1/dossiers?due_before=2000-01-01T08:00", **staff_headers).json()["count"] == 0


@pytest.mark.parametrize("year", ["1" * 30, "-5", "0", "99999", "²"])
def test_a_30_digit_year_on_the_dashboard_is_not_a_500(client, env, year):
    client.force_login(env["staff"]["admin"])
    r = client.get(reverse("reports:dashboard"), {"year": year})
    assert r.status_code == 200


def test_json_sent_as_text_plain_or_without_a_type_is_415(client, env, staff_headers):
    body = json.dumps({"received_at": "2026-11-30T08:00:00+07:00", "amount": 1, "unit": "day"})
    for content_type in ("text/plain", ""):
        r = client.post("/api/v1/calendar/due", data=body, content_type=content_type)
        assert r.status_code == 415, (content_type, r.content)
        assert r.json()["message_en"].startswith("Send the body as JSON")
    assert client.post("/api/v1/calendar/due", data=body, content_type="application/json").status_code != 415


def test_long_uris_and_large_bodies_are_refused_before_any_view(client, settings):
    settings.MAX_URI_LENGTH, settings.MAX_REQUEST_BODY_MB = 500, 1
    r = client.get("/api/v1/procedures?q=" + "a" * 600)
    assert r.status_code == 414 and r.json()["message_en"] == "The request URI is too long."
    assert client.get("/portal/procedures/?q=" + "a" * 600).status_code == 414
    r = client.post("/api/v1/calendar/due", data=b"{}", content_type="application/json", CONTENT_LENGTH=str(2 * 1024 * 1024))
    assert r.status_code == 413


def test_pages_files_and_forms_with_personal_data_are_not_cached(client, env, receive):
    d = receive()
    client.force_login(env["staff"]["reception_a"])
    for url in (reverse("dossiers:detail", args=[d.code]), f"/api/v1/dossiers/{d.code}/forms/receipt", f"/api/v1/dossiers/{d.code}"):
        r = client.get(url)
        assert r.status_code == 200, url
        assert "no-store" in r["Cache-Control"], url


def test_the_api_documentation_is_served_from_here_under_the_csp(client):
    page = client.get("/api/v1/docs")
    body = page.content.decode()
    assert page.status_code == 200 and "cdn" not in body.lower() and "/static/ninja/swagger-ui-bundle.js" in body
    assert "script-src 'self'" in page["Content-Security-Policy"]


def test_every_schema_of_the_api_has_its_own_name():
    """Three classes called StepOut once shared one OpenAPI component: two operations were
    documented with another's body."""

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    names = Counter(cls.__name__ for cls in set(subclasses(Schema)) if cls.__module__.startswith("motcua."))
    assert [name for name, count in names.items() if count > 1] == []


def test_the_committed_openapi_documents_limits_and_media_types():
    schema = json.loads((Path(settings.BASE_DIR) / "docs" / "openapi.json").read_text(encoding="utf-8"))
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            statuses = set(operation["responses"])
            assert {"414", "429"} <= statuses, (method, path)
            if "application/json" in operation.get("requestBody", {}).get("content", {}):
                assert {"413", "415"} <= statuses, (method, path)
    due = schema["paths"]["/api/v1/calendar/due"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    steps = schema["components"]["schemas"][due.rsplit("/", 1)[-1]]["properties"]["explanation"]["items"]["$ref"]
    assert steps.endswith("/DueStepOut")
