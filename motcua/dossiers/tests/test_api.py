"""The dossier API: reception, reads, actions, import, scoping and the public lookup."""

import datetime as dt
import json
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections

from conftest import at
from motcua.accounts.services import create_api_token
from motcua.dossiers import services
from motcua.dossiers.actions import ACTIONS
from motcua.dossiers.errors import Invalid
from motcua.dossiers.models import Dossier

from .fixtures import APPLICANT

BODY = {
    "applicant": {"name": "Trần Văn Cường", "id_number": "068085004321", "birth_date": "1985-02-01", "phone": "0987654321"},
    "channel": "counter",
}


def bearer(user):
    token = create_api_token(user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {token[1] if isinstance(token, tuple) else token}"}


def body(env, **kw):
    return {**BODY, "procedure": env["code"], "receiving_agency": env["a_centre"].code, **kw}


def test_counter_reception_answers_201_with_code_and_due(env, client):
    response = client.post("/api/v1/dossiers", body(env), content_type="application/json", **bearer(env["staff"]["reception_a"]))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["code"].startswith(env["a_centre"].code + "-") and data["lookup_secret"]
    assert data["status"] == "received" and data["national_status"] == 2
    assert data["received_at"] and data["due_at"] and data["events"][0]["action"] == "receive"


def test_the_reception_answer_is_what_a_later_read_returns(env, client):
    """The 201 body is built from the rows just written; it must be exactly what the dossier
    reads back as."""
    auth = bearer(env["staff"]["reception_a"])
    created = client.post("/api/v1/dossiers", body(env), content_type="application/json", **auth).json()
    read = client.get(f"/api/v1/dossiers/{created['code']}", **auth).json()
    assert created == read
    assert created["steps"][0]["agency"] == env["a_centre"].code and created["steps"][0]["assignee"] == env["staff"]["reception_a"].username
    assert created["events"][0]["to_agency"] == env["a_centre"].code and created["events"][0]["actor"]


def test_validation_errors_are_4xx_in_both_languages(env, client):
    auth = bearer(env["staff"]["reception_a"])
    bad_id = body(env, applicant={**BODY["applicant"], "id_number": "068185004321"})  # year 1985 vs 1985? digit 4 = 1 female 1900s: fine
    bad_id["applicant"]["birth_date"] = "1990-01-01"
    for payload in (bad_id, body(env, channel="fax"), body(env, procedure="1.2"), {"procedure": env["code"]}):
        response = client.post("/api/v1/dossiers", payload, content_type="application/json", **auth)
        assert 400 <= response.status_code < 500, payload
        assert response.json()["message"] and response.json()["message_en"]
    assert client.post("/api/v1/dossiers", "{not json", content_type="application/json", **auth).status_code in (400, 422)
    assert Dossier.objects.count() == 0


def test_actions_and_409(env, client):
    auth = bearer(env["staff"]["reception_a"])
    code = client.post("/api/v1/dossiers", body(env), content_type="application/json", **auth).json()["code"]
    url = f"/api/v1/dossiers/{code}/actions"
    forwarded = client.post(
        url, {"action": "forward", "to_user": env["staff"]["processing_a"].username, "version": 1}, content_type="application/json", **auth
    )
    assert forwarded.status_code == 200, forwarded.content
    assert forwarded.json()["current_assignee"] == env["staff"]["processing_a"].username
    stale = client.post(url, {"action": "forward", "version": 1}, content_type="application/json", **auth)
    assert stale.status_code == 409 and stale.json()["message_en"]
    not_allowed = client.post(url, {"action": "return_result"}, content_type="application/json", **auth)
    assert not_allowed.status_code == 409 and "resolved" not in not_allowed.json()["detail"]["allowed"]
    unknown = client.post(url, {"action": "teleport"}, content_type="application/json", **auth)
    assert unknown.status_code == 422
    extra = client.post(url, {"action": "resolve", "hack": 1}, content_type="application/json", **auth)
    assert extra.status_code == 422


def test_scoping_commune_b_cannot_read_or_act_on_a(env, client):
    a_auth, b_auth = bearer(env["staff"]["reception_a"]), bearer(env["staff"]["reception_b"])
    code = client.post("/api/v1/dossiers", body(env), content_type="application/json", **a_auth).json()["code"]
    assert client.get(f"/api/v1/dossiers/{code}", **b_auth).status_code == 404
    assert client.get("/api/v1/dossiers", **b_auth).json()["count"] == 0
    assert client.get("/api/v1/dossiers", {"q": code}, **b_auth).json()["count"] == 0
    assert (
        client.post(f"/api/v1/dossiers/{code}/actions", {"action": "forward"}, content_type="application/json", **b_auth).status_code == 404
    )
    assert client.post("/api/v1/dossiers", body(env), content_type="application/json", **b_auth).status_code == 403
    assert client.get(f"/api/v1/dossiers/{code}", **a_auth).status_code == 200
    assert client.get("/api/v1/dossiers", **a_auth).json()["count"] == 1
    assert client.get(f"/api/v1/dossiers/{code}").status_code == 401


def test_list_filters(env, client, receive):
    receive(at=at("2026-03-02 08:00"))
    services.perform(receive(at=at("2026-03-03 08:00")), "forward", actor=env["staff"]["admin"])
    auth = bearer(env["staff"]["admin"])
    assert client.get("/api/v1/dossiers", {"status": "4"}, **auth).json()["count"] == 1
    assert client.get("/api/v1/dossiers", {"status": "received"}, **auth).json()["count"] == 1
    assert client.get("/api/v1/dossiers", {"due_before": "2026-03-06T00:00:00+07:00"}, **auth).json()["count"] == 1
    assert client.get("/api/v1/dossiers", {"q": "068190001234"}, **auth).json()["count"] == 2


def test_public_lookup_leaks_nothing(env, client, receive):
    d = receive()
    ok = client.get(f"/api/v1/public/dossiers/{d.code}", {"secret": d.lookup_secret})
    assert ok.status_code == 200
    text = ok.content.decode()
    data = ok.json()
    assert data["applicant_initials"] == "N. T. B." and data["national_status"] == 2
    assert data["procedure"] == d.procedure.name and data["receiving_agency"] == d.receiving_agency.name and data["due_at"] is not None
    assert [s["agency"] for s in data["steps"]] == [s.agency.name for s in d.steps.select_related("agency").order_by("started_at", "id")]
    ms = dt.timedelta(milliseconds=1)  # the JSON carries milliseconds
    assert (
        abs(dt.datetime.fromisoformat(data["received_at"]) - d.received_at) < ms
        and abs(dt.datetime.fromisoformat(data["due_at"]) - d.due_at) < ms
    )
    assert abs(dt.datetime.fromisoformat(data["steps"][0]["started_at"]) - d.steps.order_by("started_at").first().started_at) < ms
    for personal in (APPLICANT.id_number, "Nguyễn Thị Bình", "912345678", "binh@example.invalid", "Trần Phú", d.lookup_secret):
        assert personal not in text
    wrong = client.get(f"/api/v1/public/dossiers/{d.code}", {"secret": "AAAAAAAA"})
    unknown = client.get("/api/v1/public/dossiers/000.00.00.X00-260101-0001", {"secret": "AAAAAAAA"})
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()
    assert client.get(f"/api/v1/public/dossiers/{d.code}").status_code == 422


def test_import_endpoint(env, client):
    auth = bearer(env["staff"]["admin"])
    item = {
        "code": "LEGACY-1",
        "procedure": env["code"],
        "receiving_agency": env["a_centre"].code,
        "applicant": BODY["applicant"],
        "received_at": "2026-03-02T08:00:00+07:00",
        "events": [{"action": "forward", "at": "2026-03-02T09:00:00+07:00"}, {"action": "resolve", "at": "2026-03-04T09:00:00+07:00"}],
    }
    assert client.post("/api/v1/dossiers/import", item, content_type="application/json", **auth).status_code == 201
    assert client.post("/api/v1/dossiers/import", item, content_type="application/json", **auth).status_code == 200
    broken = {**item, "code": "LEGACY-2", "events": [{"action": "return_result", "at": "2026-03-02T09:00:00+07:00"}]}
    response = client.post("/api/v1/dossiers/import", broken, content_type="application/json", **auth)
    assert response.status_code == 422 and response.json()["status"] == "rejected"
    batch = client.post(
        "/api/v1/dossiers/import", {"dossiers": [item, broken, {**item, "code": "LEGACY-3"}]}, content_type="application/json", **auth
    ).json()
    assert (batch["created"], batch["exists"], batch["rejected"]) == (1, 1, 1)
    assert not Dossier.objects.filter(code="LEGACY-2").exists()
    clerk_b = bearer(env["staff"]["reception_b"])
    assert (
        client.post("/api/v1/dossiers/import", {**item, "code": "LEGACY-4"}, content_type="application/json", **clerk_b).status_code == 422
    )


def _event(action, when, **params):
    return {"action": action, "at": f"2026-03-{when}:00+07:00", **params}


def test_import_replays_every_action_with_its_parameters(env, client):
    """Supplements, an apology, a payment wait, an inter-agency transfer, a withdrawal and a
    stop: every parameter arrives in its action and the timeline comes out exactly."""
    auth = bearer(env["staff"]["admin"])
    officer = env["staff"]["processing_a"]
    base = {
        "procedure": env["code"],
        "receiving_agency": env["a_centre"].code,
        "applicant": BODY["applicant"],
        "received_at": "2026-03-02T08:00:00+07:00",
    }
    full = {
        **base,
        "code": "OLD-FULL",
        "events": [
            _event("assign", "02T09:00", to_user=officer.username, note="Giao xử lý"),
            _event("request_supplement", "02T10:00", note="Thiếu tờ khai", missing=["Tờ khai"]),
            _event("supplement_received", "03T10:00", note="Đã nhận"),
            _event("transfer_out", "03T11:00", to_agency=env["province"].code, note="Xin ý kiến"),
            _event("transfer_accept", "03T14:00", note="Đã nhận"),
            _event("transfer_in", "04T09:00", result="Có ý kiến đồng ý", note="Có ý kiến"),
            _event("request_payment", "04T10:00", amount=50000, note="Lệ phí"),
            _event("payment_received", "04T11:00", receipt="BL-0001"),
            _event("apologize", "05T16:00", reason="Cần xác minh thêm", new_appointment="2026-03-12T16:00:00+07:00"),
            _event("resolve", "06T09:00", result="Giấy xác nhận số 12"),
            _event("return_result", "06T10:00", channel="counter"),
        ],
    }
    response = client.post("/api/v1/dossiers/import", full, content_type="application/json", **auth)
    assert response.status_code == 201, response.content
    d = Dossier.objects.get(code="OLD-FULL")
    events = {e.action: e for e in d.events.all()}
    assert d.state == "returned" and d.supplement_count == 1 and d.apology_count == 1 and d.fee_amount == 50000
    assert events["assign"].to_user == officer and events["assign"].note == "Giao xử lý"
    assert events["request_supplement"].note == "Thiếu tờ khai" and events["request_supplement"].data["missing"] == ["Tờ khai"]
    assert events["transfer_out"].to_agency == env["province"] and events["payment_received"].data["receipt"] == "BL-0001"
    assert d.appointment_at == at("2026-03-12 16:00") and events["resolve"].data["result"] == "Giấy xác nhận số 12"
    assert d.due_at == at("2026-03-06 17:00")  # 3 working days from 03/03, moved by the day the supplement took
    for code, tail, state in (
        ("OLD-W", [_event("withdraw", "02T11:00", reason="Không cần nữa")], "withdrawn"),
        ("OLD-S", [_event("stop", "02T11:00", reason="Có tranh chấp")], "stopped"),
    ):
        r = client.post("/api/v1/dossiers/import", {**base, "code": code, "events": tail}, content_type="application/json", **auth)
        assert r.status_code == 201 and Dossier.objects.get(code=code).state == state
        assert Dossier.objects.get(code=code).events.get(action=tail[0]["action"]).note == tail[0]["reason"]
    unknown = {**base, "code": "OLD-X", "events": [_event("stop", "02T11:00", reason="x", colour="red")]}
    r = client.post("/api/v1/dossiers/import", unknown, content_type="application/json", **auth)
    assert r.status_code == 422 and not Dossier.objects.filter(code="OLD-X").exists()  # an unknown parameter is refused, not dropped


def _parallel(n, fn):
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run(i):
        try:
            barrier.wait(timeout=10)
            results.append(fn(i))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


pg_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="threads share one in-memory SQLite test database; CI runs this on PostgreSQL"
)


