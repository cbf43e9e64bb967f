"""Online and postal submission through the portal, the officer's side of it, and the
applicant's supplement, result, rating and withdrawal."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from motcua.core.testing import step
from motcua.dossiers import services as dossier_services
from motcua.dossiers.choices import Channel, State
from motcua.dossiers.errors import Invalid
from motcua.dossiers.models import Dossier, DossierFile
from motcua.dossiers.selectors import queue
from motcua.notifications.models import Message
from motcua.portal import services
from motcua.portal.models import Submission

from .conftest import pdf, png


def _start(client, env, channel="online") -> Submission:
    r = client.post(reverse("portal:start", args=[env["code"]]) + f"?channel={channel}", {"channel": channel})
    assert r.status_code == 302, r.content[:500]
    return Submission.objects.get(pk=int(r["Location"].rstrip("/").split("/")[-1]))


def _fields(env, **overrides):
    data = {
        "name": "Nguyễn Văn An",
        "kind": "person",
        "id_number": "068190001234",
        "birth_date": "1990-03-04",
        "phone": "0912345678",
        "email": "an.nguyen@example.invalid",
        "address": "12 Trần Phú",
        "receiving_agency": env["a_centre"].code,
        "result_channel": "online",
    }
    data.update(overrides)
    return data


def _submit_complete(client, env) -> Dossier:
    row = _start(client, env)
    r = client.post(
        reverse("portal:draft", args=[row.pk]),
        {**_fields(env), "op": "send", "file_0": pdf("to-khai.pdf"), "file_1": png("giay-chung-sinh.png")},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    return Dossier.objects.get(submission__pk=row.pk)


def test_online_submission_arrives_in_the_reception_queue_with_its_files(env, citizen, client):
    user = citizen()
    d = _submit_complete(client, env)
    assert (d.state, d.national_status, d.channel, d.owner, d.code) == (State.SUBMITTED, 1, Channel.ONLINE, user, None)
    assert sorted(d.files.values_list("component", flat=True)) == ["Giấy chứng sinh", "Tờ khai"]
    assert d.events.get().data["reference"] == d.submission.reference
    officer = env["staff"]["reception_a"]
    assert d in queue(officer, "to_receive")
    assert d not in queue(env["staff"]["reception_b"], "to_receive")
    notices = Message.objects.filter(dossier=d, template_key="dossier.submitted")
    assert {m.medium for m in notices} == {"email", "sms"} and d.submission.reference in notices.get(medium="email").body
    page = client.get(reverse("portal:dossier", args=[d.public_id]))
    assert page.status_code == 200 and d.submission.reference in page.content.decode()


def test_incomplete_submission_stays_a_draft_and_keeps_what_was_typed(env, citizen, client):
    citizen()
    row = _start(client, env)
    r = client.post(reverse("portal:draft", args=[row.pk]), {**_fields(env), "op": "send", "file_0": pdf()})
    assert r.status_code == 422 and "Giấy chứng sinh" in r.content.decode()
    row.refresh_from_db()
    assert row.state == "draft" and row.applicant["id_number"] == "068190001234" and row.files.count() == 1
    assert not Dossier.objects.exists()
    r = client.post(reverse("portal:draft", args=[row.pk]), {**_fields(env, id_number="123"), "op": "send", "file_1": png()})
    assert r.status_code == 422 and not Dossier.objects.exists()  # invalid ID number: nothing half-written
    row.refresh_from_db()
    assert row.state == "draft" and row.files.count() == 2


def test_drafts_survive_a_logout(env, citizen, client):
    user = citizen()
    row = _start(client, env)
    client.post(reverse("portal:draft", args=[row.pk]), {**_fields(env, address="Thôn 3, xã A"), "op": "save", "file_0": pdf()})
    client.post(reverse("portal:logout"))
    assert client.get(reverse("portal:draft", args=[row.pk])).status_code == 302  # to the login page
    r = client.post(reverse("portal:login"), {"username": "AN.NGUYEN@example.invalid", "password": "mat-khau-rat-dai-2026"})
    assert r.status_code == 302
    page = client.get(reverse("portal:mine"))
    assert row.reference in page.content.decode()
    page = client.get(reverse("portal:draft", args=[row.pk])).content.decode()
    assert "Thôn 3, xã A" in page and "to-khai.pdf" in page
    assert Submission.objects.get(pk=row.pk).owner == user


@pytest.mark.parametrize(
    ("name", "content", "why"),
    [
        ("giay-to.pdf", b"MZ\x90\x00\x03 windows executable", "an executable named .pdf"),
        ("anh.png", b"<html><script>alert(1)</script></html>", "HTML named .png"),
        ("anh.jpg", b"\xff\xd8\xff\xe0 not really a jpeg", "a JPEG header on garbage"),
        ("scan.pdf", b"%PDF-1.4 truncated without trailer", "a PDF header alone"),
        ("empty.pdf", b"", "an empty file"),
    ],
)
def test_uploads_are_checked_by_content_not_by_name(env, citizen, client, name, content, why):
    citizen()
    row = _start(client, env)
    r = client.post(
        reverse("portal:draft", args=[row.pk]),
        {**_fields(env), "op": "save", "file_0": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )
    assert r.status_code == 422, why
    row.refresh_from_db()
    assert row.files.count() == 0 and row.applicant["name"] == "Nguyễn Văn An", why  # the typed fields are kept


@override_settings(PORTAL_FILE_MAX_MB=1)
def test_oversize_uploads_are_refused(env, citizen, client):
    from motcua.core.testing import sample_pdf

    citizen()
    row = _start(client, env)
    big = sample_pdf("x" * (1024 * 1024))
    r = client.post(reverse("portal:draft", args=[row.pk]), {**_fields(env), "op": "save", "file_0": SimpleUploadedFile("big.pdf", big)})
    assert r.status_code == 422 and "1 MB" in r.content.decode() and row.files.count() == 0


def test_path_traversal_in_a_name_is_neutralised(env, citizen, client, settings):
    from pathlib import Path

    citizen()
    row = _start(client, env)
    client.post(
        reverse("portal:draft", args=[row.pk]),
        {**_fields(env), "op": "save", "file_0": pdf("../../../etc/cron.d/evil.pdf"), "file_1": png("..\\..\\win.ini.png")},
    )
    names = sorted(row.files.values_list("name", flat=True))
    assert names == ["evil.pdf", "win.ini.png"]
    for f in row.files.all():
        stored = Path(f.file.path).resolve()
        assert (
            stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve() / "portal") and "evil" not in stored.name and "win" not in stored.name
        )


def test_another_users_dossier_draft_and_files_are_never_reachable(env, citizen, client):
    citizen()
    d = _submit_complete(client, env)
    draft = _start(client, env)
    file_id = d.files.first().pk
    citizen(email="binh@example.invalid", name="Trần Thị Bình")  # now logged in as someone else
    for url in (
        reverse("portal:dossier", args=[d.public_id]),
        reverse("portal:dossier_file", args=[d.public_id, file_id]),
        reverse("portal:draft", args=[draft.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("portal:withdraw", args=[d.public_id]), {"reason": "x"}).status_code == 404
    assert client.post(reverse("portal:draft_file_delete", args=[draft.pk, 1])).status_code == 404
    assert client.get(reverse("portal:dossier", args=["not-a-uuid"])).status_code == 404
    client.logout()
    assert client.get(reverse("portal:dossier_file", args=[d.public_id, file_id])).status_code == 302  # to the login page
    d.refresh_from_db()
    assert d.state == State.SUBMITTED


def test_staff_accounts_do_not_use_the_portal(env, client):
    client.force_login(env["staff"]["reception_a"])
    assert client.get(reverse("portal:mine")).status_code == 403


def test_the_full_online_path_supplement_result_and_rating(env, citizen, client):
    user = citizen()
    d = _submit_complete(client, env)
    officer, processing, leader = env["staff"]["reception_a"], env["staff"]["processing_a"], env["staff"]["leader_a"]
    d = dossier_services.perform(d, "receive", actor=officer)
    received = Message.objects.get(dossier=d, template_key="dossier.received", medium="email")
    assert d.code in received.body and d.lookup_secret in received.body and received.recipient == "an.nguyen@example.invalid"

    d = dossier_services.perform(d, "forward", actor=officer, to_user=processing.pk)
    d = dossier_services.perform(d, "request_supplement", actor=processing, missing=["Bản sao sổ hộ khẩu"], note="Bổ sung bản chụp rõ nét")
    page = client.get(reverse("portal:dossier", args=[d.public_id])).content.decode()
    assert "Bản sao sổ hộ khẩu" in page and 'id="send-supplement"' in page
    due_before = d.due_at
    r = client.post(
        reverse("portal:supplement", args=[d.public_id]), {"note": "Đã bổ sung", "version": d.version, "files": [pdf("so-ho-khau.pdf")]}
    )
    assert r.status_code == 302
    d.refresh_from_db()
    assert d.state == State.PROCESSING and d.due_at >= due_before and d.pauses.get().end is not None
    assert d.files.filter(name="so-ho-khau.pdf", uploaded_by=user).exists()

    d = dossier_services.perform(d, "forward", actor=processing, to_user=leader.pk)
    d = dossier_services.attach_file(d, SimpleUploadedFile("ket-qua.pdf", pdf().read()), actor=leader, kind="result")
    result = d.files.get(kind=DossierFile.Kind.RESULT)
    step("Not yet resolved: the result is not the applicant's to download.")
    assert client.get(reverse("portal:dossier_file", args=[d.public_id, result.pk])).status_code == 404
    d = dossier_services.perform(d, "resolve", actor=leader)
    assert Message.objects.filter(dossier=d, template_key="dossier.resolved").count() == 2
    download = client.get(reverse("portal:dossier_file", args=[d.public_id, result.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    d.refresh_from_db()
    assert d.state == State.RETURNED and d.national_status == 10 and d.result_channel == Channel.ONLINE
    assert d.events.filter(action="return_result").count() == 1
    assert client.get(reverse("portal:dossier_file", args=[d.public_id, result.pk])).status_code == 200  # still theirs, returned once

    r = client.post(reverse("portal:rate", args=[d.public_id]), {"c_overall": 5, "c_convenience": 4})
    assert r.status_code == 422  # every criterion must be scored
    scores = {f"c_{code}": 4 for code in ("overall", "convenience", "timeliness", "attitude", "contacts", "publicity")}
    r = client.post(reverse("portal:rate", args=[d.public_id]), {**scores, "c_overall": 5, "comment": "Nhanh"})
    assert r.status_code == 302
    d.refresh_from_db()
    assert d.rating == 5 and d.rating_criteria["timeliness"] == 4 and d.rated_at is not None
    assert client.post(reverse("portal:rate", args=[d.public_id]), scores).status_code == 409


def test_guided_online_dossier_is_completed_and_returns_to_the_queue(env, citizen, client):
    citizen()
    d = _submit_complete(client, env)
    d = dossier_services.perform(d, "guide", actor=env["staff"]["reception_a"], missing=["Giấy chứng sinh bản rõ nét"])
    assert Message.objects.filter(dossier=d, template_key="dossier.guided").exists()
    r = client.post(
        reverse("portal:supplement", args=[d.public_id]), {"note": "", "version": d.version, "files": [png("chung-sinh-ro.png")]}
    )
    assert r.status_code == 302
    d.refresh_from_db()
    assert d.state == State.SUBMITTED and d in queue(env["staff"]["reception_a"], "to_receive")


def test_withdraw_from_the_portal(env, citizen, client):
    citizen()
    d = _submit_complete(client, env)
    assert client.post(reverse("portal:withdraw", args=[d.public_id]), {"reason": ""}).status_code == 422
    assert client.post(reverse("portal:withdraw", args=[d.public_id]), {"reason": "Nộp nhầm thủ tục"}).status_code == 302
    d.refresh_from_db()
    assert d.state == State.WITHDRAWN and d.national_status == 7


def test_postal_submission_request(env, citizen, client):
    citizen()
    row = _start(client, env, channel="postal")
    r = client.post(reverse("portal:draft", args=[row.pk]), {**_fields(env, result_channel="postal", result_address=""), "op": "send"})
    assert r.status_code == 422 and not Dossier.objects.exists()  # pickup and delivery addresses are needed
    r = client.post(
        reverse("portal:draft", args=[row.pk]),
        {**_fields(env, result_channel="postal", result_address="12 Trần Phú, xã A"), "pickup_address": "Thôn 2, xã A", "op": "send"},
    )
    assert r.status_code == 302
    d = Dossier.objects.get()
    assert (d.channel, d.pickup_address, d.result_channel, d.result_address) == (
        Channel.POSTAL,
        "Thôn 2, xã A",
        Channel.POSTAL,
        "12 Trần Phú, xã A",
    )
    assert d in queue(env["staff"]["reception_a"], "to_receive")


def test_a_procedure_not_offered_online_is_refused(env, citizen, client):
    from motcua.catalog.models import ProcedureVersion

    citizen()
    ProcedureVersion.objects.filter(pk=env["version"].pk).update(online_level="none")
    r = client.post(reverse("portal:start", args=[env["code"]]) + "?channel=online", {"channel": "online"})
    assert r.status_code == 409 and not Submission.objects.exists()


def test_sending_twice_creates_one_dossier(env, citizen, client):
    user = citizen()
    row = _start(client, env)
    client.post(reverse("portal:draft", args=[row.pk]), {**_fields(env), "op": "save", "file_0": pdf(), "file_1": png()})
    services.send(user, row.pk)
    with pytest.raises(Invalid):
        services.send(user, row.pk)
    assert Dossier.objects.count() == 1
