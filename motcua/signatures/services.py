"""Signing what the system issues (docs/rules.md section 3.1).

Every PDF the system issues carries a PAdES signature with a visible stamp: the issuing agency's
seal (its own key, else the nearest parent agency's, the stamp still naming the issuing agency),
or a leader's own certificate for a result they sign. Keys are PKCS#12 files (the embedded
default; ``make run`` issues DEMO ones from a demo CA), keys on a PKCS#11 token or HSM, or a
remote signing service over HTTP.
A missing, expired or revoked key is a ``SigningError``: nothing is issued unsigned by accident.
Each signed PDF's digest is kept (``IssuedDocument``) for the public verification.

pyHanko is imported on the first signature (inside the functions): it takes about 0.6 s to
import, which the processes that never sign (the job worker, most requests) are spared, as
WeasyPrint is in ``core.pdf``."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import threading
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from motcua.core.errors import BilingualError
from motcua.core.http import http
from motcua.core.pdf import FONTS, Seal
from motcua.organisations.models import Agency

from . import pki
from .models import IssuedDocument, SigningKey


class SigningError(BilingualError):
    status = 503


@dataclass(frozen=True)
class Key:
    """A usable key: the row (None for the configured fallback file) and its certificate."""

    row: SigningKey | None
    certificate: x509.Certificate
    pkcs12: bytes = b""
    remote_id: str = ""
    token_label: str = ""  # the key's label on the PKCS#11 token


# --------------------------------------------------------------------------- keys
def key_dir() -> Path:
    return Path(settings.SIGNING_KEY_DIR)


def _check(row: SigningKey, now: dt.datetime, owner: str) -> None:
    if row.revoked_at is not None:
        raise SigningError(
            f"Chứng thư số của {owner} đã bị thu hồi ({row.revoked_reason or timezone.localtime(row.revoked_at).strftime('%d/%m/%Y')}); "
            "chưa thể ban hành giấy tờ.",
            f"The certificate of {owner} was revoked: nothing can be issued.",
        )
    if now < row.not_before or now > row.not_after:
        raise SigningError(
            f"Chứng thư số của {owner} hết hiệu lực ngày {timezone.localtime(row.not_after):%d/%m/%Y}; chưa thể ban hành giấy tờ.",
            f"The certificate of {owner} is not valid now: nothing can be issued.",
        )


def key_for(agency: Agency, user=None, *, now: dt.datetime | None = None) -> Key:
    """The key that signs for ``agency`` (or the leader ``user``), checked valid now."""
    now = now or timezone.now()
    if user is not None:
        row = SigningKey.objects.filter(user=user, revoked_at__isnull=True).order_by("-not_after").first()
        row = row or SigningKey.objects.filter(user=user).order_by("-not_after").first()
        if row is None:
            raise SigningError(
                f"{user.get_full_name()} chưa đăng ký chứng thư số cá nhân để ký kết quả.", "You have no personal signing certificate."
            )
        _check(row, now, user.get_full_name())
        return _load(row)
    current: Agency | None = agency
    while current is not None:
        rows = list(SigningKey.objects.filter(agency=current, user__isnull=True).order_by("revoked_at", "-not_after")[:1])
        if rows:
            _check(rows[0], now, current.name)
            return _load(rows[0])
        current = current.parent
    if settings.SIGNING_FALLBACK_KEY_FILE:
        data = Path(settings.SIGNING_FALLBACK_KEY_FILE).read_bytes()
        _key, cert, _chain = pki.read_pkcs12(data, settings.SIGNING_KEY_PASSPHRASE)
        return Key(None, cert, pkcs12=data)
    raise SigningError(
        f"{agency.name} chưa có chứng thư số để ký giấy tờ; quản trị cần đăng ký khóa ký số cho cơ quan.",
        f"{agency.name} has no signing certificate: an administrator must register one.",
    )


def _load(row: SigningKey) -> Key:
    cert = x509.load_pem_x509_certificate(row.certificate.encode())
    if row.kind == SigningKey.Kind.REMOTE:
        return Key(row, cert, remote_id=row.location)
    if row.kind == SigningKey.Kind.PKCS11:
        return Key(row, cert, token_label=row.location)
    path = key_dir() / row.location
    try:
        data = path.read_bytes()
    except OSError:
        raise SigningError(f"Không đọc được tệp khóa ký số {row.location}.", f"The key file {row.location} cannot be read.") from None
    return Key(row, cert, pkcs12=data)


@transaction.atomic
def register_pkcs12(data: bytes, *, location: str, agency: Agency | None = None, user=None, is_demo: bool = False) -> SigningKey:
    """Keep a PKCS#12 file under ``SIGNING_KEY_DIR`` and register its certificate."""
    try:
        _key, cert, _chain = pki.read_pkcs12(data, settings.SIGNING_KEY_PASSPHRASE)
    except ValueError:
        raise SigningError("Tệp PKCS#12 không đọc được (sai mật khẩu hoặc hỏng).", "The PKCS#12 file cannot be read.", status=422) from None
    target = key_dir() / location
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    target.chmod(0o600)
    return _register(cert, kind=SigningKey.Kind.PKCS12, location=location, agency=agency, user=user, is_demo=is_demo)


