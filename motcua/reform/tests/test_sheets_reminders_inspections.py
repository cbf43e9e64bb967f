"""Frameworks and surveys through Excel (round trip; a wrong row rejects the whole sheet),
deadline reminders (idempotent), and inspections through the screens: the record with its
findings and photos, the unit's remediation report, the re-inspection that alone closes a
task, and the inspection report as PDF."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from motcua.core.testing import pdf_text as read_pdf
from motcua.core.testing import sample_pdf, sample_png, step
from motcua.notifications.models import Message
from motcua.reform import services
from motcua.reform.models import Framework, Inspection, RemediationTask, Score
from motcua.reform.tests.test_screens import fill, leaf, login


def xlsx_upload(wb, name="bang.xlsx"):
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def pdf_text(data: bytes, tmp_path) -> str:
    return read_pdf(data)


def test_a_framework_round_trips_through_excel_and_a_wrong_sheet_changes_nothing(commune_round, council, client):
    login(client, council)
    source = commune_round.framework
    data = client.get(f"/reform/frameworks/{source.pk}/?export=xlsx").content
    wb = load_workbook(io.BytesIO(data))
    wb["Thông tin"]["B1"] = source.year + 3
    r = client.post("/reform/frameworks/", {"action": "import", "file": xlsx_upload(wb)})
    assert r.status_code == 302
    copy = Framework.objects.get(year=source.year + 3, level="commune")
    fields = ("code", "parent__code", "kind", "name", "max_score", "rule", "params", "source", "prefill")
    assert list(copy.nodes.order_by("position").values_list(*fields)) == list(source.nodes.order_by("position").values_list(*fields))
    # Each broken sheet answers 422 naming the row, and leaves the stored framework as it was.
    ws = wb["Bộ chỉ số"]
    originals = {cell: ws[cell].value for cell in ("E3", "F4", "B5", "G20", "C4")}
    for cell, value, message in (
        ("E3", 7, "khác tổng điểm cấp dưới"),
        ("F4", "guess", "cách chấm «guess» không hợp lệ"),
        ("B5", "9.9", "mã cấp trên 9.9 chưa có"),
        ("G20", "{bands: 98}", "tham số không phải JSON"),
        ("C4", "criterion", "không có tiêu chí thành phần nào"),
    ):
        ws[cell] = value
        r = client.post("/reform/frameworks/", {"action": "import", "file": xlsx_upload(wb)})
        assert r.status_code == 422 and message in r.content.decode(), cell
        ws[cell] = originals[cell]
    assert copy.nodes.count() == source.nodes.count()
    # A framework in use by a round is never replaced.
    wb["Thông tin"]["B1"] = source.year
    r = client.post("/reform/frameworks/", {"action": "import", "file": xlsx_upload(wb)})
    assert r.status_code == 409 and source.nodes.count() == copy.nodes.count()
    assert (
        client.post("/reform/frameworks/", {"action": "import", "file": SimpleUploadedFile("x.xlsx", b"PK\x03\x04 broken")}).status_code
        == 422
    )
    # Copy to the next year from the screen.
    assert client.post("/reform/frameworks/", {"action": "copy", "framework": source.pk}).status_code == 302
    assert Framework.objects.get(year=source.year + 1, level="commune").nodes.count() == source.nodes.count()


def test_bands_params_are_checked_on_import(council):
    from motcua.reform.demo import commune_rows

    rows = commune_rows()
    on_time = next(r for r in rows if r.code == "3.2.1")
    on_time.params = {"bands": [[98, 1.5]]}  # a share above the whole
    with pytest.raises(services.ReformError) as refused:
        services.import_framework(actor=council, year=2040, level="commune", name="x", groups=[["A", 0]], rows=rows)
    assert "Dòng" in refused.value.message_vi and not Framework.objects.filter(year=2040).exists()


def test_survey_scores_come_from_the_round_sheet_all_or_nothing(commune_round, council, client, env):
    login(client, council)
    url = f"/reform/rounds/{commune_round.pk}/"
    wb = load_workbook(io.BytesIO(client.get(url + "?export=survey").content))
    ws = wb.active
    assert ws.max_row == 1 + 2 * 2  # two units × two survey criteria
    for row in range(2, 6):
        ws.cell(row=row, column=6, value=7.25)
    ws.cell(row=5, column=6, value=99)  # above 8.2's maximum
    r = client.post(url, {"action": "survey", "file": xlsx_upload(wb)})
    assert r.status_code == 422 and "Dòng 5" in r.content.decode()
    assert not Score.objects.filter(assessment__round=commune_round, node__source="survey").exclude(appraised_score=None).exists()
    ws.cell(row=5, column=6, value="6,5")
    assert client.post(url, {"action": "survey", "file": xlsx_upload(wb)}).status_code == 302
    points = sorted(Score.objects.filter(assessment__round=commune_round, node__source="survey").values_list("appraised_score", flat=True))
    assert points == [Decimal("6.50"), Decimal("7.25"), Decimal("7.25"), Decimal("7.25")]


def test_reminders_before_the_deadline_once_a_day_and_not_after_submission(commune_round, env, unit_leader_b):
    today = commune_round.deadline - dt.timedelta(days=3)  # a reminder day (7, 3, 1)
    leader_a = env["staff"]["leader_a"]
    leader_a.email = "lanhdao.a@example.invalid"
    leader_a.save()
    assert services.send_reminders(today) == 2  # A's and B's leaders
    assert services.send_reminders(today) == 0  # the same day again: nothing twice
    assert services.send_reminders(today + dt.timedelta(days=1)) == 0  # 2 days left: not a reminder day
    body = Message.objects.get(recipient="lanhdao.a@example.invalid").body
    assert "còn 3 ngày" in body and env["a"].name in body
    a = commune_round.assessments.get(agency=env["a"])
    fill(commune_round, a, leader_a)
    services.submit(actor=leader_a, assessment=a)
    late = commune_round.deadline + dt.timedelta(days=1)
    assert services.send_reminders(late) == 1  # only B, overdue
    assert "đã quá hạn" in Message.objects.filter(recipient=unit_leader_b.email).latest("pk").body


@pytest.fixture
def unit_leader_b(env, make_user):
    return make_user(env["b"], role="leader", email="lanhdao.b@example.invalid")


@pytest.fixture
def plan(env, council):
    return services.create_plan(
        actor=council,
        year=timezone.localdate().year,
        title="Kế hoạch kiểm tra CCHC",
        issuer=env["province"],
        team=services.clean_team("Vũ Thị Lan — Trưởng đoàn\nHoàng Minh Đức, Thành viên"),
    )


def test_an_inspection_through_the_screens_to_its_reinspection(plan, env, council, client, tmp_path):
    leader = env["staff"]["leader_a"]
    assert plan.team == [{"name": "Vũ Thị Lan", "role": "Trưởng đoàn"}, {"name": "Hoàng Minh Đức", "role": "Thành viên"}]
    login(client, council)
    day = timezone.localdate()
    r = client.post(f"/reform/inspections/{plan.pk}/", {"agency": env["a"].pk, "mode": "direct", "scheduled_on": ""})
    assert r.status_code == 422  # a direct inspection needs its date
    assert (
        client.post(
            f"/reform/inspections/{plan.pk}/", {"agency": env["a"].pk, "mode": "direct", "scheduled_on": day.isoformat()}
        ).status_code
        == 302
    )
    assert client.post(f"/reform/inspections/{plan.pk}/", {"agency": env["b"].pk, "mode": "self"}).status_code == 302
    visit = Inspection.objects.get(agency=env["a"])
    url = f"/reform/inspections/visits/{visit.pk}/"
    due = (day + dt.timedelta(days=30)).isoformat()
    record = {
        "action": "record",
        "check-posting": "no",
        "note-posting": "Thiếu 3 thủ tục",
        "check-iso": "yes",
        "conclusion": "Cơ bản thực hiện tốt",
        "finding-0-area": "posting",
        "finding-0-severity": "minor",
        "finding-0-description": "Niêm yết thiếu 3 thủ tục hộ tịch",
        "finding-0-action": "Niêm yết bổ sung",
        "finding-0-due_on": due,
        "finding-0-file": SimpleUploadedFile("bang-niem-yet.png", sample_png()),
        "finding-1-area": "postal",
        "finding-1-severity": "major",
        "finding-1-description": "Chưa hướng dẫn nhận kết quả qua bưu chính",
        "finding-1-action": "Bố trí hướng dẫn",
        "finding-1-due_on": "not-a-date",
    }
    r = client.post(url, record)
    assert r.status_code == 422 and "hạn khắc phục" in r.content.decode() and not RemediationTask.objects.exists()
    record["finding-1-due_on"] = due
    record["finding-0-file"] = SimpleUploadedFile("bang-niem-yet.png", sample_png())
    assert client.post(url, record).status_code == 302
    tasks = list(RemediationTask.objects.order_by("pk"))
    assert [t.agency for t in tasks] == [env["a"], env["a"]] and tasks[0].finding.evidence[0]["name"] == "bang-niem-yet.png"
    visit.refresh_from_db()
    assert visit.checklist["posting"] == {"passed": False, "note": "Thiếu 3 thủ tục"} and visit.done_at is not None
    assert client.post(url, record).status_code == 409  # concluded once
    text = pdf_text(client.get(url + "?format=pdf").content, tmp_path)
    assert (
        "BIÊN BẢN KIỂM TRA CÔNG TÁC CẢI CÁCH HÀNH CHÍNH" in text
        and "Niêm yết thiếu 3 thủ tục hộ tịch" in text
        and "Vũ Thị Lan" in text
        and "Chưa đạt" in text
    )
    step("The unit reports; its report does not close anything.")
    login(client, leader)
    assert (
        client.post(
            "/reform/remediation/",
            {"task": tasks[0].pk, "report": "Đã niêm yết bổ sung", "file": SimpleUploadedFile("anh.pdf", sample_pdf())},
        ).status_code
        == 302
    )
    assert client.post("/reform/remediation/", {"task": tasks[1].pk, "report": "  "}).status_code == 422
    assert [t.state for t in RemediationTask.objects.order_by("pk")] == ["reported", "open"]
    assert client.post(url, {"action": "schedule", "scheduled_on": due}).status_code == 403  # not the team
    step("The team re-inspects: every open task gets a verdict; the fixed one closes, the other stays open.")
    login(client, council)
    r = client.post(url, {"action": "schedule", "scheduled_on": (day + dt.timedelta(days=31)).isoformat()})
    again = Inspection.objects.get(reinspection_of=visit)
    assert r.status_code == 302 and r["Location"].endswith(f"/reform/inspections/visits/{again.pk}/")
    re_url = f"/reform/inspections/visits/{again.pk}/"
    assert client.post(re_url, {"action": "reinspect", f"task-{tasks[0].pk}": "fixed"}).status_code == 422  # the second task has no verdict
    assert (
        client.post(
            re_url, {"action": "reinspect", f"task-{tasks[0].pk}": "fixed", f"task-{tasks[1].pk}": "open", "conclusion": "Khắc phục 1/2"}
        ).status_code
        == 302
    )
    states = {t.pk: (t.state, t.closed_by_id) for t in RemediationTask.objects.all()}
    assert states == {tasks[0].pk: ("closed", again.pk), tasks[1].pk: ("open", None)}
    page = client.get("/reform/remediation/").content.decode()
    assert 'id="count-closed">1<' in page and 'id="count-open">1<' in page
    sheet = load_workbook(io.BytesIO(client.get("/reform/remediation/?state=open&export=xlsx").content)).active
    assert sheet.max_row == 2 and sheet["E2"].value == "Chưa hướng dẫn nhận kết quả qua bưu chính" and sheet["H2"].value == "Đang khắc phục"
    assert "TÁI KIỂM TRA" in pdf_text(client.get(re_url + "?format=pdf").content, tmp_path).upper()


def test_a_unit_records_its_own_self_inspection_but_not_a_direct_one(plan, env, council, client, make_user):
    b_leader = make_user(env["b"], role="leader")
    own = services.schedule_inspection(actor=council, plan=plan, agency=env["b"], mode="self", scheduled_on=None)
    direct = services.schedule_inspection(actor=council, plan=plan, agency=env["a"], mode="direct", scheduled_on=timezone.localdate())
    login(client, b_leader)
    assert client.get(f"/reform/inspections/visits/{direct.pk}/").status_code == 404  # another unit's
    r = client.post(
        f"/reform/inspections/visits/{own.pk}/", {"action": "record", "check-documents": "yes", "conclusion": "Tự kiểm tra: đạt yêu cầu"}
    )
    assert r.status_code == 302
    own.refresh_from_db()
    assert own.done_at is not None and own.checklist == {"documents": {"passed": True, "note": ""}}
    with pytest.raises(services.ReformError) as refused:
        services.record_inspection(actor=env["staff"]["leader_a"], inspection=direct, checklist={}, conclusion="x", findings=[])
    assert refused.value.status == 403 and Inspection.objects.get(pk=direct.pk).done_at is None


def test_the_unit_never_edits_another_units_self_assessment_even_above_it(commune_round, env, make_user):
    """A province administrator is the council, not the unit: the unit's score is the unit's."""
    admin = env["staff"]["admin"]
    a = commune_round.assessments.get(agency=env["a"])
    with pytest.raises(services.ReformError) as refused:
        services.save_leaf(actor=admin, assessment=a, node=leaf(commune_round, "1.1.1"), value=True)
    assert refused.value.status == 403 and not Score.objects.filter(assessment=a, node__code="1.1.1").exists()
    assert services.is_council(admin, commune_round.organiser, env["a"])


def test_remediation_reminders_a_week_before_and_on_mondays_once_overdue(plan, env, council):
    leader = env["staff"]["leader_a"]
    leader.email = "lanhdao.a@example.invalid"
    leader.save()
    visit = services.schedule_inspection(actor=council, plan=plan, agency=env["a"], mode="direct", scheduled_on=timezone.localdate())
    due = timezone.localdate() + dt.timedelta(days=7)
    [task] = services.record_inspection(
        actor=council,
        inspection=visit,
        checklist={},
        conclusion="Kết luận",
        findings=[
            {"area": "it", "severity": "major", "description": "Máy chủ không sao lưu", "action": "Sao lưu hằng ngày", "due_on": due}
        ],
    )
    assert services.send_reminders(due - dt.timedelta(days=7)) == 1 and services.send_reminders(due - dt.timedelta(days=6)) == 0
    monday = due + dt.timedelta(days=(7 - due.weekday()) % 7 or 7)
    assert services.send_reminders(monday) == 1 and services.send_reminders(monday + dt.timedelta(days=1)) == 0
    assert "Sao lưu hằng ngày" in Message.objects.filter(template_key="reform.remediation").latest("pk").body
    RemediationTask.objects.filter(pk=task.pk).update(state="closed")
    assert services.send_reminders(monday + dt.timedelta(days=7)) == 0


def test_a_plan_inspects_only_units_of_its_province(plan, env, council, make_agency):
    elsewhere = make_agency(parent=make_agency(level="province", name="UBND tỉnh khác"), name="UBND xã ở tỉnh khác")
    with pytest.raises(services.ReformError) as refused:
        services.schedule_inspection(actor=council, plan=plan, agency=elsewhere, mode="self", scheduled_on=None)
    assert "tỉnh" in refused.value.message_vi and not Inspection.objects.filter(agency=elsewhere).exists()
