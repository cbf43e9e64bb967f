"""Certificates and keys as files: the demo certificate authority that ``make run`` creates
(clearly marked DEMO, no legal value) and the PKCS#12 files it issues to each agency and leader;
reading a PKCS#12 file's certificate. Pure (the ``cryptography`` package; no ORM)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DEMO_MARK = "DEMO – KHÔNG CÓ GIÁ TRỊ PHÁP LÝ"


@dataclass(frozen=True)
class CertificateInfo:
    subject: str
    organisation: str
    serial: str
    not_before: dt.datetime
    not_after: dt.datetime
    fingerprint: str
    issuer: str


def describe(cert: x509.Certificate) -> CertificateInfo:
    def first(name: x509.Name, oid) -> str:
        values = name.get_attributes_for_oid(oid)
        return str(values[0].value) if values else ""

    return CertificateInfo(
        subject=first(cert.subject, NameOID.COMMON_NAME),
        organisation=first(cert.subject, NameOID.ORGANIZATION_NAME),
        serial=format(cert.serial_number, "x"),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        fingerprint=cert.fingerprint(hashes.SHA256()).hex(),
        issuer=first(cert.issuer, NameOID.COMMON_NAME),
    )


def read_pkcs12(data: bytes, passphrase: str = "") -> tuple[object, x509.Certificate, list[x509.Certificate]]:
    """The key, the certificate and the chain of a PKCS#12 file (ValueError if unreadable)."""
    key, cert, chain = pkcs12.load_key_and_certificates(data, passphrase.encode() or None)
    if key is None or cert is None:
        raise ValueError("the PKCS#12 file holds no key or no certificate")
    return key, cert, list(chain or [])


def _fit(text: str, limit: int = 64) -> str:
    """``text`` cut to at most ``limit`` UTF-8 bytes (the limit of a name attribute), whole characters."""
    text = unicodedata.normalize("NFC", text)
    while len(text.encode()) > limit:
        text = text[:-1]
    return text.rstrip()


def _name(common: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, _fit(organisation)),
            x509.NameAttribute(NameOID.COMMON_NAME, _fit(common)),
        ]
    )


def demo_ca(directory: Path) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """The demo CA of this installation: made once, kept in ``directory`` (never a real one)."""
    directory.mkdir(parents=True, exist_ok=True)
    key_file, cert_file = directory / "demo-ca.key.pem", directory / "demo-ca.pem"
    if key_file.exists() and cert_file.exists():
        key = serialization.load_pem_private_key(key_file.read_bytes(), None)
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        return key, x509.load_pem_x509_certificate(cert_file.read_bytes())
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(f"motcua Demo CA ({DEMO_MARK})", "motcua DEMO")
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    key_file.chmod(0o600)
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key, cert


def issue_certificate(
    ca: tuple[ec.EllipticCurvePrivateKey, x509.Certificate],
    public_key,
    *,
    common_name: str,
    organisation: str,
    valid_from: dt.datetime | None = None,
    days: int = 730,
) -> x509.Certificate:
    """A signing certificate for ``public_key`` issued by ``ca`` (a key made here, or one that
    never leaves its token)."""
    ca_key, ca_cert = ca
    start = valid_from or dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    return (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, organisation))
        .issuer_name(ca_cert.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )


def issue_pkcs12(
    ca: tuple[ec.EllipticCurvePrivateKey, x509.Certificate],
    *,
    common_name: str,
    organisation: str,
    passphrase: str = "",
    valid_from: dt.datetime | None = None,
    days: int = 730,
) -> bytes:
    """A signing key and certificate issued by ``ca``, as a PKCS#12 file (with the CA in its chain)."""
    key = ec.generate_private_key(ec.SECP256R1())
    cert = issue_certificate(ca, key.public_key(), common_name=common_name, organisation=organisation, valid_from=valid_from, days=days)
    ca_cert = ca[1]
    encryption = serialization.BestAvailableEncryption(passphrase.encode()) if passphrase else serialization.NoEncryption()
    return pkcs12.serialize_key_and_certificates(_fit(common_name).encode(), key, cert, [ca_cert], encryption)
