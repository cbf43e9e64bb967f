"""A key on a PKCS#11 token (docs/rules.md section 3.1), driven through SoftHSM 2: the key is
made on the token and never leaves it; its certificate is issued by the test CA and stored on
the token; the leader's key is registered from the token by label and signs a result that both
``pdfsig`` and our verification accept. A wrong PIN or a missing label is a clear error and
nothing is signed."""

import os
import shutil
import subprocess  # noqa: S404

import pkcs11
import pytest
from cryptography.hazmat.primitives import serialization
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass
from pkcs11.util.ec import encode_ec_public_key, encode_named_curve_parameters

from motcua.core.testing import sample_pdf
from motcua.dossiers import services as dossier_services
from motcua.dossiers.errors import Conflict
from motcua.dossiers.models import DossierFile
from motcua.signatures import pki
from motcua.signatures.models import SigningKey
from motcua.signatures.services import close_token, key_dir
from motcua.signatures.verification import verify

MODULE = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN, PIN, SO_PIN = "motcua-test", "246810", "13579135"


@pytest.fixture(scope="session")
def token(tmp_path_factory):
    """One SoftHSM token per test process (the PKCS#11 module reads its configuration once)."""
    util = shutil.which("softhsm2-util")
    assert util and os.path.exists(MODULE), "SoftHSM 2 is needed: scripts/install-system-deps.sh test"
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    subprocess.run(  # noqa: S603
        [util, "--init-token", "--free", "--label", TOKEN, "--pin", PIN, "--so-pin", SO_PIN], check=True, capture_output=True
    )
    return pkcs11.lib(MODULE).get_token(token_label=TOKEN)


def _key_on_token(token, label: str, common_name: str):
    """An EC P-256 key generated on the token, and its certificate (issued by the test CA) stored beside it."""
    with token.open(rw=True, user_pin=PIN) as session:
        params = session.create_domain_parameters(KeyType.EC, {Attribute.EC_PARAMS: encode_named_curve_parameters("secp256r1")}, local=True)
        public, private = params.generate_keypair(store=True, label=label)
        key = serialization.load_der_public_key(encode_ec_public_key(public))
        cert = pki.issue_certificate(pki.demo_ca(key_dir()), key, common_name=common_name, organisation="UBND xã A")
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.LABEL: label,
                Attribute.SUBJECT: cert.subject.public_bytes(),
                Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
            }
        )
        assert private[Attribute.SENSITIVE] and not private[Attribute.EXTRACTABLE]  # it never leaves the token
    return cert


@pytest.fixture
def configured(settings, token):
    settings.SIGNING_PKCS11_MODULE, settings.SIGNING_PKCS11_TOKEN, settings.SIGNING_PKCS11_PIN = MODULE, TOKEN, PIN
    yield token
    close_token()


def _result(env, receive):
    d = dossier_services.attach_file(
        receive(), SimpleUploadedFile("ket-qua.pdf", sample_pdf("ket qua")), actor=env["staff"]["processing_a"], kind="result"
    )
    return d, d.files.get(kind="result")


def test_a_leader_signs_with_a_key_on_the_token(env, receive, configured, tmp_path):
    leader = env["staff"]["leader_a"]
    label = f"leader-{leader.pk}-ok"
    cert = _key_on_token(configured, label, leader.get_full_name())
    call_command("register_signing_key", user=leader.username, pkcs11=label)
    row = SigningKey.objects.get(user=leader)
    assert (row.kind, row.location, row.serial) == ("pkcs11", label, pki.describe(cert).serial)
    assert not (key_dir() / label).exists()  # nothing of the key is on disk
    d, result = _result(env, receive)
    signed = dossier_services.sign_result(d, result.pk, actor=leader)
    with signed.file.open("rb") as handle:
        data = handle.read()
    verdict = verify(data)
    assert verdict.valid and verdict.dossier == d.code and verdict.kind == "result"
    path = tmp_path / "signed.pdf"
    path.write_bytes(data)
    pdfsig = shutil.which("pdfsig")
    assert pdfsig, "pdfsig (poppler-utils) is needed: scripts/install-system-deps.sh test"
    out = subprocess.run([pdfsig, str(path)], capture_output=True, text=True, check=False).stdout  # noqa: S603
    assert "Signature is Valid." in out and leader.get_full_name()[:20] in out


def test_a_wrong_pin_signs_nothing(env, receive, configured, settings):
    leader = env["staff"]["leader_a"]
    label = f"leader-{leader.pk}-pin"
    _key_on_token(configured, label, leader.get_full_name())
    call_command("register_signing_key", user=leader.username, pkcs11=label)
    close_token()  # logged out: the next signature logs in again, with the wrong PIN
    settings.SIGNING_PKCS11_PIN = "000000"
    d, result = _result(env, receive)
    with pytest.raises(Conflict) as refused:
        dossier_services.sign_result(d, result.pk, actor=leader)
    assert "PKCS#11" in refused.value.message_vi
    assert not DossierFile.objects.filter(dossier=d, signed_at__isnull=False).exists()


def test_a_label_that_is_not_on_the_token_is_refused(env, configured):
    with pytest.raises(CommandError, match="Not exactly one certificate"):
        call_command("register_signing_key", user=env["staff"]["leader_a"].username, pkcs11="no-such-key")
    assert not SigningKey.objects.filter(kind="pkcs11").exists()
