import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from motcua.accounts import lockout
from motcua.accounts.models import ApiToken, LoginAttempt
from motcua.accounts.selectors import scope_by_agency, scoped_agencies, scoped_staff
from motcua.accounts.services import create_api_token
from motcua.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_scope_is_filtered_in_the_query(two_communes, make_user):
    officer_a = make_user(agency=two_communes["a"], role="processing")
    make_user(agency=two_communes["b"], role="processing", full_name="Cán bộ xã B")
    agencies = scoped_agencies(officer_a)
    assert set(agencies) == {two_communes["a"], two_communes["a_centre"]}
    assert "path" in str(agencies.query).lower() or "LIKE" in str(agencies.query).upper()
    staff = scoped_staff(officer_a)
    assert {u.full_name for u in staff} == {officer_a.full_name}
    events = scope_by_agency(AuditEvent.objects.all(), officer_a)
    assert not events.filter(agency=two_communes["b"]).exists()
    assert events.filter(agency=two_communes["a"]).exists()  # created by create_agency


def test_province_member_sees_the_whole_subtree_and_superuser_everything(two_communes, make_user):
    leader = make_user(agency=two_communes["province"], role="leader")
    assert scoped_agencies(leader).count() == 5
    root = make_user(is_superuser=True)
    assert scoped_agencies(root).count() >= 5
    inactive = make_user(agency=two_communes["province"], role="leader", is_active=False)
    assert scoped_agencies(inactive).count() == 0


def test_pages_and_api_never_show_another_communes_objects(client, two_communes, make_user):
    officer_a = make_user(agency=two_communes["a"], role="leader")
    make_user(agency=two_communes["b"], role="processing", full_name="Cán bộ xã B")
    client.force_login(officer_a)
    assert client.get(f"/organisations/{two_communes['b'].code}/").status_code == 404
    assert client.get(f"/organisations/{two_communes['a'].code}/").status_code == 200
    assert "Cán bộ xã B" not in client.get("/organisations/staff/").content.decode()
    both = make_user(agency=two_communes["a"], role="processing", full_name="Cán bộ hai xã")
    from motcua.accounts.services import add_membership

    add_membership(both, two_communes["b"], "leader")
    staff_page = client.get("/organisations/staff/").content.decode()
    assert "Cán bộ hai xã" in staff_page and two_communes["b"].name not in staff_page
    assert two_communes["b"].name not in client.get("/organisations/").content.decode()
    _, raw = create_api_token(officer_a)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    client.logout()
    codes = {a["code"] for a in client.get("/api/v1/agencies", **auth).json()}
    assert codes == {two_communes["a"].code, two_communes["a_centre"].code}
    assert client.get(f"/api/v1/agencies/{two_communes['b'].code}", **auth).status_code == 404
    assert "Cán bộ xã B" not in client.get("/api/v1/staff", **auth).content.decode()