@transaction.atomic
def register_remote(certificate_pem: bytes, *, key_id: str, agency: Agency | None = None, user=None) -> SigningKey:
    """A key held by the remote signing service (``SIGNING_REMOTE_URL``) under ``key_id``."""
    try:
        cert = x509.load_pem_x509_certificate(certificate_pem)
    except ValueError:
        raise SigningError("Chứng thư số (PEM) không hợp lệ.", "The certificate is not valid PEM.", status=422) from None
    return _register(cert, kind=SigningKey.Kind.REMOTE, location=key_id, agency=agency, user=user)


@transaction.atomic
def register_pkcs11(*, key_label: str, agency: Agency | None = None, user=None) -> SigningKey:
    """A key on the PKCS#11 token (``SIGNING_PKCS11_MODULE``) under ``key_label``; its
    certificate is read from the token (the certificate object with the same label)."""
    from pkcs11 import Attribute, ObjectClass

    label = (key_label or "").strip()
    found = list(_token_session().get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.LABEL: label})) if label else []
    if len(found) != 1:
        raise SigningError(
            f"Không tìm thấy đúng một chứng thư số nhãn «{label}» trên thiết bị ký số.",
            f"Not exactly one certificate labelled {label!r} on the signing token.",
            status=422,
        )
    cert = x509.load_der_x509_certificate(bytes(found[0][Attribute.VALUE]))
    return _register(cert, kind=SigningKey.Kind.PKCS11, location=label, agency=agency, user=user)


def _token_session():
    """This thread's session with the signing token, logged in with the user PIN (opened once)."""
    if not settings.SIGNING_PKCS11_MODULE:
        raise SigningError(
            "Chưa cấu hình thiết bị ký số PKCS#11 (SIGNING_PKCS11_MODULE).",
            "No PKCS#11 signing token is configured (SIGNING_PKCS11_MODULE).",
        )
    wanted = (settings.SIGNING_PKCS11_MODULE, settings.SIGNING_PKCS11_TOKEN, settings.SIGNING_PKCS11_PIN)
    held = getattr(_local, "token", None)
    if held is not None and held[0] == wanted:
        return held[1]
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import open_pkcs11_session

    try:
        session = open_pkcs11_session(
            settings.SIGNING_PKCS11_MODULE,
            token_criteria=TokenCriteria(label=settings.SIGNING_PKCS11_TOKEN or None),
            user_pin=settings.SIGNING_PKCS11_PIN or None,
        )
    except Exception as exc:  # noqa: BLE001 - a missing module, token or a wrong PIN is one clear error
        raise SigningError(
            f"Không mở được thiết bị ký số PKCS#11: {type(exc).__name__}.", "The PKCS#11 signing token cannot be opened."
        ) from exc
    _local.token = (wanted, session)
    return session


def close_token() -> None:
    """Close this thread's session with the signing token (its login ends with the last session):
    the next signature opens a new one with the PIN configured then."""
    held = getattr(_local, "token", None)
    _local.token = None
    if held is not None:
        held[1].close()


def _register(cert, *, kind, location, agency, user, is_demo=False) -> SigningKey:
    info = pki.describe(cert)
    row, _created = SigningKey.objects.update_or_create(
        fingerprint=info.fingerprint,
        defaults={
            "kind": kind,
            "location": location,
            "agency": agency,
            "user": user,
            "certificate": cert.public_bytes(serialization.Encoding.PEM).decode(),
            "subject": info.subject[:200],
            "serial": info.serial[:64],
            "not_before": info.not_before,
            "not_after": info.not_after,
            "is_demo": is_demo,
        },
    )
    return row


@transaction.atomic
def revoke(row: SigningKey, *, reason: str) -> SigningKey:
    reason = " ".join((reason or "").split())
    if not reason:
        raise SigningError("Cần ghi lý do thu hồi.", "A reason is required.", status=422)
    row.revoked_at, row.revoked_reason = timezone.now(), reason[:300]
    row.save(update_fields=["revoked_at", "revoked_reason"])
    return row


