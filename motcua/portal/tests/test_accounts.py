"""Applicant accounts: registration with a code through the outbox, login by e-mail or phone,
lockout, and the OpenID Connect login against a fake identity provider on 127.0.0.1."""

import json
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from motcua.core.testing import FakeCounterpart, send_json
from motcua.dossiers.errors import Invalid
from motcua.notifications.models import Message
from motcua.portal import services
from motcua.portal.models import VerificationCode

from .conftest import PASSWORD, code_sent_to


def test_register_verify_and_log_in_by_email_or_phone(db, client):
    r = client.post(
        reverse("portal:register"),
        {"full_name": "Lê Thị Cúc", "email": "cuc@example.invalid", "phone": "0987 654 321", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert r.status_code == 302 and r["Location"] == reverse("portal:verify")
    user = get_user_model().objects.get(email="cuc@example.invalid")
    assert not user.applicant.verified and user.phone == "+84987654321"
    assert client.get(reverse("portal:mine")).status_code == 302  # unverified: to the code page
    message = Message.objects.get(template_key="account.verify")
    assert message.recipient == "cuc@example.invalid" and message.state == "pending"
    assert (
        client.post(
            reverse("portal:verify"), {"code": "000000" if code_sent_to("cuc@example.invalid") != "000000" else "111111"}
        ).status_code
        == 422
    )
    assert client.post(reverse("portal:verify"), {"code": code_sent_to("cuc@example.invalid")}).status_code == 302
    user.applicant.refresh_from_db()
    assert user.applicant.email_verified_at is not None
    assert client.get(reverse("portal:mine")).status_code == 200
    client.logout()
    for identifier in ("CUC@example.invalid", "0987654321", "+84 987 654 321"):
        r = client.post(reverse("portal:login"), {"username": identifier, "password": PASSWORD})
        assert r.status_code == 302, identifier
        client.logout()
    assert client.post(reverse("portal:login"), {"username": "0987654321", "password": "wrong-password"}).status_code == 200


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"full_name": "A", "email": "", "phone": ""}, "thư điện tử hoặc số điện thoại"),
        ({"full_name": "A", "email": "a@example.invalid", "password1": "123", "password2": "123"}, "password"),
        ({"full_name": "A", "email": "a@example.invalid", "password2": "khac-mat-khau-2026"}, "không khớp"),
        ({"full_name": "A", "phone": "12345"}, "điện thoại"),
    ],
)
def test_registration_errors_are_explained(db, client, data, field):
    payload = {"password1": PASSWORD, "password2": PASSWORD, **data}
    r = client.post(reverse("portal:register"), payload)
    assert r.status_code == 422 and get_user_model().objects.count() == 0
    assert field.lower() in r.content.decode().lower() or "mật khẩu" in r.content.decode().lower()