def test_token_authentication(client, make_user, two_communes):
    user = make_user(agency=two_communes["a"], role="reception")
    token, raw = create_api_token(user, name="hệ thống thử")
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer mc_wrong").status_code == 401
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200 and response.json()["username"] == user.username
    assert response.json()["roles"] == ["reception"]
    assert raw not in str(ApiToken.objects.values_list("key_hash", flat=True))
    other, other_raw = create_api_token(user, name="hệ thống khác")
    call_command("revoke_api_token", token.prefix, stdout=io.StringIO())
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {other_raw}").status_code == 200  # only that one
    call_command("revoke_api_token", "--user", user.username, stdout=io.StringIO())
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {other_raw}").status_code == 401
    with pytest.raises(CommandError, match="No live token"):
        call_command("revoke_api_token", token.prefix, stdout=io.StringIO())
    _, expiring = create_api_token(user, expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {expiring}").status_code == 401
    body = client.get("/api/v1/me").json()
    assert body["message"] and body["message_en"]


def test_a_token_dies_with_its_user_and_records_its_last_use(client, make_user, two_communes):
    user = make_user(agency=two_communes["a"], role="reception")
    token, raw = create_api_token(user, expires_at=timezone.now() + dt.timedelta(days=1))
    assert token.last_used_at is None
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None and timezone.now() - token.last_used_at < dt.timedelta(minutes=1)
    user.is_active = False
    user.save()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_create_api_token_command(capsys, make_user, make_agency, client):
    user = make_user(make_agency(), username="tichhop")
    call_command("create_api_token", "tichhop")
    raw = capsys.readouterr().out.strip()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").json()["username"] == user.username


def test_lockout_after_repeated_failures_is_per_account_and_address(client, make_user, settings):
    settings.LOGIN_MAX_FAILURES = 3
    make_user(username="canbo", password="Đúng-mật-khẩu-1")
    for _ in range(3):
        response = client.post("/accounts/login/", {"username": "canbo", "password": "sai"}, REMOTE_ADDR="198.51.100.66")
        assert response.status_code == 200
    response = client.post("/accounts/login/", {"username": "canbo", "password": "Đúng-mật-khẩu-1"}, REMOTE_ADDR="198.51.100.66")
    assert response.status_code == 200 and "Tạm khóa" in response.content.decode()
    # Whoever guessed from their own address did not lock the officer out of the counter PC.
    assert client.post("/accounts/login/", {"username": "canbo", "password": "Đúng-mật-khẩu-1"}, REMOTE_ADDR="10.1.2.3").status_code == 302
    client.logout()
    outcomes = list(LoginAttempt.objects.order_by("id").values_list("ip", "outcome"))
    assert outcomes == [("198.51.100.66", "failed")] * 3 + [("198.51.100.66", "locked"), ("10.1.2.3", "succeeded")]
    call_command("reset_login_lockout", "--username", "canbo", "--ip", "198.51.100.66")
    assert (
        client.post("/accounts/login/", {"username": "canbo", "password": "Đúng-mật-khẩu-1"}, REMOTE_ADDR="198.51.100.66").status_code
        == 302
    )
    assert AuditEvent.objects.filter(action="account.login").count() == 2


def test_no_more_passwords_are_checked_than_the_budget_even_when_requests_race(make_user, settings, monkeypatch):
    """Each attempt reserves its place before the password is checked: eight racing attempts
    (all reserved before any finishes) get five checks, not eight."""
    settings.LOGIN_MAX_FAILURES = 5
    places, refused = [], 0
    for _ in range(8):
        try:
            places.append(lockout.reserve("canbo", "198.51.100.7"))
        except lockout.Locked:
            refused += 1
    assert len(places) == 5 and refused == 3
    for place in places:
        lockout.failed(place)
    with pytest.raises(lockout.Locked):
        lockout.reserve("canbo", "198.51.100.7")


def test_spraying_one_password_over_many_accounts_is_throttled(client, make_user, settings):
    settings.LOGIN_IP_MAX_FAILURES = 3
    make_user(username="nanNhan", password="Đúng-mật-khẩu-1")
    for name in ("a1", "a2", "a3"):
        client.post("/accounts/login/", {"username": name, "password": "Mua-xuan-2026"}, REMOTE_ADDR="203.0.113.9")
    r = client.post("/accounts/login/", {"username": "nanNhan", "password": "Đúng-mật-khẩu-1"}, REMOTE_ADDR="203.0.113.9")
    assert r.status_code == 200 and "Tạm khóa" in r.content.decode()
    assert (
        client.post("/accounts/login/", {"username": "nanNhan", "password": "Đúng-mật-khẩu-1"}, REMOTE_ADDR="203.0.113.10").status_code
        == 302
    )


@pytest.mark.parametrize(
    "data", [{"username": "", "password": ""}, {"username": "canbo", "password": ""}, {"username": "", "password": "x"}, {}]
)
def test_an_empty_login_is_a_form_error_not_a_500(client, db, data):
    for url in ("/accounts/login/", "/portal/login/"):
        r = client.post(url, data)
        assert r.status_code == 200 and ("is-invalid" in r.content.decode() or "errorlist" in r.content.decode()), url
    assert not LoginAttempt.objects.exists()


def test_login_logout_and_password_change(client, make_user):
    make_user(username="doimatkhau", password="Mật-khẩu-cũ-123")
    assert client.get("/").status_code == 302
    assert client.post("/accounts/login/", {"username": "doimatkhau", "password": "Mật-khẩu-cũ-123"}).status_code == 302
    assert client.get("/").status_code == 200
    response = client.post(
        "/accounts/password/",
        {"old_password": "Mật-khẩu-cũ-123", "new_password1": "Mật-khẩu-mới-456!", "new_password2": "Mật-khẩu-mới-456!"},
    )
    assert response.status_code == 302
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302
    assert client.post("/accounts/login/", {"username": "doimatkhau", "password": "Mật-khẩu-mới-456!"}).status_code == 302