@pg_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_receptions_get_unique_codes(transactional_db, env, receive):
    results, errors = _parallel(8, lambda i: receive(at=at("2026-03-02 08:00")).code)
    assert errors == []
    assert len(set(results)) == 8
    assert sorted(int(c[-4:]) for c in results) == list(range(1, 9))


@pg_only
@pytest.mark.django_db(transaction=True)
def test_two_officers_at_once_exactly_one_wins(transactional_db, env, receive):
    d = services.perform(receive(), "forward", actor=env["staff"]["admin"])
    version = d.version
    results, errors = _parallel(
        2, lambda i: services.perform(d.code, "resolve", actor=env["staff"]["leader_a"], expected_version=version).state
    )
    assert results == ["resolved"]
    assert len(errors) == 1 and getattr(errors[0], "status", None) == 409
    assert Dossier.objects.get(pk=d.pk).events.filter(action="resolve").count() == 1


def test_a_nul_character_anywhere_is_a_4xx_and_writes_nothing(env, client):
    """PostgreSQL cannot store NUL in text: the API refuses it at the door (body, query, path)."""
    auth = bearer(env["staff"]["reception_a"])
    for bad in (
        body(env, receiving_agency=env["a_centre"].code + "\x00"),
        {**body(env), "applicant": {**BODY["applicant"], "name": "Trần\x00Cường"}},
    ):
        response = client.post("/api/v1/dossiers", bad, content_type="application/json", **auth)
        assert response.status_code == 422 and "NUL" in response.json()["message_en"]
    response = client.get("/api/v1/dossiers", {"q": "a\x00b"}, **auth)
    assert response.status_code == 400 and "NUL" in response.json()["message_en"]
    assert client.get("/api/v1/dossiers/ABC%00DEF", **auth).status_code in (400, 404)
    assert not Dossier.objects.exists()


