"""The counter and back-office screens: reception, queues (bounded queries), bulk actions with
conflicts, the dossier page and its dialogs, forms, files, register and the public status page."""

import datetime as dt
import hashlib
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from motcua.calendars.selectors import engine_for
from motcua.dossiers import clock, services
from motcua.dossiers.choices import State
from motcua.dossiers.models import Dossier, DossierEvent, DossierFile
from motcua.dossiers.selectors import QUEUE_STATES
from motcua.jobs import exports

from .fixtures import APPLICANT
from .test_api import bearer

VALID = {
    "applicant_kind": "person",
    "id_number": "068190001234",
    "name": "Nguyễn Thị Hương",
    "birth_date": "1990-03-04",
    "phone": "0912345678",
    "email": "",
    "address": "12 Trần Phú",
    "result_channel": "counter",
    "sets": "1",
    "note": "",
}


@pytest.fixture
def desk(env, client):
    client.force_login(env["staff"]["reception_a"])
    return client


def counter_post(env, client, **kw):
    data = {
        **VALID,
        "procedure": env["code"],
        "receiving_agency": env["a_centre"].code,
        "component": ["Tờ khai", "Giấy chứng sinh"],
        "outcome": "receive",
        **kw,
    }
    return client.post(reverse("dossiers:counter"), data)


def test_counter_finds_procedures_without_diacritics_and_shows_the_checklist(env, desk):
    r = desk.get(reverse("dossiers:counter_procedures"), {"q": "dang ky khai", "agency": env["a_centre"].code})
    assert r.status_code == 200 and env["code"] in r.content.decode()
    r = desk.get(reverse("dossiers:counter"), {"procedure": env["code"], "agency": env["a_centre"].code})
    page = r.content.decode()
    assert "Đăng ký khai sinh" in page and 'value="Giấy chứng sinh"' in page and "Tiếp nhận và in giấy hẹn" in page


