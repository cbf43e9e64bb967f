"""A signed electronic result reaches the national portal with the dossier (docs/rules.md
section 3.1): signing sends the whole dossier again, and its result list carries the signed
file's bytes and hash; an unsigned scan goes as a reference only."""

import base64
import datetime as dt
import hashlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from motcua.core.testing import sample_pdf
from motcua.dossiers import services as dossier_services
from motcua.integrations import services
from motcua.signatures import pki
from motcua.signatures.services import key_dir, register_pkcs12


def test_the_signed_result_goes_to_the_national_portal_with_its_bytes(env, receive, portal):
    leader = env["staff"]["leader_a"]
    register_pkcs12(
        pki.issue_pkcs12(pki.demo_ca(key_dir()), common_name=leader.get_full_name(), organisation="UBND xã A"),
        location=f"user-{leader.pk}.p12",
        user=leader,
    )
    d = dossier_services.attach_file(
        receive(), SimpleUploadedFile("ket-qua.pdf", sample_pdf("ket qua")), actor=env["staff"]["processing_a"], kind="result"
    )
    services.OUTBOX.deliver_due(now=timezone.now() + dt.timedelta(minutes=5))
    before = len(portal.calls)
    signed = dossier_services.sign_result(d, d.files.get(kind="result").pk, actor=leader)
    services.OUTBOX.deliver_due(now=timezone.now() + dt.timedelta(minutes=10))
    synced = [body for service, body in portal.calls[before:] if service == "DongBoHoSoMC"]
    assert len(synced) == 1  # signing sends the whole dossier again
    results = {r["TenGiayTo"]: r for r in synced[0]["DanhSachGiayToKetQua"]}
    scan, electronic = results["ket-qua.pdf"], results[signed.name]
    assert scan["KetQuaDienTu"] == "0" and "NoiDungTep" not in scan
    with signed.file.open("rb") as handle:
        stored = handle.read()
    content = base64.b64decode(electronic["NoiDungTep"])
    assert electronic["KetQuaDienTu"] == "1" and content == stored
    assert electronic["MaHash"] == hashlib.sha256(content).hexdigest() and len(electronic["NgayKy"]) == 14
