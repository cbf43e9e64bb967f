"""The official forms as PDFs: the text poppler extracts carries the code, the names with every
diacritic, the dates and the due time; forms apply only when their record exists; templates are
chosen by the dossier's reception date."""

import datetime as dt

import pytest
from django.utils import timezone

from conftest import at
from motcua.core.testing import pdf_text
from motcua.documents import rendering
from motcua.documents.choices import FormKind
from motcua.documents.models import FormTemplate
from motcua.documents.selectors import template_for
from motcua.dossiers import services
from motcua.dossiers.services import Applicant
from motcua.dossiers.tests.fixtures import env  # noqa: F401 - fixture

HUONG = Applicant(
    name="Nguyễn Thị Hương",
    id_number="068190001234",
    birth_date=dt.date(1990, 3, 4),
    phone="0912345678",
    address="12 Trần Phú, phường Xuân Hương",
)


@pytest.fixture
def received(env):  # noqa: F811
    return services.receive_at_counter(
        actor=env["staff"]["reception_a"],
        procedure_code=env["code"],
        receiving_agency_code=env["a_centre"].code,
        applicant=HUONG,
        at=at("2026-03-10 09:05"),
        result_channel="postal",
    )


def local(moment) -> dt.datetime:
    return timezone.localtime(moment)


def test_receipt_has_code_names_dates_due_secret_and_qr(received, env):  # noqa: F811
    d = received
    text = pdf_text(rendering.render_form(d, FormKind.RECEIPT).pdf)
    due = local(d.due_at)
    assert d.code in text
    assert "Nguyễn Thị Hương" in text and "Đăng ký khai sinh" in text
    assert "09 giờ 05 phút, ngày 10 tháng 03 năm 2026" in text
    assert f"{due:%H} giờ {due:%M} phút, ngày {due:%d} tháng {due:%m} năm {due:%Y}" in text
    assert d.lookup_secret in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert env["a_centre"].name.upper() in text
    assert "Bưu chính công ích" in text  # where the result goes
    assert "Mẫu số 01" in text and "03/2025/TT-VPCP" in text
    assert f"code={d.code}" in text.replace(" ", "")  # the status link under the QR code


def test_receipt_qr_encodes_the_status_page(received, settings):
    settings.PUBLIC_BASE_URL = "https://dichvucong.example.gov.vn"
    ctx = rendering.form_context(received, FormKind.RECEIPT)
    assert ctx["track_url"] == f"https://dichvucong.example.gov.vn/track/?code={received.code}&secret={received.lookup_secret}"
    assert ctx["qr"].startswith("data:image/svg+xml")


def test_forms_apply_only_with_their_record(received, env):  # noqa: F811
    d = received
    for kind in (FormKind.SUPPLEMENT_REQUEST, FormKind.REFUSAL, FormKind.APOLOGY, FormKind.STOP_NOTICE):
        with pytest.raises(rendering.FormNotApplicable):
            rendering.render_form(d, kind)
    assert rendering.applicable_forms(d) == [FormKind.RECEIPT, FormKind.CONTROL_SHEET]
    submitted = services.submit(
        actor=None, procedure_code=env["code"], receiving_agency_code=env["a_centre"].code, applicant=HUONG, channel="online"
    )
    with pytest.raises(rendering.FormNotApplicable):
        rendering.render_form(submitted, FormKind.RECEIPT)
    with pytest.raises(rendering.FormNotApplicable):
        rendering.render_form(submitted, FormKind.CONTROL_SHEET)


def test_supplement_request_numbered_with_components_and_officer(received, env):  # noqa: F811
    admin = env["staff"]["processing_a"]
    d = services.perform(received, "forward", actor=env["staff"]["reception_a"], at=at("2026-03-10 10:00"))
    d = services.perform(
        d, "request_supplement", actor=admin, at=at("2026-03-11 14:30"), missing=["Giấy chứng sinh"], note="Bản sao chưa chứng thực"
    )
    text = pdf_text(rendering.render_form(d, FormKind.SUPPLEMENT_REQUEST).pdf)
    assert "Giấy chứng sinh" in text and "Bản sao chưa chứng thực" in text
    assert "1/2026/HDHS" in text
    assert admin.get_full_name() in text
    assert "ngày 11 tháng 03 năm 2026" in text
    d = services.perform(d, "supplement_received", actor=admin, at=at("2026-03-12 08:00"))
    d = services.perform(d, "request_supplement", actor=admin, at=at("2026-03-12 09:00"), note="Thiếu chữ ký")
    assert "2/2026/HDHS" in pdf_text(rendering.render_form(d, FormKind.SUPPLEMENT_REQUEST).pdf)  # the latest request, next number


