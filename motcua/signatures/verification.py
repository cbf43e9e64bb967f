"""Whether a PDF was issued by this system and is unchanged (docs/rules.md section 3.1): its last
signature is intact, covers the whole file, chains to one of this system's certificate
authorities, and the file is one the system signed (``IssuedDocument``), by a key that was not
revoked at the time. Anyone may ask (the ``/verify/`` page and the public API). pyHanko is
imported on the first verification (see ``services``)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings

from . import pki
from .models import IssuedDocument

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Verdict:
    valid: bool
    reason_vi: str
    reason_en: str
    issuer: str = ""
    signed_at: dt.datetime | None = None
    kind: str = ""
    title: str = ""
    dossier: str | None = None

    def as_api(self) -> dict:
        return {
            "valid": self.valid,
            "issuer": self.issuer,
            "signed_at": self.signed_at,
            "document": {"kind": self.kind, "dossier": self.dossier},
            "reason": self.reason_en,
            "reason_vi": self.reason_vi,
        }


def _invalid(vi: str, en: str) -> Verdict:
    return Verdict(False, vi, en)


def trust_roots() -> list[x509.Certificate]:
    """This system's certificate authorities: the demo CA (when there is one), the configured
    roots (``SIGNING_TRUST_ROOTS``) and the chain of the fallback key."""
    roots = []
    paths = [Path(settings.SIGNING_KEY_DIR) / "demo-ca.pem", *(Path(p) for p in settings.SIGNING_TRUST_ROOTS if p)]
    for path in paths:
        if path.exists():
            roots += x509.load_pem_x509_certificates(path.read_bytes())
    if settings.SIGNING_FALLBACK_KEY_FILE and Path(settings.SIGNING_FALLBACK_KEY_FILE).exists():
        _key, _cert, chain = pki.read_pkcs12(Path(settings.SIGNING_FALLBACK_KEY_FILE).read_bytes(), settings.SIGNING_KEY_PASSPHRASE)
        roots += chain
    return roots


def verify(data: bytes) -> Verdict:
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    if not data.startswith(b"%PDF-"):
        return _invalid("Tệp không phải PDF.", "The file is not a PDF.")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # noqa: BLE001 - a broken file is an answer, not an error
        return _invalid(
            "Tệp PDF hỏng hoặc đã bị sửa, không đọc được chữ ký.", "The PDF is broken or was changed: no signature can be read."
        )
    if not signatures:
        return _invalid("Tệp không có chữ ký số.", "The file carries no digital signature.")
    roots = [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in trust_roots()]
    try:
        status = validate_pdf_signature(signatures[-1], ValidationContext(trust_roots=roots, allow_fetching=False))
    except Exception:  # noqa: BLE001
        logger.info("signature validation failed", exc_info=True)
        return _invalid(
            "Chữ ký số không hợp lệ: tệp đã bị sửa sau khi ký.", "The signature is not valid: the file was changed after signing."
        )
    if not status.intact or not status.valid:
        return _invalid("Tệp đã bị sửa sau khi ký: chữ ký số không còn khớp nội dung.", "The file was changed after it was signed.")
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        return _invalid("Tệp đã bị thêm nội dung sau khi ký.", "Content was added to the file after it was signed.")
    if not status.trusted:
        return _invalid("Chữ ký số không do hệ thống này cấp.", "The signature is not from a certificate of this system.")
    document = IssuedDocument.objects.select_related("agency", "key").filter(sha256=hashlib.sha256(data).hexdigest()).first()
    if document is None:
        return _invalid("Hệ thống không ban hành tệp này.", "This system did not issue this file.")
    key = document.key
    if key is not None and key.revoked_at is not None and key.revoked_at <= document.signed_at:
        return _invalid("Ký bằng chứng thư số đã bị thu hồi.", "Signed with a revoked certificate.")
    return Verdict(
        True,
        "Giấy tờ do hệ thống ban hành và chưa bị sửa đổi.",
        "Issued by this system and unchanged.",
        issuer=document.agency.name,
        signed_at=document.signed_at,
        kind=document.kind,
        title=document.title,
        dossier=document.dossier_code or None,
    )
