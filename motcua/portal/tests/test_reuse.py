"""The citizen's data store on the portal (docs/rules.md section 1.2): an account whose ID number
VNeID vouched for is offered its own digitised documents on a draft and takes one instead of a
new upload; the dossier records the reuse. A typed-in ID number opens nobody's store, a draft
for another person gets no offer and cannot be sent with one, and removing a reused copy from a
draft never deletes the store's file."""

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.core.testing import sample_png
from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.fixtures import APPLICANT
from motcua.portal import services
from motcua.portal.models import ApplicantProfile, Submission, SubmissionFile
from motcua.records.models import StoredDocument

from .conftest import pdf
from .test_submission import _fields, _start


def _stored(env, receive):
    first = receive()
    dossier_services.digitise_component(
        first, "Giấy chứng sinh", [SimpleUploadedFile("p.png", sample_png(), "image/png")], actor=env["staff"]["reception_a"]
    )
    return first, StoredDocument.objects.get(name="Giấy chứng sinh")


def _vneid(user, id_number=APPLICANT.id_number):
    ApplicantProfile.objects.filter(user=user).update(oidc_subject=f"vneid-{user.pk}", id_number=id_number)
    user.refresh_from_db()
    return user


def test_a_vneid_account_reuses_its_own_digitised_document(env, receive, citizen, client):
    first, stored = _stored(env, receive)
    user = _vneid(citizen())
    row = _start(client, env)
    page = client.get(reverse("portal:draft", args=[row.pk])).content.decode()
    assert page.count("Dùng bản đã lưu") == 1 and f"hồ sơ {first.code}" in page  # nothing stored for the declaration
    r = client.post(reverse("portal:draft_reuse", args=[row.pk, stored.pk]))
    assert r.status_code == 302
    item = SubmissionFile.objects.get(submission=row)
    assert (item.component, item.file.name, item.reused_from) == ("Giấy chứng sinh", stored.file.name, f"hồ sơ {first.code}")
    assert Submission.objects.get(pk=row.pk).applicant["id_number"] == APPLICANT.id_number
    assert "Dùng bản đã lưu" not in client.get(reverse("portal:draft", args=[row.pk])).content.decode()  # taken: no second offer
    r = client.post(reverse("portal:draft", args=[row.pk]), {**_fields(env), "op": "send", "file_0": pdf("to-khai.pdf")})
    assert r.status_code == 302, r.content.decode()[:2000]
    d = Dossier.objects.get(submission__pk=row.pk, owner=user)
    reused = d.files.get(component="Giấy chứng sinh")
    assert (reused.digitised, reused.reused_from, reused.file.name, reused.sha256) == (
        True,
        f"hồ sơ {first.code}",
        stored.file.name,
        stored.sha256,
    )
    event = d.events.get(action="reuse")
    assert event.data["file"] == reused.pk and event.actor == user


def test_removing_a_reused_copy_from_a_draft_keeps_the_stored_file(env, receive, citizen, client, django_capture_on_commit_callbacks):
    _first, stored = _stored(env, receive)
    user = _vneid(citizen())
    row = _start(client, env)
    item = services.reuse_stored(user, row.pk, stored.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_file(user, row.pk, item.pk)
    assert not SubmissionFile.objects.filter(pk=item.pk).exists() and default_storage.exists(stored.file.name)


def test_a_typed_in_id_number_opens_no_store(env, receive, citizen, client):
    _first, stored = _stored(env, receive)
    user = citizen()
    services.update_profile(
        user, full_name="Nguyễn Thị Bình", kind="person", id_number=APPLICANT.id_number, birth_date=None, address="", phone=""
    )
    row = _start(client, env)
    assert "Dùng bản đã lưu" not in client.get(reverse("portal:draft", args=[row.pk])).content.decode()
    r = client.post(reverse("portal:draft_reuse", args=[row.pk, stored.pk]))
    assert r.status_code == 302 and not SubmissionFile.objects.filter(submission=row).exists()


def test_a_draft_for_another_person_gets_no_offer_and_cannot_be_sent_with_one(env, receive, citizen, client):
    _first, stored = _stored(env, receive)
    user = _vneid(citizen())
    row = _start(client, env)
    services.reuse_stored(user, row.pk, stored.pk)
    other = _fields(env, id_number="079190005678", name="Trần Văn Cường", birth_date="1990-01-01")
    r = client.post(reverse("portal:draft", args=[row.pk]), {**other, "op": "send", "file_0": pdf("to-khai.pdf")})
    assert r.status_code in (409, 422) and "chính chủ tài khoản" in r.content.decode()
    assert Submission.objects.get(pk=row.pk).state == "draft" and not Dossier.objects.filter(submission__pk=row.pk).exists()
    second = _start(client, env)
    client.post(reverse("portal:draft", args=[second.pk]), {**other, "op": "save"})
    assert "Dùng bản đã lưu" not in client.get(reverse("portal:draft", args=[second.pk])).content.decode()


def test_vneid_keeps_the_number_it_vouched_for(env, citizen):
    user = _vneid(citizen())
    profile = services.update_profile(
        user, full_name="Nguyễn Thị Bình", kind="person", id_number="079190005678", birth_date=None, address="", phone=""
    )
    assert profile.id_number == APPLICANT.id_number
