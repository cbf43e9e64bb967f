"""The public portal in Chromium: a citizen registers, submits online with uploads, the desk
receives it, a supplement is answered with a new upload, the result is downloaded and rated;
tracking and the kiosk from a logged-out browser. Every portal page passes axe-core with no
serious or critical violation. Screenshots (desktop and phone) go to docs/screenshots/."""

import re

import pytest

from motcua.core.testing import sample_pdf, sample_png, step

from .conftest import SHOTS, login
from .test_counter import act, as_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-cong-dan-2026"  # noqa: S105 - a test password
EMAIL = "hoa.tran@example.invalid"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


def accessible(page, name: str) -> None:
    """axe-core over the whole page: no serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state("load")
    violations = Axe().run(page).response["violations"]
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations if v["impact"] in ("serious", "critical")]
    assert bad == [], f"{name}: {bad}"


def shot(page, name: str, *, phone: bool = False) -> None:
    if phone:
        page.set_viewport_size(PHONE)
        page.screenshot(path=str(SHOTS / f"{name}-phone.png"), full_page=True)
        page.set_viewport_size(DESKTOP)
    else:
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def latest_code(recipient: str) -> str:
    from motcua.notifications.models import Message

    message = Message.objects.filter(recipient=recipient, template_key="account.verify").order_by("-id").first()
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def portal_login(page, live_server, email: str = EMAIL, password: str = PASSWORD):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/portal/login/")
    page.get_by_label("Thư điện tử hoặc số điện thoại").fill(email)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.get_by_role("heading", name="Hồ sơ của tôi").wait_for()


def test_register_submit_supplement_result_rating_and_tracking(page, live_server, demo, tmp_path):
    from motcua.dossiers import services
    from motcua.dossiers.models import Dossier

    SHOTS.mkdir(parents=True, exist_ok=True)
    files = {}
    for name, data in (
        ("to-khai.pdf", sample_pdf("to khai")),
        ("giay-chung-sinh.png", sample_png()),
        ("can-cuoc.jpg", None),
        ("bo-sung.pdf", sample_pdf("bo sung")),
    ):
        if data is None:
            from PIL import Image

            Image.new("RGB", (16, 16), (20, 90, 160)).save(tmp_path / name, format="JPEG")
        else:
            (tmp_path / name).write_bytes(data)
        files[name] = str(tmp_path / name)

    step("A citizen finds the portal, registers and verifies the account with the code sent.")
    page.goto(f"{live_server.url}/")
    page.get_by_role("heading", name="Dịch vụ công trực tuyến", exact=True).wait_for()
    accessible(page, "portal home")
    shot(page, "portal-home")
    shot(page, "portal-home", phone=True)
    page.get_by_role("link", name="Đăng ký").first.click()
    accessible(page, "register")
    page.get_by_label("Họ và tên").fill("Trần Thị Hoa")
    page.get_by_label("Thư điện tử").fill(EMAIL)
    page.get_by_label("Số điện thoại").fill("0977 111 222")
    page.get_by_label("Mật khẩu (ít nhất 10 ký tự)").fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng ký").click()
    page.get_by_role("heading", name="Xác thực tài khoản").wait_for()
    accessible(page, "verify")
    page.get_by_label("Mã xác thực (6 chữ số)").fill(latest_code(EMAIL))
    page.get_by_role("button", name="Xác thực").click()
    page.get_by_role("heading", name="Hồ sơ của tôi").wait_for()

    step("Online submission: find the procedure, save a draft with files, come back, send it.")
    page.goto(f"{live_server.url}/procedures/1.001193/")
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    page.get_by_role("button", name="Tạo hồ sơ mới").click()
    page.locator("#draft-ref").wait_for()
    reference = page.locator("#draft-ref").inner_text()
    page.get_by_label("Số định danh cá nhân / mã số thuế").fill("068190007788")
    page.get_by_label("Ngày sinh").fill("1990-07-08")
    page.get_by_label("Địa chỉ", exact=True).fill("Thôn 4, xã thử nghiệm")
    page.get_by_label("Nơi nộp hồ sơ").select_option("000.23.01.H38")
    page.locator("#file_0").set_input_files(files["to-khai.pdf"])
    page.locator("#file_1").set_input_files(files["giay-chung-sinh.png"])
    page.get_by_role("button", name="Lưu nháp").click()
    page.get_by_text("Đã lưu nháp").wait_for()
    accessible(page, "draft")
    shot(page, "portal-draft")
    shot(page, "portal-draft", phone=True)
    page.get_by_role("button", name="Nộp hồ sơ", exact=True).click()  # the identity document is still missing
    page.get_by_text("Còn thiếu tệp của thành phần bắt buộc").wait_for()
    page.locator("#file_2").set_input_files(files["can-cuoc.jpg"])
    page.get_by_role("button", name="Nộp hồ sơ", exact=True).click()
    page.locator("#portal-ref", has_text=reference).wait_for()
    accessible(page, "dossier page (submitted)")
    d = Dossier.objects.get(submission__reference=reference)
    assert d.state == "submitted" and d.files.count() == 3 and d.applicant_name == "Trần Thị Hoa"

    step("The desk receives it from the queue and hands it to processing, which asks for a supplement.")
    as_user(page, live_server, "tiepnhan.xa3")
    page.goto(f"{live_server.url}/work/to_receive/")
    page.get_by_role("link", name="Chưa có mã").click()
    page.get_by_text("to-khai.pdf").first.wait_for()
    act(page, "Tiếp nhận hồ sơ", lambda dlg: dlg.get_by_label("Trực tuyến").check())
    code = page.locator("#print-code").inner_text()
    page.wait_for_load_state("load")
    page.goto(f"{live_server.url}/dossiers/{code}/")
    act(
        page,
        "Chuyển bước tiếp theo",
        lambda dlg: dlg.get_by_label("Chuyển cho cán bộ (không bắt buộc)").select_option(label="Chuyên viên xử lý xã 3"),
    )
    as_user(page, live_server, "xuly.xa3")
    page.goto(f"{live_server.url}/dossiers/{code}/")
    act(
        page,
        "Yêu cầu bổ sung hồ sơ",
        lambda dlg: dlg.get_by_label("Nội dung, lý do cần bổ sung").fill("Tờ khai thiếu chữ ký, đề nghị nộp lại"),
    )
    page.wait_for_load_state("load")

    step("The citizen answers with a new upload from the portal.")
    portal_login(page, live_server)
    page.get_by_role("link", name="Đăng ký khai sinh").click()
    page.locator("#supplement-asked", has_text="thiếu chữ ký").wait_for()
    assert page.locator("#portal-code").inner_text() == code
    accessible(page, "dossier page (supplement)")
    shot(page, "portal-supplement", phone=True)
    page.get_by_label("Nội dung bổ sung").fill("Đã ký lại tờ khai")
    page.locator("#supp-files").set_input_files(files["bo-sung.pdf"])
    page.get_by_role("button", name="Gửi bổ sung").click()
    page.locator("#portal-state", has_text="Đang xử lý").wait_for()
    d.refresh_from_db()
    assert d.state == "processing" and d.pauses.get().end is not None and d.files.filter(name="bo-sung.pdf").exists()

    step("The unit finishes (through the services: the counter test clicks these) with an electronic result.")
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    users = {u.username: u for u in get_user_model().objects.filter(username__in=["xuly.xa3", "lanhdao.xa3"])}
    d = services.perform(d, "forward", actor=users["xuly.xa3"], to_user=users["lanhdao.xa3"].pk)
    d = services.attach_file(d, SimpleUploadedFile("giay-khai-sinh.pdf", sample_pdf("ket qua")), actor=users["lanhdao.xa3"], kind="result")
    d = services.perform(d, "resolve", actor=users["lanhdao.xa3"], result="Giấy khai sinh điện tử")

    step("The citizen downloads the result (returned online) and rates the service.")
    page.reload()
    page.locator("#portal-state", has_text="Đã xử lý xong").wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="giay-khai-sinh.pdf").click()
    assert open(download.value.path(), "rb").read().startswith(b"%PDF")
    page.reload()
    page.locator("#portal-state", has_text="Đã trả kết quả").wait_for()
    form = page.locator("#rating-form")
    for fieldset in form.locator("fieldset").all():
        fieldset.get_by_label("4 – Hài lòng").check()
    form.locator("fieldset").first.get_by_label("5 – Rất hài lòng").check()
    accessible(page, "dossier page (rating)")
    shot(page, "portal-rating")
    page.get_by_role("button", name="Gửi đánh giá").click()
    page.locator("#rated").wait_for()
    d.refresh_from_db()
    assert d.state == "returned" and d.rating == 5 and d.rating_criteria["attitude"] == 4 and d.result_channel == "online"

    step("Anyone can track it by code and secret, logged out, on the page and on the kiosk.")
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/track/?code={code}&secret={d.lookup_secret}")
    page.locator("#track-state", has_text="Đã trả kết quả").wait_for()
    accessible(page, "tracking")
    shot(page, "portal-tracking", phone=True)
    page.goto(f"{live_server.url}/portal/kiosk/")
    accessible(page, "kiosk")
    page.locator("#kiosk-track").click()
    page.get_by_label("Mã hồ sơ (trên giấy hẹn)").fill(code)
    page.get_by_label("Mã tra cứu").fill(d.lookup_secret)
    page.get_by_role("button", name="Tra cứu").click()
    page.get_by_text("Đã trả kết quả").first.wait_for()
    accessible(page, "kiosk tracking")
    page.set_viewport_size({"width": 1080, "height": 1920})
    page.screenshot(path=str(SHOTS / "kiosk-track.png"))


def test_feedback_and_catalogue_pages_are_accessible(page, live_server, demo):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for path in (
        "/portal/feedback/",
        "/portal/feedback/new/",
        "/procedures/",
        "/procedures/1.001193/",
        "/portal/login/",
        "/portal/kiosk/procedures/?q=khai+sinh",
    ):
        page.goto(f"{live_server.url}{path}")
        accessible(page, path)
    page.goto(f"{live_server.url}/portal/feedback/new/")
    page.get_by_label("Loại").select_option(label="Kiến nghị về quy định hành chính")
    page.get_by_label("Cơ quan nhận").select_option("000.23.00.H38")
    page.get_by_label("Họ và tên").fill("Lý Văn Minh")
    page.get_by_label("Thư điện tử").fill("minh@example.invalid")
    page.get_by_label("Tiêu đề").fill("Đề nghị bổ sung giờ làm việc sáng thứ Bảy")
    page.get_by_label("Nội dung phản ánh, kiến nghị").fill("Người lao động khó đến trong giờ hành chính.")
    page.get_by_role("button", name="Gửi").click()
    page.locator("#feedback-ref").wait_for()
    reference = page.locator("#feedback-ref").inner_text()
    login(page, live_server, "xuly.xa3")
    page.goto(f"{live_server.url}/portal/feedback/manage/")
    page.get_by_role("link", name="Đề nghị bổ sung giờ làm việc sáng thứ Bảy").click()
    page.get_by_label("Nội dung trả lời").fill("UBND xã sẽ bố trí tiếp nhận sáng thứ Bảy từ tháng sau.")
    page.get_by_label("Công khai", exact=True).check()
    page.get_by_role("button", name="Trả lời").click()
    page.get_by_text(f"Đã trả lời phản ánh {reference}").wait_for()
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/portal/feedback/")
    page.get_by_text("bố trí tiếp nhận sáng thứ Bảy").wait_for()
    shot(page, "portal-feedback")
