"""Administrative reform in Chromium, on the demo data: a round (a commune's self-assessment
with evidence, the council's appraisal, the published ranking) and an inspection (a finding
with a photo, the unit's remediation report, the re-inspection that closes the task).
Screenshots go to docs/screenshots/; the scorecard and the ranking pass axe-core."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from motcua.core.testing import step

from .conftest import SHOTS, login
from .test_portal import accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def relogin(page, live_server, username):
    page.context.clear_cookies()
    login(page, live_server, username)


def open_leaf(page, node):
    """The scorecard form of a sub-criterion, its folded section opened as a user would."""
    form = page.locator(f"#f{node.pk}")
    details = form.locator("xpath=ancestor::details")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return form


def _current_round():
    from motcua.reform.models import Round

    return Round.objects.get(framework__year=timezone.localdate().year, framework__level="commune")


def _fill_all_but(assessment, skip=()):
    from django.contrib.auth import get_user_model

    from motcua.reform import services

    leader = get_user_model().objects.get(memberships__agency=assessment.agency, memberships__role="leader")
    for node in assessment.round.framework.nodes.filter(kind="sub", source="appraised", prefill="").exclude(code__in=skip):
        value = (
            True
            if node.rule == "yes_no"
            else 0
            if node.rule == "deduction"
            else float(node.max_score) * 0.9
            if node.rule == "manual"
            else 95
        )
        services.save_leaf(actor=leader, assessment=assessment, node=node, value=value)
    return leader


def test_a_round_self_assessment_with_evidence_appraisal_and_published_ranking(page, live_server, demo, tmp_path):
    from django.contrib.auth import get_user_model

    from motcua.core.testing import sample_pdf, step
    from motcua.reform import services
    from motcua.reform.selectors import totals as totals_of

    SHOTS.mkdir(parents=True, exist_ok=True)
    rnd = _current_round()
    assessments = list(rnd.assessments.select_related("agency").order_by("agency__code"))
    mine = next(a for a in assessments if a.agency == _commune(1))  # lanhdao.xa1's
    _fill_all_but(mine, skip=("1.1.1", "1.4"))
    council = get_user_model().objects.get(username="cchc.noivu")
    for other in (a for a in assessments if a != mine):  # the other communes have sent theirs and been appraised
        leader = _fill_all_but(other)
        services.submit(actor=leader, assessment=other)
        services.complete_appraisal(actor=council, assessment=other)
    plan_pdf = tmp_path / "ke-hoach-cchc.pdf"
    plan_pdf.write_bytes(sample_pdf("Ke hoach CCHC"))

    step("The commune's leader scores the last two criteria with evidence, then sends the card.")
    login(page, live_server, "lanhdao.xa1")
    page.get_by_role("button", name="Điều hành").click()  # the steering menu
    page.get_by_role("link", name="Cải cách hành chính").first.click()
    page.locator("#my-assessments a", has_text=str(rnd.framework.year)).click()
    node = rnd.framework.nodes.get(code="1.1.1")
    form = open_leaf(page, node)
    form.get_by_label("Đạt").select_option("yes")
    form.get_by_label("Tệp minh chứng (PDF, ảnh)").set_input_files(str(plan_pdf))
    form.get_by_label("Văn bản (số, ngày, cơ quan)").fill("Kế hoạch số 15/KH-UBND ngày 12/01 về cải cách hành chính")
    form.get_by_role("button", name="Lưu 1.1.1").click()
    row = page.locator(f"#n{node.pk}")
    assert row.get_by_role("link", name="📎 ke-hoach-cchc.pdf").is_visible() and "Kế hoạch số 15/KH-UBND" in row.inner_text()
    propaganda = rnd.framework.nodes.get(code="1.4")
    form = open_leaf(page, propaganda)
    form.get_by_label("Điểm", exact=True).fill("2")
    form.get_by_role("button", name="Lưu 1.4").click()
    page.screenshot(path=str(SHOTS / "reform-scorecard-unit.png"), full_page=True)
    accessible(page, "scorecard")
    page.get_by_role("button", name="Gửi hội đồng thẩm định").click()
    assert page.locator("#assessment-state").inner_text() == "Đã gửi thẩm định"

    step("The council appraises from its queue: one adjustment with its reason, the surveys, done.")
    relogin(page, live_server, "cchc.noivu")
    page.goto(f"{live_server.url}/reform/appraisal/")
    page.locator("#queue").get_by_role("link", name=mine.agency.name).click()
    appraise = page.locator(f"#a{propaganda.pk}")
    appraise.get_by_label("Điểm thẩm định 1.4").fill("1,5")
    appraise.get_by_role("button", name="Ghi điểm").click()
    assert "Điều chỉnh điểm cần ghi rõ lý do" in page.locator(".alert").first.inner_text()  # refused without a reason
    appraise = page.locator(f"#a{propaganda.pk}")
    appraise.get_by_label("Điểm thẩm định 1.4").fill("1,5")
    appraise.get_by_label("Lý do (bắt buộc khi điều chỉnh, hoặc minh chứng cần bổ sung)").fill(
        "Chưa có chuyên mục tuyên truyền trên trang thông tin của xã"
    )
    appraise.get_by_role("button", name="Ghi điểm").click()
    assert "Chưa có chuyên mục tuyên truyền" in page.locator(f"#n{propaganda.pk}").inner_text()
    for code, points in (("8.1", "8,5"), ("8.2", "7")):
        survey = rnd.framework.nodes.get(code=code)
        page.get_by_label(f"Điểm điều tra {code}").fill(points)
        page.locator(f"#sv{survey.pk}").locator("xpath=ancestor::form").get_by_role("button", name="Ghi").click()
    page.screenshot(path=str(SHOTS / "reform-appraisal.png"), full_page=True)
    page.get_by_role("button", name="Hoàn thành thẩm định").click()
    assert page.locator("#assessment-state").inner_text() == "Đã thẩm định"
    totals = totals_of(mine)
    assert totals.survey_score == Decimal("15.5") and totals.self_score - totals.appraised_score == Decimal("0.5")

    step("Published: the ranking with its chart, which the unit now sees too.")
    page.goto(f"{live_server.url}/reform/rounds/{rnd.pk}/")
    page.get_by_role("button", name="Công bố kết quả, xếp hạng").click()
    page.locator("#rankings").wait_for()
    assert page.locator("#rankings tbody tr").count() == len(assessments) and page.locator("svg.ranking-chart rect").count() == len(
        assessments
    )
    page.screenshot(path=str(SHOTS / "reform-rankings.png"), full_page=True)
    accessible(page, "rankings")
    relogin(page, live_server, "lanhdao.xa1")
    page.goto(f"{live_server.url}/reform/rankings/")
    assert mine.agency.name in page.locator("#rankings").inner_text()
    page.goto(f"{live_server.url}/reform/assessments/{mine.pk}/")
    assert page.locator("#history tbody tr").count() == 2  # last year and this year


def test_an_inspection_finding_remediation_and_reinspection(page, live_server, demo, tmp_path):
    from motcua.core.testing import sample_png
    from motcua.reform.models import Inspection, RemediationTask

    SHOTS.mkdir(parents=True, exist_ok=True)
    photo = tmp_path / "bang-niem-yet.png"
    photo.write_bytes(sample_png((40, 30)))
    today = timezone.localdate()
    login(page, live_server, "cchc.noivu")
    page.goto(f"{live_server.url}/reform/")
    page.locator("#plans a").first.click()
    commune = _commune(3)
    page.get_by_label("Đơn vị", exact=True).select_option(label=commune.name)
    page.get_by_label("Hình thức").select_option("direct")
    page.get_by_label("Ngày kiểm tra").fill(today.isoformat())
    page.get_by_role("button", name="Thêm vào kế hoạch").click()
    page.locator("#visits").get_by_role("link", name=commune.name).click()
    page.get_by_label("Niêm yết công khai thủ tục hành chính", exact=True).select_option("no")
    page.get_by_label("Ghi chú: Niêm yết công khai thủ tục hành chính").fill("Thiếu 2 thủ tục lĩnh vực đất đai")
    page.get_by_label("Áp dụng ISO 9001:2015", exact=True).select_option("yes")
    finding = page.locator("fieldset.finding").first
    finding.get_by_label("Nội dung", exact=True).select_option("posting")
    finding.get_by_label("Mô tả tồn tại").fill("Niêm yết thiếu 2 thủ tục lĩnh vực đất đai")
    finding.get_by_label("Yêu cầu khắc phục").fill("Niêm yết bổ sung đủ thủ tục")
    finding.get_by_label("Hạn khắc phục").fill((today + dt.timedelta(days=15)).isoformat())
    finding.get_by_label("Ảnh, tệp minh chứng").set_input_files(str(photo))
    page.get_by_label("Kết luận").fill("Đơn vị thực hiện tốt; còn thiếu niêm yết một số thủ tục.")
    page.get_by_role("button", name="Ghi kết quả kiểm tra").click()
    assert page.locator("#findings .task-state").inner_text() == "Đang khắc phục"
    assert page.locator("#findings").get_by_role("link", name="📎 bang-niem-yet.png").is_visible()
    page.screenshot(path=str(SHOTS / "reform-inspection.png"), full_page=True)
    visit_url = page.url
    assert page.locator("#inspection-pdf").get_attribute("href") == "?format=pdf"
    pdf = page.request.get(visit_url + "?format=pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")

    step("The unit reports what it fixed: the task waits for the re-inspection.")
    relogin(page, live_server, "lanhdao.xa3")
    page.goto(f"{live_server.url}/reform/remediation/")
    task = RemediationTask.objects.get(finding__description="Niêm yết thiếu 2 thủ tục lĩnh vực đất đai")
    row = page.locator(f"#task-{task.pk}")
    row.get_by_label("Báo cáo đã khắc phục").fill("Đã niêm yết bổ sung 2 thủ tục ngày hôm nay")
    row.get_by_label("Minh chứng").set_input_files(str(photo))
    row.get_by_role("button", name="Gửi báo cáo").click()
    assert page.locator(f"#task-{task.pk} .task-state").inner_text() == "Đơn vị báo cáo đã khắc phục"
    page.screenshot(path=str(SHOTS / "reform-remediation.png"), full_page=True)

    step("The team re-inspects and confirms: only now is the task closed.")
    relogin(page, live_server, "cchc.noivu")
    page.goto(visit_url)
    page.get_by_label("Ngày tái kiểm tra").fill((today + dt.timedelta(days=16)).isoformat())
    page.get_by_role("button", name="Lên lịch tái kiểm tra").click()
    page.get_by_label("Đã khắc phục").check()
    page.get_by_label("Kết luận tái kiểm tra").fill("Đơn vị đã khắc phục đầy đủ.")
    page.get_by_role("button", name="Ghi kết quả tái kiểm tra").click()
    assert "Đã khắc phục (tái kiểm tra xác nhận)" in page.locator("#reinspection-results").inner_text()
    task.refresh_from_db()
    assert task.state == "closed" and task.closed_by == Inspection.objects.get(reinspection_of__agency=task.agency)
    page.goto(f"{live_server.url}/reform/remediation/")
    page.screenshot(path=str(SHOTS / "reform-remediation-closed.png"), full_page=True)
    assert page.locator(f"#task-{task.pk} .task-state").inner_text() == "Đã khắc phục (tái kiểm tra xác nhận)"


def _commune(k: int):
    """The demo's k-th commune people's committee."""
    from motcua.organisations.models import Agency

    return Agency.objects.get(code=f"000.{20 + k:02d}.00.H38")