def test_counter_guidance_and_refusal_without_reception(env):  # noqa: F811
    officer = env["staff"]["reception_a"]
    guided = services.decline_at_counter(
        actor=officer,
        outcome="guide",
        procedure_code=env["code"],
        receiving_agency_code=env["a_centre"].code,
        applicant=HUONG,
        missing=["Tờ khai"],
        note="Tờ khai chưa ký",
    )
    assert guided.code is None and guided.due_at is None and guided.state == "guided" and guided.national_status == 1
    text = pdf_text(rendering.render_form(guided, FormKind.SUPPLEMENT_REQUEST).pdf)
    assert "Tờ khai" in text and "Tờ khai chưa ký" in text and "Nguyễn Thị Hương" in text and "/HDHS" in text
    refused = services.decline_at_counter(
        actor=officer,
        outcome="refuse",
        procedure_code=env["code"],
        receiving_agency_code=env["a_centre"].code,
        applicant=HUONG,
        note="Không thuộc thẩm quyền giải quyết của xã",
    )
    assert refused.state == "refused" and refused.national_status == 3 and refused.closed_at is not None
    text = pdf_text(rendering.render_form(refused, FormKind.REFUSAL).pdf)
    assert "Không thuộc thẩm quyền giải quyết của xã" in text and "Đăng ký khai sinh" in text and "từ chối tiếp nhận" in text
    from motcua.dossiers.errors import Invalid

    with pytest.raises(Invalid):  # a refusal needs its reason
        services.decline_at_counter(
            actor=officer, outcome="refuse", procedure_code=env["code"], receiving_agency_code=env["a_centre"].code, applicant=HUONG
        )


def test_apology_and_control_sheet(received, env):  # noqa: F811
    reception, processing, leader = env["staff"]["reception_a"], env["staff"]["processing_a"], env["staff"]["leader_a"]
    d = services.perform(received, "forward", actor=reception, at=at("2026-03-10 10:00"), to_user=processing.pk)
    new = at("2026-03-20 16:00")
    d = services.perform(
        d, "apologize", actor=leader, at=at("2026-03-12 15:00"), reason="Cần xác minh thông tin cư trú", new_appointment=new
    )
    text = pdf_text(rendering.render_form(d, FormKind.APOLOGY).pdf)
    assert "Cần xác minh thông tin cư trú" in text and "16 giờ 00 phút, ngày 20 tháng 03 năm 2026" in text and d.code in text
    due = local(d.due_at)
    assert f"{due:%H} giờ {due:%M} phút, ngày {due:%d} tháng {due:%m} năm {due:%Y}" in text  # the original due time stays on record
    d = services.perform(d, "resolve", actor=leader, at=at("2026-03-19 10:00"))
    text = pdf_text(rendering.render_form(d, FormKind.CONTROL_SHEET).pdf)
    assert d.code in text and processing.get_full_name() in text and "10:00 10/03/2026" in text
    assert "☑ Quá hạn" in text  # resolved after the original due time: late, despite the apology
    assert "☐ Đúng hạn" in text


def test_templates_follow_the_reception_date_and_admin_edits(received):
    assert template_for(FormKind.RECEIPT, dt.date(2024, 5, 1)).form_set == "Thông tư 01/2018/TT-VPCP"
    assert template_for(FormKind.RECEIPT, dt.date(2025, 7, 1)).form_set == "Thông tư 03/2025/TT-VPCP"
    assert template_for(FormKind.RECEIPT, dt.date(2010, 1, 1)).form_set == "Thông tư 01/2018/TT-VPCP"  # older than every set: the earliest
    assert template_for(FormKind.STOP_NOTICE, dt.date(2024, 5, 1)).number == "Mẫu số 05"  # only the 2025 set has it
    row = FormTemplate.objects.get(kind=FormKind.RECEIPT, effective_from=dt.date(2025, 7, 1))
    row.body = '{% extends "documents/forms/receipt.html" %}{% block heading %}GIẤY BIÊN NHẬN THỬ NGHIỆM{% endblock %}'
    row.save()
    assert "GIẤY BIÊN NHẬN THỬ NGHIỆM" in pdf_text(rendering.render_form(received, FormKind.RECEIPT).pdf)


def test_register_lists_the_range(received, env):  # noqa: F811
    from motcua.dossiers.models import Dossier

    other = services.receive_at_counter(
        actor=env["staff"]["reception_a"],
        procedure_code=env["code"],
        receiving_agency_code=env["a_centre"].code,
        applicant=Applicant(name="Trần Văn Đức", id_number="079085001122"),
        at=at("2026-03-12 14:00"),
    )
    qs = Dossier.objects.all()
    text = pdf_text(rendering.render_register(qs, dt.date(2026, 3, 10), dt.date(2026, 3, 10), env["a_centre"]).pdf)
    assert received.code in text and "Nguyễn Thị Hương" in text and other.code not in text
    text = pdf_text(rendering.render_register(qs, dt.date(2026, 3, 1), dt.date(2026, 3, 31), env["a_centre"]).pdf)
    assert received.code in text and other.code in text and "Trần Văn Đức" in text and "Mẫu số 07" in text


def test_admin_refuses_a_template_that_does_not_compile(db):
    from motcua.documents.admin import FormTemplateForm

    row = FormTemplate.objects.get(kind=FormKind.RECEIPT, effective_from=dt.date(2025, 7, 1))
    data = {
        "kind": row.kind,
        "number": row.number,
        "title": row.title,
        "form_set": row.form_set,
        "effective_from": "2025-07-01",
        "is_active": True,
    }
    assert not FormTemplateForm({**data, "body": "{% extends 'documents/forms/receipt.html' %}{% block body %}"}, instance=row).is_valid()
    assert not FormTemplateForm({**data, "body": "{% extends 'khong-co.html' %}"}, instance=row).is_valid()
    assert FormTemplateForm({**data, "body": row.body}, instance=row).is_valid()