def test_counter_receive_leads_to_the_receipt_ready_to_print(env, desk):
    r = counter_post(env, desk)
    d = Dossier.objects.get()
    assert r.status_code == 302 and r.url == reverse("documents:print", args=[d.code, "receipt"]) + "?via=action:receive"
    assert d.applicant_name == "Nguyễn Thị Hương" and d.components[1]["name"] == "Giấy chứng sinh" and d.due_at is not None
    page = desk.get(r.url).content.decode()
    assert 'id="form-frame"' in page and d.lookup_secret in page
    pdf = desk.get(reverse("documents:form_pdf", args=[d.code, "receipt"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_the_print_page_frames_the_form_with_code_secret_and_appointment(env, desk):
    """The print page frames the PDF: the PDF must let this site (and only it) frame it, and the
    code, the lookup secret and the appointment are on screen beside it."""
    d = Dossier.objects.get(code=counter_post(env, desk).url.split("/")[2])
    page = desk.get(reverse("documents:print", args=[d.code, "receipt"]))
    assert page["X-Frame-Options"] == "DENY"  # the page itself is framed by nobody
    body = page.content.decode()
    local_due = timezone.localtime(d.due_at)
    assert d.code in body and d.lookup_secret in body and f"{local_due:%H:%M %d/%m/%Y}" in body
    pdf = desk.get(reverse("documents:form_pdf", args=[d.code, "receipt"]))
    assert pdf["X-Frame-Options"] == "SAMEORIGIN" and "frame-ancestors 'self'" in pdf["Content-Security-Policy"]
    assert "frame-ancestors 'none'" not in pdf["Content-Security-Policy"]


def test_counter_reports_every_error_at_once_and_keeps_the_counts(env, desk):
    """A wrong birth year for the ID (the service's check), a bad phone and a bad e-mail (the
    form's) are all reported at the first submit; the counts typed stay as typed."""
    r = counter_post(
        env,
        desk,
        birth_date="1985-03-04",
        phone="12345",
        email="khong-phai-email",
        **{"originals-1": "3", "copies-1": "7"},
        component=["Giấy chứng sinh"],
    )
    assert r.status_code == 422 and Dossier.objects.count() == 0
    page = r.content.decode()
    invalid = set(re.findall(r'name="(\w+)"[^>]*class="[^"]*is-invalid', page)) | set(
        re.findall(r'class="[^"]*is-invalid[^"]*"[^>]*name="(\w+)"', page)
    )
    assert {"id_number", "phone", "email"} <= invalid or {"birth_date", "phone", "email"} <= invalid, invalid
    assert 'name="originals-1" value="3"' in page and 'name="copies-1" value="7"' in page
    assert 'value="Tờ khai" id="comp-0" checked' not in page and 'value="Giấy chứng sinh" id="comp-1" checked' in page


CARD = "068190001234|123456789|Nguyễn Thị Hương|04031990|Nữ|12 Trần Phú, Phường Hàm Thắng, Lâm Đồng|15062021"


def test_a_chip_card_string_fills_the_applicant(env, desk):
    r = desk.post(reverse("dossiers:counter_chip_card"), {"text": CARD + "\r\n"})
    assert r.status_code == 200
    assert r.json() == {
        "id_number": "068190001234",
        "old_id": "123456789",
        "name": "Nguyễn Thị Hương",
        "birth_date": "1990-03-04",
        "sex": "female",
        "address": "12 Trần Phú, Phường Hàm Thắng, Lâm Đồng",
        "issued": "2021-06-15",
    }
    for bad in (
        "068190001234|Nguyễn Thị Hương|04031990",
        CARD.replace("04031990", "31021990"),
        CARD.replace("Nữ", "Nam"),
        CARD.replace("15062021", "15069021"),
        CARD.replace("04031990", "04031985"),
        "",
        "x" * 900,
    ):
        r = desk.post(reverse("dossiers:counter_chip_card"), {"text": bad})
        assert r.status_code == 422 and r.json()["error"], bad


def test_the_register_numbers_through_the_year_per_receiving_agency(env, receive):
    """Form 06's line numbers do not restart each day: one book per agency and year."""
    at = lambda text: dt.datetime.fromisoformat(text).replace(tzinfo=dt.timezone(dt.timedelta(hours=7)))  # noqa: E731
    numbers = [
        receive(at=at(moment)).register_number
        for moment in ("2025-12-30 09:00", "2025-12-31 09:00", "2026-01-02 09:00", "2026-01-05 09:00")
    ]
    other = receive(at=at("2026-01-05 10:00"), agency="b_centre").register_number
    assert numbers == [1, 2, 1, 2] and other == 1


def test_counter_bad_input_keeps_what_was_typed_and_writes_nothing(env, desk):
    r = counter_post(env, desk, id_number="123", email="khong-phai-email")
    assert r.status_code == 422
    page = r.content.decode()
    assert 'value="Nguyễn Thị Hương"' in page and 'value="12 Trần Phú"' in page
    assert Dossier.objects.count() == 0 and DossierEvent.objects.count() == 0
    r = counter_post(env, desk, birth_date="1985-03-04")  # the ID says born in 1990: the service refuses
    assert r.status_code in (400, 422) and Dossier.objects.count() == 0
    assert "alert" in r.content.decode()


def test_counter_guide_and_refuse_print_forms_02_and_03(env, desk):
    r = counter_post(env, desk, component=["Tờ khai"], outcome="guide", note="Thiếu giấy chứng sinh bản chính")
    d = Dossier.objects.get()
    assert d.state == "guided" and d.code is None
    assert r.url == reverse("documents:print", args=[str(d.public_id), "supplement_request"]) + "?via=action:guide"
    assert DossierEvent.objects.get(dossier=d).data["missing"] == ["Giấy chứng sinh"]
    assert desk.get(reverse("documents:form_pdf", args=[str(d.public_id), "supplement_request"])).status_code == 200
    r = counter_post(env, desk, outcome="refuse")  # a refusal without its reason
    assert r.status_code == 422 and Dossier.objects.count() == 1
    r = counter_post(env, desk, outcome="refuse", note="Không thuộc thẩm quyền")
    assert r.status_code == 302 and Dossier.objects.filter(state="refused").count() == 1


def test_returning_applicant_only_from_the_officers_scope(env, receive, client):
    receive()
    client.force_login(env["staff"]["reception_a"])
    r = client.get(reverse("dossiers:counter_applicant"), {"id_number": APPLICANT.id_number})
    assert APPLICANT.name in r.content.decode() and APPLICANT.address in r.content.decode()
    client.force_login(env["staff"]["reception_b"])
    r = client.get(reverse("dossiers:counter_applicant"), {"id_number": APPLICANT.id_number})
    assert APPLICANT.name not in r.content.decode()
    r = client.get(reverse("dossiers:counter_applicant"), {"id_number": "12ab"})
    assert "text-danger" in r.content.decode()


def test_the_queue_indexes_hold_every_state_their_lists_read():
    """The partial indexes name their states literally (a model cannot import the rules): every
    state a work queue counts is in the queues' index, every open state in the due-time index."""
    indexes = {
        index.name: dict(index.condition.children)
        for index in Dossier._meta.indexes
        if index.name in ("dossier_queues", "dossier_open_due")
    }
    assert set(indexes["dossier_queues"]["state__in"]) == set(QUEUE_STATES) == {State.SUBMITTED, *clock.OPEN_STATES}
    assert set(indexes["dossier_open_due"]["state__in"]) == set(clock.OPEN_STATES)


def test_queue_counts_and_queries_do_not_grow_with_rows(env, receive, client):
    officer = env["staff"]["reception_a"]
    client.force_login(officer)
    receive()
    client.get(reverse("dossiers:queue", args=["unit"]))  # warm the per-process calendar cache
    with CaptureQueriesContext(connection) as few:
        r = client.get(reverse("dossiers:queue", args=["unit"]))
    assert r.status_code == 200
    for _ in range(25):
        receive()
    with CaptureQueriesContext(connection) as many:
        r = client.get(reverse("dossiers:queue", args=["unit"]))
    page = r.content.decode()
    assert page.count('name="item"') == 26 and 'data-count="26"' in page
    assert len(many) == len(few), "\n".join(q["sql"][:160] for q in many.captured_queries)


def test_queues_hold_what_their_names_say(env, receive, client):
    staff = env["staff"]
    d1, d2 = receive(), receive()
    services.perform(d2, "assign", actor=staff["reception_a"], to_user=staff["reception_a"].pk)
    online = services.submit(
        actor=None, procedure_code=env["code"], receiving_agency_code=env["a_centre"].code, applicant=APPLICANT, channel="online"
    )
    client.force_login(staff["reception_a"])

    def codes(q):
        return {
            row
            for row in Dossier.objects.filter(
                pk__in=[d.pk for d in client.get(reverse("dossiers:queue", args=[q])).context["page"].object_list]
            ).values_list("pk", flat=True)
        }

    assert codes("unit") == {d1.pk} and codes("mine") == {d2.pk} and codes("to_receive") == {online.pk}
    client.force_login(staff["reception_b"])
    assert codes("unit") == set() and codes("to_receive") == set()


def test_bulk_assign_previews_conflicts_and_applies_all_or_nothing(env, receive, client):
    staff = env["staff"]
    d1, d2 = receive(), receive()
    client.force_login(staff["reception_a"])
    items = [f"{d1.pk}:{d1.version}", f"{d2.pk}:{d2.version}"]
    r = client.post(reverse("dossiers:bulk"), {"action": "assign", "to_user": staff["reception_a"].pk, "item": items})
    assert r.status_code == 200 and "bulk-confirm" in r.content.decode()
    assert Dossier.objects.filter(current_assignee__isnull=False).count() == 0  # the preview applies nothing
    services.perform(d2, "assign", actor=staff["reception_a"], to_user=staff["reception_a"].pk)  # someone acts meanwhile
    r = client.post(reverse("dossiers:bulk"), {"action": "assign", "to_user": staff["reception_a"].pk, "item": items, "confirm": "1"})
    assert r.status_code == 409 and d2.code in r.content.decode()
    d1.refresh_from_db()
    assert d1.current_assignee_id is None and d1.events.count() == 1  # nothing applied
    r = client.post(
        reverse("dossiers:bulk"),
        {"action": "assign", "to_user": staff["reception_a"].pk, "item": [f"{d1.pk}:{d1.version}"], "confirm": "1"},
    )
    d1.refresh_from_db()
    assert r.status_code == 200 and d1.current_assignee_id == staff["reception_a"].pk
    r = client.post(reverse("dossiers:bulk"), {"action": "stop", "item": items, "confirm": "1"})
    assert r.status_code == 422


def test_bulk_preview_treats_another_agencys_dossier_as_not_found(env, receive, client):
    """The preview once showed another commune's dossier code and locked its row (found before
    the scope was checked)."""
    mine, theirs = receive(), receive(agency="b_centre")
    client.force_login(env["staff"]["reception_a"])
    items = [f"{mine.pk}:{mine.version}", f"{theirs.pk}:{theirs.version + 7}"]  # a wrong version too: still only "not found"
    r = client.post(reverse("dossiers:bulk"), {"action": "assign", "to_user": env["staff"]["reception_a"].pk, "item": items})
    body = r.content.decode()
    assert r.status_code == 409 and theirs.code not in body and mine.code in body
    assert "Không tìm thấy hồ sơ" in body and "cập nhật" not in body
    r = client.post(
        reverse("dossiers:bulk"), {"action": "assign", "to_user": env["staff"]["reception_a"].pk, "item": items, "confirm": "1"}
    )
    theirs.refresh_from_db()
    assert r.status_code == 409 and theirs.version == 1 and theirs.current_assignee_id is None


def test_an_odd_digit_in_a_bulk_item_is_not_a_500(env, receive, client):
    d = receive()
    client.force_login(env["staff"]["reception_a"])
    r = client.post(reverse("dossiers:bulk"), {"action": "assign", "item": [f"{d.pk}:²", "²:1"], "to_user": "²"})
    assert r.status_code == 422


def test_bulk_back_link_cannot_leave_the_site(env, receive, client):
    d = receive()
    client.force_login(env["staff"]["reception_a"])
    r = client.post(reverse("dossiers:bulk"), {"action": "assign", "item": [f"{d.pk}:{d.version}"], "back": "javascript:alert(1)"})
    assert "javascript:" not in r.content.decode()


def test_dossier_page_offers_the_allowed_actions_and_dialogs_run_them(env, receive, client):
    staff = env["staff"]
    d = receive()
    client.force_login(staff["reception_a"])
    page = client.get(reverse("dossiers:detail", args=[d.code])).content.decode()
    assert 'data-action="forward"' in page and 'data-action="resolve"' not in page  # resolve needs a processing role
    assert 'data-form="receipt"' in page and 'data-form="refusal"' not in page
    r = client.get(reverse("dossiers:action", args=[d.code, "forward"]), HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and str(staff["processing_a"].get_full_name()) in r.content.decode()
    r = client.post(
        reverse("dossiers:action", args=[d.code, "forward"]),
        {"version": d.version, "to_user": staff["processing_a"].pk},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 204 and r["HX-Redirect"] == reverse("dossiers:detail", args=[d.code]) + "?via=action:forward"
    d.refresh_from_db()
    assert d.current_step == 2 and d.current_assignee == staff["processing_a"]
    r = client.post(reverse("dossiers:action", args=[d.code, "send_back"]), {"version": d.version - 1, "note": "x"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 409 and "người khác" in r.content.decode()
    r = client.post(
        reverse("dossiers:action", args=[d.code, "request_payment"]), {"version": d.version, "amount": "-5"}, HTTP_HX_REQUEST="true"
    )
    assert r.status_code == 422
    d.refresh_from_db()
    assert d.state == "processing" and d.fee_amount is None
    page = client.get(reverse("dossiers:detail", args=[d.code])).content.decode()
    assert "Thẩm định" in page and 'id="due-explanation"' in page


def test_apology_dialog_opens_form_04(env, receive, client):
    staff = env["staff"]
    d = services.perform(receive(), "forward", actor=staff["reception_a"])
    client.force_login(staff["leader_a"])
    page = client.get(reverse("dossiers:action", args=[d.code, "apologize"]), HTTP_HX_REQUEST="true").content.decode()
    proposed = re.search(r'name="new_appointment" value="([^"]+)"', page).group(1)  # the dialog proposes one from the work left
    assert timezone.make_aware(dt.datetime.fromisoformat(proposed)) > d.due_at
    new = timezone.localtime(engine_for(None).add_office_minutes(d.due_at + dt.timedelta(days=7), 60)).strftime("%Y-%m-%dT%H:%M")
    r = client.post(
        reverse("dossiers:action", args=[d.code, "apologize"]), {"version": d.version, "reason": "Cần xác minh", "new_appointment": new}
    )
    assert r.status_code == 302 and r.url == reverse("documents:print", args=[d.code, "apology"]) + "?via=action:apologize"
    assert client.get(reverse("documents:form_pdf", args=[d.code, "apology"])).status_code == 200


def test_out_of_scope_dossier_is_404_everywhere(env, receive, client):
    d = receive()
    client.force_login(env["staff"]["reception_b"])
    for url in (
        reverse("dossiers:detail", args=[d.code]),
        reverse("dossiers:action", args=[d.code, "forward"]),
        reverse("documents:form_pdf", args=[d.code, "receipt"]),
    ):
        assert client.get(url).status_code == 404
    r = client.post(reverse("dossiers:action", args=[d.code, "forward"]), {"version": d.version})
    assert r.status_code == 404 and Dossier.objects.get().current_step == 1


def test_form_that_does_not_apply_is_409(env, receive, client):
    d = receive()
    client.force_login(env["staff"]["reception_a"])
    assert client.get(reverse("documents:form_pdf", args=[d.code, "apology"])).status_code == 409
    assert client.get(reverse("documents:form_pdf", args=[d.code, "nonsense"])).status_code == 404


def test_api_forms(env, receive, client):
    d = receive()
    auth = bearer(env["staff"]["reception_a"])
    r = client.get(f"/api/v1/dossiers/{d.code}/forms/receipt", **auth)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
    r = client.get(f"/api/v1/dossiers/{d.code}/forms/refusal", **auth)
    assert r.status_code == 409 and r.json()["message_en"]
    assert client.get(f"/api/v1/dossiers/{d.code}/forms/register", **auth).status_code == 404
    assert client.get(f"/api/v1/dossiers/{d.code}/forms/receipt", **bearer(env["staff"]["reception_b"])).status_code == 404
    assert client.get(f"/api/v1/dossiers/{d.code}/forms/receipt").status_code == 401


def test_files_are_checked_by_content_and_served_in_scope(env, receive, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from motcua.core.testing import sample_pdf

    d = receive()
    client.force_login(env["staff"]["reception_a"])
    url = reverse("dossiers:upload", args=[d.code])
    r = client.post(url, {"file": SimpleUploadedFile("../../to-khai.pdf", sample_pdf()), "kind": "component", "version": d.version})
    assert r.status_code == 302
    row = DossierFile.objects.get()
    assert row.name == "to-khai.pdf" and row.content_type == "application/pdf" and d.events.filter(action="attach").count() == 1
    r = client.post(url, {"file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf"), "kind": "component", "version": d.version + 1})
    assert r.status_code == 422 and DossierFile.objects.count() == 1
    page = r.content.decode()  # still the dossier page, one message beside the upload
    assert 'id="dossier-code"' in page and page.count('id="upload-error"') == 1 and "upload_error" not in page
    r = client.post(url, {"file": SimpleUploadedFile("truncated.pdf", b"%PDF-1.4 no end"), "kind": "component", "version": d.version + 1})
    assert r.status_code == 422 and DossierFile.objects.count() == 1  # a PDF header alone is not a PDF
    r = client.post(url, {"file": SimpleUploadedFile("late.pdf", sample_pdf()), "kind": "component", "version": d.version})  # stale version
    assert r.status_code == 409 and DossierFile.objects.count() == 1
    download = client.get(reverse("dossiers:file", args=[d.code, row.pk]))
    served = b"".join(download.streaming_content)
    assert (
        download.status_code == 200 and served.startswith(b"%PDF-") and hashlib.sha256(served).hexdigest() == row.sha256
    )  # the rewritten file, as kept
    client.force_login(env["staff"]["reception_b"])
    assert client.get(reverse("dossiers:file", args=[d.code, row.pk])).status_code == 404


def _exported(client, params) -> bytes:
    r = client.get(reverse("documents:register"), params)
    assert r.status_code == 302, r.content[:300]
    pk = int(r["Location"].rstrip("/").split("/")[-1])
    assert exports.run(pk) == "done"
    download = client.get(reverse("jobs:export_download", args=[pk]))
    assert download.streaming  # from the stored file, not held in memory
    return b"".join(download.streaming_content)


def test_register_pdf_and_excel(env, receive, client):
    d = receive()
    client.force_login(env["staff"]["reception_a"])
    day = d.received_at.astimezone().date().isoformat()
    params = {"agency": env["a_centre"].code, "start": day, "end": day}
    assert _exported(client, {**params, "format": "pdf"}).startswith(b"%PDF")  # made in the job worker (rules 6.4)
    sheet = openpyxl.load_workbook(io.BytesIO(_exported(client, {**params, "format": "xlsx"}))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[3][1] == d.code and rows[3][3] == APPLICANT.name
    r = client.get(reverse("documents:register"), {**params, "end": "2000-01-01", "format": "pdf"})
    assert r.status_code == 422
    r = client.get(reverse("documents:register"), {**params, "agency": env["b_centre"].code, "format": "pdf"})
    assert r.status_code == 422  # not this officer's desk


def test_public_status_page_needs_the_secret(env, receive, client):
    d = receive()
    r = client.get(reverse("dossiers:track"), {"code": d.code, "secret": d.lookup_secret})
    assert r.status_code == 200 and "Được tiếp nhận" in r.content.decode() and APPLICANT.name not in r.content.decode()
    r = client.get(reverse("dossiers:track"), {"code": d.code, "secret": "WRONG123"})
    assert r.status_code == 404 and "Được tiếp nhận" not in r.content.decode()


def test_staff_screens_need_a_staff_role(env, client, make_user):
    client.force_login(make_user(env["a"], role="report_viewer"))
    assert client.get(reverse("dossiers:counter")).status_code == 403
    assert client.get(reverse("dossiers:queue", args=["mine"])).status_code == 403
    client.logout()
    assert client.get(reverse("dossiers:counter")).status_code == 302


def test_the_forward_dialog_names_the_next_step_and_offers_only_who_works_it(env, receive, client, make_user):
    """Reception → appraisal (processing, at the commune): the dialog names the step and lists
    the commune's processing officers and leaders, not its desk nor another commune's staff."""
    d = receive()
    desk_officer = make_user(env["a"], role="reception")
    client.force_login(env["staff"]["reception_a"])
    page = client.get(reverse("dossiers:action", args=[d.code, "forward"])).content.decode()
    assert "Bước tiếp theo: Thẩm định — UBND xã A" in page
    offered = set(re.findall(r'<option value="(\d+)"', page))
    assert {str(env["staff"]["processing_a"].pk), str(env["staff"]["leader_a"].pk)} <= offered
    assert str(desk_officer.pk) not in offered and str(env["staff"]["processing_b"].pk) not in offered


def test_the_forward_dialog_before_parallel_steps_says_each_agency_accepts(env, land, client):
    plain = services.receive_at_counter(
        actor=env["staff"]["reception_a"], procedure_code=land["code"], receiving_agency_code=env["a_centre"].code, applicant=APPLICANT
    )
    plain = services.perform(plain, "forward", actor=env["staff"]["reception_a"])
    client.force_login(env["staff"]["processing_a"])
    page = client.get(reverse("dossiers:action", args=[plain.code, "forward"])).content.decode()
    assert 'id="action-hint"' in page and "song song" in page and land["land_dept"].name in page and 'name="to_user"' not in page


def test_the_return_dialog_records_who_collected_the_result(env, receive, client):
    d = receive()
    d = services.perform(d, "resolve", actor=env["staff"]["leader_a"], result="Giấy khai sinh")
    client.force_login(env["staff"]["reception_a"])
    url = reverse("dossiers:action", args=[d.code, "return_result"])
    assert 'value="Nguyễn Thị Bình"' in client.get(url).content.decode()  # the applicant, unless a proxy comes
    r = client.post(url, {"version": d.version, "channel": "counter", "collector": "Lê Văn Em", "collector_id": "12345"})
    assert r.status_code == 422 and Dossier.objects.get(pk=d.pk).state == "resolved"
    r = client.post(url, {"version": d.version, "channel": "counter", "collector": "Lê Văn Em", "collector_id": "068085001111"})
    assert r.status_code == 302
    event = Dossier.objects.get(pk=d.pk).events.get(action="return_result")
    assert (event.data["collector"], event.data["collector_id"]) == ("Lê Văn Em", "068085001111")