def test_an_email_or_phone_cannot_be_registered_twice(citizen, client):
    citizen(email="an@example.invalid", login=False)
    r = client.post(
        reverse("portal:register"), {"full_name": "B", "email": "AN@example.invalid", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert r.status_code == 422 and get_user_model().objects.count() == 1


def test_a_code_allows_five_wrong_tries_then_is_spent(db):
    user = services.register(full_name="Phạm Văn Dũng", phone="0911222333", password=PASSWORD)
    right = code_sent_to("+84911222333")
    assert Message.objects.get(template_key="account.verify").medium == "sms"
    for _ in range(5):
        assert not services.verify(user, "999999" if right != "999999" else "888888")
    assert not services.verify(user, right)  # spent after five failures
    VerificationCode.objects.update(created_at="2000-01-01T00:00:00Z")
    services.send_code(user)
    assert services.verify(user, code_sent_to("+84911222333"))


def test_codes_are_not_resent_within_a_minute(db):
    user = services.register(full_name="Hồ Thị Em", email="em@example.invalid", password=PASSWORD)
    with pytest.raises(Invalid):
        services.send_code(user)


def test_the_portal_login_locks_after_repeated_failures(citizen, client, settings):
    citizen(email="khoa@example.invalid", login=False)
    for _ in range(settings.LOGIN_MAX_FAILURES):
        client.post(reverse("portal:login"), {"username": "khoa@example.invalid", "password": "sai-mat-khau"})
    r = client.post(reverse("portal:login"), {"username": "khoa@example.invalid", "password": PASSWORD})
    assert r.status_code == 200 and "Tạm khóa" in r.content.decode()


def test_registration_is_rate_limited(db, client, settings):
    settings.PORTAL_FORM_RATE = "2/h"
    for i in range(2):
        client.post(
            reverse("portal:register"), {"full_name": "X", "email": f"x{i}@example.invalid", "password1": PASSWORD, "password2": PASSWORD}
        )
        client.logout()
    r = client.post(
        reverse("portal:register"), {"full_name": "X", "email": "x9@example.invalid", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert r.status_code == 429 and not get_user_model().objects.filter(email="x9@example.invalid").exists()


# --------------------------------------------------------------------------- OpenID Connect
class FakeIdentityProvider(FakeCounterpart):
    """Token, JWKS and userinfo endpoints of an OpenID Connect provider, signing with RS256."""

    def __init__(self, client_id: str):
        from cryptography.hazmat.primitives.asymmetric import rsa

        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.client_id, self.nonce = client_id, ""
        self.claims: dict = {}
        super().__init__()

    def handler(self):
        import jwt

        provider = self
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update({"kid": "test-key", "alg": "RS256", "use": "sig"})

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
                assert form["grant_type"] == ["authorization_code"] and form["code_verifier"]
                now = int(time.time())
                token = jwt.encode(
                    {
                        "iss": "https://id.example.invalid",
                        "aud": provider.client_id,
                        "sub": provider.claims["sub"],
                        "iat": now,
                        "exp": now + 300,
                        "nonce": provider.nonce,
                    },
                    provider.key,
                    algorithm="RS256",
                    headers={"kid": "test-key"},
                )
                send_json(
                    self, {"access_token": "at-" + provider.claims["sub"], "id_token": token, "token_type": "Bearer", "expires_in": 300}
                )

            def do_GET(self):  # noqa: N802
                send_json(self, {"keys": [jwk]} if self.path.startswith("/jwks") else provider.claims)

        return Handler


@pytest.fixture
def idp(settings):
    provider = FakeIdentityProvider("motcua-test")
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = "motcua-test", "secret-test"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://id.example.invalid/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = provider.base + "/token"
    settings.OIDC_OP_USER_ENDPOINT = provider.base + "/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = provider.base + "/jwks"
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "motcua.portal.auth.NationalIdBackend"]
    yield provider
    provider.close()


def _oidc_login(client, idp, claims):
    start = client.get(reverse("oidc_authentication_init") + "?next=/portal/dossiers/")
    assert start.status_code == 302 and start["Location"].startswith("https://id.example.invalid/authorize")
    query = parse_qs(urlparse(start["Location"]).query)
    assert query["code_challenge_method"] == ["S256"]
    idp.nonce, idp.claims = query["nonce"][0], claims
    return client.get(reverse("oidc_authentication_callback"), {"code": "auth-code", "state": query["state"][0]})


def test_national_identity_login_creates_then_finds_the_applicant(db, client, idp):
    assert "VNeID" in client.get(reverse("portal:login")).content.decode()
    claims = {"sub": "vneid-0001", "name": "Vũ Thị Giang", "citizen_id": "001190012345", "birthdate": "1990-01-02"}
    r = _oidc_login(client, idp, claims)
    assert r.status_code == 302 and r["Location"] == "/portal/dossiers/", r.get("Location")
    user = get_user_model().objects.get(applicant__oidc_subject="vneid-0001")
    assert user.full_name == "Vũ Thị Giang" and user.applicant.id_number == "001190012345" and user.applicant.verified
    assert client.get(reverse("portal:mine")).status_code == 200
    client.logout()
    _oidc_login(client, idp, {**claims, "name": "Vũ Thị Giang Hương"})
    assert get_user_model().objects.filter(applicant__oidc_subject="vneid-0001").count() == 1
    user.refresh_from_db()
    assert user.full_name == "Vũ Thị Giang Hương"


def test_a_forged_state_is_refused(db, client, idp):
    client.get(reverse("oidc_authentication_init"))
    idp.claims = {"sub": "vneid-evil"}
    r = client.get(reverse("oidc_authentication_callback"), {"code": "x", "state": "forged"})
    assert r.status_code in (302, 400) and not get_user_model().objects.filter(applicant__oidc_subject="vneid-evil").exists()
