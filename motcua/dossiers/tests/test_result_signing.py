"""A leader signs a result PDF with their own certificate (docs/rules.md section 3.1): the signed
copy verifies as a result of the dossier, issued by the competent agency; an officer who is not
a leader, or a leader without a valid certificate, signs nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.core.testing import sample_pdf
from motcua.dossiers import services
from motcua.dossiers.errors import Conflict, Forbidden
from motcua.dossiers.models import DossierFile
from motcua.signatures import pki
from motcua.signatures.models import IssuedDocument
from motcua.signatures.services import key_dir, register_pkcs12, revoke
from motcua.signatures.verification import verify


@pytest.fixture
def with_result(env, receive):
    d = receive()
    d = services.attach_file(
        d, SimpleUploadedFile("giay-khai-sinh.pdf", sample_pdf("ket qua")), actor=env["staff"]["processing_a"], kind="result"
    )
    return d, d.files.get(kind="result")


def personal_key(user):
    data = pki.issue_pkcs12(pki.demo_ca(key_dir()), common_name=user.get_full_name(), organisation="UBND xã A")
    return register_pkcs12(data, location=f"user-{user.pk}.p12", user=user)


def test_a_leader_signs_the_result_with_their_own_certificate(env, with_result, client):
    d, result = with_result
    leader = env["staff"]["leader_a"]
    personal_key(leader)
    client.force_login(leader)
    page = client.get(reverse("dossiers:detail", args=[d.code])).content.decode()
    assert "Ký số kết quả" in page
    response = client.post(reverse("dossiers:sign_result", args=[d.code, result.pk]), {"version": d.version})
    assert response.status_code == 302
    signed = DossierFile.objects.get(dossier=d, signed_by=leader)
    assert signed.kind == "result" and signed.name.endswith("(đã ký số).pdf")
    with signed.file.open("rb") as handle:
        verdict = verify(handle.read())
    assert verdict.valid and (verdict.kind, verdict.dossier, verdict.issuer) == ("result", d.code, "UBND xã A")
    assert IssuedDocument.objects.get(kind="result").signer == leader.get_full_name()
    assert d.events.filter(action="result_signed").exists()


def test_only_a_leader_with_a_valid_certificate_signs(env, with_result):
    d, result = with_result
    with pytest.raises(Forbidden):
        services.sign_result(d, result.pk, actor=env["staff"]["processing_a"])
    leader = env["staff"]["leader_a"]
    with pytest.raises(Conflict) as refused:
        services.sign_result(d, result.pk, actor=leader)
    assert "chứng thư số cá nhân" in refused.value.message_vi
    revoke(personal_key(leader), reason="Mất thiết bị")
    with pytest.raises(Conflict) as refused:
        services.sign_result(d, result.pk, actor=leader)
    assert "thu hồi" in refused.value.message_vi
    assert not DossierFile.objects.filter(dossier=d, signed_by__isnull=False).exists()