def test_a_withdrawn_membership_takes_effect_at_the_next_request(env, client):
    """Scopes are cached per process: a membership changed in any way is seen at once."""
    from motcua.accounts.models import Membership

    officer = env["staff"]["reception_a"]
    auth = bearer(officer)
    assert client.post("/api/v1/dossiers", body(env), content_type="application/json", **auth).status_code == 201
    Membership.objects.filter(user=officer).update(is_active=False)  # no role left: not staff at all
    assert client.post("/api/v1/dossiers", body(env), content_type="application/json", **auth).status_code == 401
    Membership.objects.filter(user=officer).update(is_active=True)
    assert client.post("/api/v1/dossiers", body(env), content_type="application/json", **auth).status_code == 201
    Membership.objects.get(user=officer).delete()
    assert client.post("/api/v1/dossiers", body(env), content_type="application/json", **auth).status_code == 401


def test_every_action_has_its_own_documented_request_schema():
    schemas = json.loads((Path(settings.BASE_DIR) / "docs" / "openapi.json").read_text(encoding="utf-8"))["components"]["schemas"]
    for action in ACTIONS.values():
        if action.name == "submit":
            continue
        name = "".join(part.capitalize() for part in action.name.split("_"))
        for suffix, common in (("Action", {"version"}), ("Event", {"at"})):
            schema = schemas[f"{name}{suffix}"]
            assert set(schema["properties"]) == {"action", *common, *(p.name for p in action.params)}, (action.name, suffix)
            assert {p.name for p in action.params if p.required} <= set(schema["required"]) and schema["additionalProperties"] is False


def test_a_parameter_an_action_does_not_take_is_refused(env, client):
    auth = bearer(env["staff"]["reception_a"])
    code = client.post("/api/v1/dossiers", body(env), content_type="application/json", **auth).json()["code"]
    r = client.post(f"/api/v1/dossiers/{code}/actions", {"action": "forward", "amount": 5}, content_type="application/json", **auth)
    assert r.status_code == 422 and "amount" in r.json()["message_en"]
    r = client.post(f"/api/v1/dossiers/{code}/actions", {"action": "refuse"}, content_type="application/json", **auth)
    assert r.status_code == 422 and "reason" in r.json()["message"]  # the refusal's reason is required, and named
    with pytest.raises(Invalid):
        services.perform(code, "forward", actor=env["staff"]["reception_a"], colour="red")