# --------------------------------------------------------------------------- signing
_local = threading.local()


def _pyhanko_signer(key: Key):
    from pyhanko.sign import signers

    if key.remote_id:
        return _remote_signer(key)
    if key.token_label:
        from pyhanko.sign.pkcs11 import PKCS11Signer

        cert = asn1_x509.Certificate.load(key.certificate.public_bytes(serialization.Encoding.DER))
        # The digest is computed here and the token signs it with the plain mechanism (CKM_ECDSA,
        # CKM_RSA_PKCS): every token has those, not every one has the hash-and-sign ones.
        return PKCS11Signer(_token_session(), key_label=key.token_label, signing_cert=cert, other_certs_to_pull=(), use_raw_mechanism=True)
    cache = getattr(_local, "signers", None)
    if cache is None:
        cache = _local.signers = {}
    digest = hashlib.sha256(key.pkcs12).hexdigest()
    if digest not in cache:
        passphrase = settings.SIGNING_KEY_PASSPHRASE.encode() or None
        signer = signers.SimpleSigner.load_pkcs12_data(key.pkcs12, [], passphrase=passphrase)
        if signer is None:
            raise SigningError("Tệp khóa ký số không đọc được.", "The key file cannot be read.")
        cache[digest] = signer
    return cache[digest]


def _stamp_style():
    style = getattr(_local, "stamp", None)
    if style is None:
        from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
        from pyhanko.pdf_utils.text import TextBoxStyle
        from pyhanko.stamp import TextStampStyle

        style = _local.stamp = TextStampStyle(
            stamp_text="Ký số bởi: %(signer)s\nCơ quan: %(agency)s\nThời gian: %(when)s",
            text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(str(FONTS / "NotoSerif-Stamp.ttf"), font_size=7)),
            border_width=1,
        )
    return style


def seal_pdf(pdf: bytes, seal: Seal) -> bytes:
    """Sign ``pdf`` for ``seal.agency`` (or the leader ``seal.user``) with a visible stamp on its
    last page; record the signed file. Raises SigningError when no valid key can sign."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.fields import SigFieldSpec

    key = key_for(seal.agency, seal.user)
    signer = _pyhanko_signer(key)
    info = pki.describe(key.certificate)
    now = timezone.localtime()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    pages = int(writer.root["/Pages"]["/Count"])
    meta = signers.PdfSignatureMetadata(
        field_name="ChuKySo",
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=(seal.title or seal.kind)[:100],
        location=seal.agency.name[:100],
    )
    pdf_signer = signers.PdfSigner(
        meta, signer=signer, stamp_style=_stamp_style(), new_field_spec=SigFieldSpec("ChuKySo", on_page=pages - 1, box=(330, 40, 575, 86))
    )
    out = io.BytesIO()
    pdf_signer.sign_pdf(
        writer, output=out, appearance_text_params={"signer": info.subject, "agency": seal.agency.name, "when": f"{now:%H:%M %d/%m/%Y}"}
    )
    signed = out.getvalue()
    IssuedDocument.objects.create(
        sha256=hashlib.sha256(signed).hexdigest(),
        kind=seal.kind[:40],
        title=seal.title[:200],
        dossier_code=seal.dossier_code[:40],
        agency=seal.agency,
        key=key.row,
        signer=info.subject[:200],
        signed_at=now,
        size=len(signed),
    )
    return signed


def _remote_signer(key: Key):
    """A pyHanko signer whose key is held by the remote signing service: the service gets the
    bytes to sign (base64) and the key id, and answers the raw signature (decision 0008)."""
    from pyhanko.sign.signers import Signer

    class Remote(Signer):
        async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run: bool = False) -> bytes:
            if dry_run:
                return bytes(72)
            try:
                response = http().post(
                    settings.SIGNING_REMOTE_URL,
                    json={"key_id": key.remote_id, "digest_algorithm": digest_algorithm, "data": base64.b64encode(data).decode()},
                    headers={"Authorization": f"Bearer {settings.SIGNING_REMOTE_TOKEN}"},
                    timeout=settings.OUTBOX_TIMEOUT,
                )
                response.raise_for_status()
                return base64.b64decode(response.json()["signature"])
            except Exception as exc:  # noqa: BLE001 - any failure of the service is one clear error
                raise SigningError(
                    f"Dịch vụ ký số từ xa không ký được: {type(exc).__name__}.", "The remote signing service failed."
                ) from exc

    cert = asn1_x509.Certificate.load(key.certificate.public_bytes(serialization.Encoding.DER))
    return Remote(signing_cert=cert, cert_registry=None)
