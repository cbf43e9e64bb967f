"""The citizen's data store (docs/rules.md section 1.2): a component digitised on one dossier is
offered on the applicant's next dossier instead of a new copy; the officer confirms; the reuse is
recorded. Another applicant's documents, and expired ones, are never offered."""

import dataclasses
import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from motcua.core.testing import sample_pdf, sample_png
from motcua.dossiers import services
from motcua.dossiers.models import DossierFile
from motcua.dossiers.tests.fixtures import APPLICANT
from motcua.records import selectors
from motcua.records.models import StoredDocument
from motcua.signatures import pki
from motcua.signatures.services import key_dir, register_pkcs12


def scan(d, actor, component="Giấy chứng sinh"):
    return services.digitise_component(d, component, [SimpleUploadedFile("p.png", sample_png(), "image/png")], actor=actor)


def test_a_digitised_component_is_offered_on_the_next_dossier_and_reused(env, receive, client):
    desk = env["staff"]["reception_a"]
    first = receive()
    original = scan(first, desk)
    stored = StoredDocument.objects.get()
    assert (stored.owner_id, stored.name, stored.source_dossier, stored.file.name) == (
        APPLICANT.id_number,
        "Giấy chứng sinh",
        first.code,
        original.file.name,
    )
    second = receive()
    client.force_login(desk)
    page = client.get(reverse("dossiers:detail", args=[second.code])).content.decode()
    assert "Giấy tờ đã số hóa của người nộp" in page and f"từ hồ sơ {first.code}" in page
    response = client.post(reverse("records:reuse", args=[second.code, stored.pk]), {"version": second.version})
    assert response.status_code == 302
    reused = DossierFile.objects.get(dossier=second, component="Giấy chứng sinh")
    assert (reused.digitised, reused.reused_from, reused.file.name, reused.sha256) == (
        True,
        f"hồ sơ {first.code}",
        original.file.name,
        original.sha256,
    )
    event = second.events.get(action="reuse")
    assert event.data["source"] == f"hồ sơ {first.code}"
    assert selectors.offers(second) == []  # taken: no longer offered
    assert "Giấy tờ đã số hóa của người nộp" not in client.get(reverse("dossiers:detail", args=[second.code])).content.decode()


def test_another_applicants_or_expired_documents_are_not_offered(env, receive):
    desk = env["staff"]["reception_a"]
    scan(receive(), desk)
    other = dataclasses.replace(APPLICANT, name="Lê Văn Tám", id_number="068090007777", birth_date=dt.date(1990, 1, 1))
    assert selectors.offers(receive(applicant=other)) == []
    mine = receive()
    assert [s.name for s in selectors.offers(mine)] == ["Giấy chứng sinh"]
    StoredDocument.objects.update(valid_until=timezone.localdate() - dt.timedelta(days=1))
    assert selectors.offers(mine) == []


def test_the_request_form_itself_is_never_offered(env, receive):
    """A declaration (tờ khai) is filled for each request: kept in the store as evidence, but a
    new dossier gets only the lasting documents."""
    desk = env["staff"]["reception_a"]
    first = receive()
    scan(first, desk, "Tờ khai")
    scan(first, desk, "Giấy chứng sinh")
    assert StoredDocument.objects.count() == 2
    assert [s.name for s in selectors.offers(receive())] == ["Giấy chứng sinh"]


def test_a_signed_result_is_kept_for_its_applicant(env, receive):
    d = receive()
    leader = env["staff"]["leader_a"]
    register_pkcs12(pki.issue_pkcs12(pki.demo_ca(key_dir()), common_name="Lãnh đạo", organisation="x"), location="l.p12", user=leader)
    d = services.attach_file(d, SimpleUploadedFile("kq.pdf", sample_pdf("kq")), actor=env["staff"]["processing_a"], kind="result")
    services.sign_result(d, d.files.get(kind="result").pk, actor=leader)
    stored = StoredDocument.objects.get(kind="result")
    assert stored.owner_id == APPLICANT.id_number and stored.name.endswith("(đã ký số).pdf")
