"""Every PDF the system issues is signed (PAdES, visible stamp) by the issuing agency's key, and
anyone can verify it (docs/rules.md section 3.1): poppler's ``pdfsig`` finds a valid signature, a
changed byte fails both ``pdfsig`` and the verification, keys that are missing, expired or revoked
issue nothing."""

import base64
import datetime as dt
import json
import shutil
import subprocess
from http.server import BaseHTTPRequestHandler

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from motcua.core.pdf import Seal, html_to_pdf
from motcua.core.testing import FakeCounterpart, send_json
from motcua.documents.rendering import render_form
from motcua.signatures import pki
from motcua.signatures.models import IssuedDocument
from motcua.signatures.services import SigningError, key_dir, register_pkcs12, register_remote, revoke, seal_pdf
from motcua.signatures.verification import verify

PDFSIG = shutil.which("pdfsig")


@pytest.fixture
def agency_key(env):
    """Commune A's centre holds its own key, issued by this installation's CA."""
    data = pki.issue_pkcs12(pki.demo_ca(key_dir()), common_name="Trung tâm PVHCC xã A", organisation=env["a_centre"].code)
    return register_pkcs12(data, location="a-centre.p12", agency=env["a_centre"])


def pdfsig(data: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run([str(PDFSIG), str(path)], capture_output=True, text=True, check=False).stdout  # noqa: S603


def tamper(data: bytes) -> bytes:
    """One byte of the page content changed (inside the signed range)."""
    at = data.index(b"stream") + 20
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def test_the_receipt_is_signed_by_the_receiving_agency_and_a_changed_byte_is_caught(env, receive, agency_key, tmp_path):
    assert PDFSIG is not None, "pdfsig (poppler-utils) is installed by make test (scripts/install-system-deps.sh)"
    d = receive()
    signed = render_form(d, "receipt").pdf
    report = pdfsig(signed, tmp_path)
    assert "Signature is Valid." in report
    assert "Trung tâm PVHCC xã A" in report
    verdict = verify(signed)
    assert verdict.valid, verdict.reason_en
    assert (verdict.issuer, verdict.kind, verdict.dossier) == ("Trung tâm PVHCC xã A", "receipt", d.code)
    document = IssuedDocument.objects.get(dossier_code=d.code)
    assert document.key == agency_key
    changed = tamper(signed)
    assert "Signature is Valid." not in pdfsig(changed, tmp_path)
    refused = verify(changed)
    assert not refused.valid and "changed" in refused.reason_en


def test_a_sub_agency_without_a_key_is_signed_with_its_parents(env, receive, tmp_path):
    data = pki.issue_pkcs12(pki.demo_ca(key_dir()), common_name="UBND tỉnh thử", organisation="province")
    register_pkcs12(data, location="province.p12", agency=env["province"])
    signed = render_form(receive(), "receipt").pdf
    verdict = verify(signed)
    assert verdict.valid and verdict.issuer == "Trung tâm PVHCC xã A"  # the issuing agency, by its parent's key
    assert IssuedDocument.objects.get().signer == "UBND tỉnh thử"


def test_an_expired_or_revoked_key_issues_nothing(env, receive, agency_key, settings):
    settings.SIGNING_FALLBACK_KEY_FILE = ""
    d = receive()
    past = timezone.now() - dt.timedelta(days=800)
    old = pki.issue_pkcs12(pki.demo_ca(key_dir()), common_name="Khóa cũ", organisation="x", valid_from=past, days=30)
    expired = register_pkcs12(old, location="old.p12", agency=env["b_centre"])
    with pytest.raises(SigningError) as refused:
        seal_pdf(html_to_pdf("<p>x</p>"), Seal(agency=env["b_centre"], kind="receipt"))
    assert "hết hiệu lực" in refused.value.message_vi
    assert expired.not_after < timezone.now()
    revoke(agency_key, reason="Lộ khóa")
    with pytest.raises(SigningError) as refused:
        render_form(d, "receipt")
    assert "thu hồi" in refused.value.message_vi
    assert IssuedDocument.objects.count() == 0


def test_an_agency_tree_without_any_key_issues_nothing(env, receive, settings):
    settings.SIGNING_FALLBACK_KEY_FILE = ""
    with pytest.raises(SigningError) as refused:
        render_form(receive(), "receipt")
    assert "chưa có chứng thư số" in refused.value.message_vi


def test_a_signature_by_another_authority_or_no_signature_is_not_valid(env, tmp_path):
    foreign = pki.issue_pkcs12(pki.demo_ca(tmp_path / "elsewhere"), common_name="Cơ quan giả mạo", organisation="x")
    register_pkcs12(foreign, location="foreign.p12", agency=env["b_centre"])  # a key from outside this system's authorities
    signed = seal_pdf(html_to_pdf("<p>x</p>"), Seal(agency=env["b_centre"], kind="receipt"))
    verdict = verify(signed)
    assert not verdict.valid and "not from a certificate of this system" in verdict.reason_en
    assert "no digital signature" in verify(html_to_pdf("<p>unsigned</p>")).reason_en
    assert "not a PDF" in verify(b"hello").reason_en


def test_verify_page_and_public_api(env, receive, agency_key, client):
    signed = render_form(receive(), "receipt").pdf
    page = client.post(reverse("signatures:verify"), {"file": SimpleUploadedFile("bien-nhan.pdf", signed, "application/pdf")})
    assert page.status_code == 200 and "Hợp lệ" in page.content.decode()
    answer = client.post("/api/v1/public/verify", {"file": SimpleUploadedFile("x.pdf", tamper(signed), "application/pdf")})
    assert answer.status_code == 200
    body = answer.json()
    assert body["valid"] is False and body["reason"]
    good = client.post("/api/v1/public/verify", {"file": SimpleUploadedFile("x.pdf", signed, "application/pdf")}).json()
    assert (good["valid"], good["issuer"], good["document"]["kind"]) == (True, "Trung tâm PVHCC xã A", "receipt")
    assert client.post("/api/v1/public/verify", {}).status_code == 422


def test_verification_is_rate_limited_like_the_public_lookup(env, client, settings):
    settings.PUBLIC_LOOKUP_RATE = "2/m"
    for _ in range(2):
        assert (
            client.post("/api/v1/public/verify", {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4 x", "application/pdf")}).status_code == 200
        )
    assert client.post("/api/v1/public/verify", {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4 x", "application/pdf")}).status_code == 429


class FakeSigningService(FakeCounterpart):
    """A remote signing service on 127.0.0.1 that holds the key and signs what it is sent."""

    def __init__(self, key, token: str):
        self.key, self.token = key, token
        self.requests: list[dict] = []
        super().__init__()

    def handler(self):
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
                service.requests.append(body)
                if self.headers.get("Authorization") != f"Bearer {service.token}":
                    return send_json(self, {"error": "token"}, 401)
                signature = service.key.sign(base64.b64decode(body["data"]), ec.ECDSA(hashes.SHA256()))
                return send_json(self, {"signature": base64.b64encode(signature).decode()})

        return Handler


def test_a_key_held_by_the_remote_signing_service_signs_for_its_agency(env, receive, settings):
    data = pki.issue_pkcs12(pki.demo_ca(key_dir()), common_name="Trung tâm PVHCC xã A (HSM)", organisation="x")
    key, cert, _chain = pki.read_pkcs12(data)
    service = FakeSigningService(key, "hsm-token")
    settings.SIGNING_REMOTE_URL, settings.SIGNING_REMOTE_TOKEN = f"{service.base}/sign", "hsm-token"
    try:
        register_remote(cert.public_bytes(serialization.Encoding.PEM), key_id="centre-a", agency=env["a_centre"])
        signed = render_form(receive(), "receipt").pdf
        assert [r["key_id"] for r in service.requests] == ["centre-a"]
        verdict = verify(signed)
        assert verdict.valid and verdict.issuer == "Trung tâm PVHCC xã A"
        settings.SIGNING_REMOTE_TOKEN = "wrong"
        with pytest.raises(SigningError):
            render_form(receive(), "receipt")
    finally:
        service.close()


def test_a_document_that_cannot_be_signed_is_a_clear_refusal_not_a_500(env, receive, settings, client):
    settings.SIGNING_FALLBACK_KEY_FILE = ""
    d = receive()
    client.force_login(env["staff"]["reception_a"])
    page = client.get(reverse("documents:form_pdf", args=[d.code, "receipt"]))
    assert page.status_code == 503
    assert "chưa có chứng thư số" in page.content.decode()
    api = client.get(f"/api/v1/dossiers/{d.code}/forms/receipt")
    assert api.status_code == 503
    assert "signing certificate" in api.json()["message_en"]
