"""The desk and the back office in Chromium: a counter reception with its receipt, the route
with a supplement round, the result and its return; an online submission accepted from the
queue. Screenshots go to docs/screenshots/."""

import pytest
from playwright.sync_api import expect

from .conftest import SHOTS, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CENTRE, COMMUNE, POLICE = "000.23.01.H38", "000.23.00.H38", "000.00.15.H38"


def as_user(page, live_server, username):
    page.context.clear_cookies()
    login(page, live_server, username)


def act(page, button: str, fill=None):
    """Open an action's dialog from the dossier page, fill it and submit it."""
    page.locator("#actions").get_by_role("button", name=button, exact=True).click()
    dialog = page.locator("#dialog")
    dialog.get_by_role("heading", name=button).wait_for()
    if fill:
        fill(dialog)
    with page.expect_navigation():  # success answers with HX-Redirect
        dialog.locator("#action-submit").click()


def at_appraisal(procedure: str, name: str, id_number: str):
    """A dossier received at commune 3's centre and handed to the commune's processing officer."""
    from django.contrib.auth import get_user_model

    from motcua.dossiers import services

    User = get_user_model()
    clerk = User.objects.get(username="tiepnhan.xa3")
    d = services.receive_at_counter(
        actor=clerk,
        procedure_code=procedure,
        receiving_agency_code=CENTRE,
        applicant=services.Applicant(name=name, id_number=id_number, address="5 Lê Lợi"),
    )
    return services.perform(d, "forward", actor=clerk, to_user=User.objects.get(username="xuly.xa3").pk)


def state_is(page, label: str):
    page.locator("#dossier-state", has_text=label).wait_for()


def test_counter_reception_route_supplement_result_and_return(page, live_server, demo):
    from motcua.dossiers.models import Dossier

    SHOTS.mkdir(parents=True, exist_ok=True)
    as_user(page, live_server, "tiepnhan.xa3")
    page.goto(f"{live_server.url}/counter/")
    search = page.get_by_label("1. Thủ tục", exact=False)
    search.fill("dang ky khai sinh")
    page.locator("#procedure-matches a.match").first.wait_for()
    search.press("ArrowDown")
    page.keyboard.press("Enter")
    page.locator("#procedure-name", has_text="Đăng ký khai sinh").wait_for()
    assert page.locator("#procedure-name").inner_text() == "Đăng ký khai sinh"  # the exact name ranks first
    page.get_by_label("Số định danh cá nhân / mã số thuế").fill("068190001234")
    page.get_by_label("Họ tên / tên tổ chức").fill("Nguyễn Thị Hương")
    page.get_by_label("Ngày sinh").fill("1990-03-04")
    page.get_by_label("Điện thoại").fill("0912345678")
    page.get_by_label("Địa chỉ").fill("12 Trần Phú, phường Hàm Thắng")
    page.screenshot(path=str(SHOTS / "counter-reception.png"), full_page=True)
    page.get_by_role("button", name="Tiếp nhận và in giấy hẹn").click()

    code = page.locator("#print-code").inner_text()
    page.wait_for_load_state("load")  # the embedded PDF too (one SQLite test database between threads)
    d = Dossier.objects.get(code=code)
    assert d.applicant_name == "Nguyễn Thị Hương" and d.state == "received"
    pdf = page.request.get(f"{live_server.url}/dossiers/{code}/forms/receipt.pdf")
    assert pdf.status == 200 and pdf.body()[:4] == b"%PDF"
    page.locator("#form-frame").wait_for()
    page.screenshot(path=str(SHOTS / "counter-receipt.png"))

    page.get_by_role("link", name="Trang hồ sơ").click()
    act(
        page,
        "Chuyển bước tiếp theo",
        lambda dlg: dlg.get_by_label("Chuyển cho cán bộ (không bắt buộc)").select_option(label="Chuyên viên xử lý xã 3"),
    )
    state_is(page, "Đang xử lý")

    as_user(page, live_server, "xuly.xa3")
    page.goto(f"{live_server.url}/work/mine/")
    page.get_by_role("link", name=code).click()
    act(
        page,
        "Yêu cầu bổ sung hồ sơ",
        lambda dlg: (
            dlg.get_by_label("Giấy chứng sinh").check(),
            dlg.get_by_label("Nội dung, lý do cần bổ sung").fill("Giấy chứng sinh bị mờ, cần bản rõ"),
        ),
    )
    page.locator("#print-code", has_text=code).wait_for()  # form 02 ready to print
    page.wait_for_load_state("load")
    assert page.request.get(f"{live_server.url}/dossiers/{code}/forms/supplement_request.pdf").body()[:4] == b"%PDF"
    page.get_by_role("link", name="Trang hồ sơ").click()
    state_is(page, "Chờ bổ sung hồ sơ")
    act(page, "Nhận hồ sơ bổ sung")
    state_is(page, "Đang xử lý")
    act(
        page,
        "Chuyển bước tiếp theo",
        lambda dlg: dlg.get_by_label("Chuyển cho cán bộ (không bắt buộc)").select_option(label="Lãnh đạo xã 3"),
    )
    state_is(page, "Đang xử lý")

    as_user(page, live_server, "lanhdao.xa3")
    page.goto(f"{live_server.url}/dossiers/{code}/")
    act(page, "Có kết quả giải quyết", lambda dlg: dlg.get_by_label("Kết quả giải quyết").fill("Giấy khai sinh bản chính"))
    state_is(page, "Đã có kết quả")
    page.screenshot(path=str(SHOTS / "dossier-page.png"), full_page=True)

    as_user(page, live_server, "tiepnhan.xa3")
    page.goto(f"{live_server.url}/work/")
    page.locator("a[data-queue=to_return]").click()
    page.get_by_role("link", name=code).click()
    act(page, "Trả kết quả")
    state_is(page, "Đã trả kết quả")
    d.refresh_from_db()
    assert d.state == "returned" and d.supplement_count == 1 and d.returned_at is not None
    steps = page.locator("#steps tbody tr")
    assert steps.count() == 4  # reception, processing (the supplement pause stays inside it), approval, return
    assert page.locator("#events li").count() == d.events.count()


def test_online_submission_accepted_from_the_queue(page, live_server, demo):
    from motcua.dossiers import services
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.services import Applicant

    submitted = services.submit(
        actor=None,
        procedure_code="1.001193",
        receiving_agency_code=CENTRE,
        channel="online",
        applicant=Applicant(name="Trần Văn Đức", id_number="079085001122", birth_date=None, phone="0987654321"),
    )
    as_user(page, live_server, "tiepnhan.xa3")
    page.goto(f"{live_server.url}/work/")
    expect(page.locator("#nav-badge-dossiers-work")).to_have_text("1")  # the navigation counts what waits for this desk, after the page
    tab = page.locator("a[data-queue=to_receive]")
    assert tab.locator(".badge").inner_text() == "1"
    tab.click()
    page.screenshot(path=str(SHOTS / "work-queue.png"), full_page=True)
    page.get_by_role("link", name="Chưa có mã").click()
    page.get_by_text("Trần Văn Đức").first.wait_for()
    act(page, "Tiếp nhận hồ sơ", lambda dlg: dlg.get_by_label("Trực tuyến").check())
    code = page.locator("#print-code").inner_text()
    page.wait_for_load_state("load")  # the embedded PDF too (one SQLite test database between threads)
    d = Dossier.objects.get(pk=submitted.pk)
    assert d.code == code and d.state == "received" and d.result_channel == "online" and d.due_at is not None
    pdf = page.request.get(f"{live_server.url}/dossiers/{code}/forms/receipt.pdf")
    assert pdf.body()[:4] == b"%PDF", (pdf.status, pdf.text()[:3000])


def test_an_inter_agency_transfer_is_accepted_and_returned_by_the_partner(page, live_server, demo):
    """The commune asks the provincial police: the dossier waits in the police's queue until its
    own officer accepts it; the commune may recall it only before that; the police return it with
    their opinion, and the control sheet names each side."""
    from motcua.dossiers.models import Dossier

    d = at_appraisal("1.001193", "Lê Văn Tám", "068190001299")

    as_user(page, live_server, "xuly.xa3")
    page.goto(f"{live_server.url}/dossiers/{d.code}/")
    act(
        page,
        "Chuyển liên thông",
        lambda dlg: (
            dlg.get_by_label("Chuyển liên thông đến").select_option(value=POLICE),
            dlg.get_by_label("Ghi chú").fill("Xác minh nơi cư trú"),
        ),
    )
    actions = page.locator("#actions")
    assert actions.get_by_role("button", name="Thu hồi hồ sơ liên thông chưa được tiếp nhận").is_visible()
    assert actions.get_by_role("button", name="Trả hồ sơ liên thông kèm kết quả").count() == 0  # the sender cannot take it back alone

    as_user(page, live_server, "xuly.congan")
    page.goto(f"{live_server.url}/work/unit/")
    page.locator("#queue-table").get_by_text(d.code).wait_for()  # in the police's own queue
    page.goto(f"{live_server.url}/dossiers/{d.code}/")
    act(page, "Tiếp nhận hồ sơ liên thông")
    d.refresh_from_db()
    assert d.transfer_accepted_at is not None and d.current_assignee.username == "xuly.congan"
    act(page, "Trả hồ sơ liên thông kèm kết quả", lambda dlg: dlg.get_by_label("Kết quả phần việc liên thông").fill("Đúng nơi cư trú"))
    page.screenshot(path=str(SHOTS / "dossier-inter-agency.png"), full_page=True)
    offered = page.locator("#actions").inner_text()
    assert "Tiếp nhận hồ sơ liên thông" not in offered and "Trả hồ sơ liên thông" not in offered  # only what applies now

    d = Dossier.objects.get(pk=d.pk)
    assert d.current_agency.code == COMMUNE and d.transfer_origin_id is None
    sheet = {e.action: e.agency.code for e in d.events.all()}
    assert sheet["transfer_out"] == COMMUNE and sheet["transfer_accept"] == sheet["transfer_in"] == POLICE
    assert d.events.get(action="transfer_in").data["result"] == "Đúng nơi cư trú"


def test_a_land_dossier_runs_two_departments_in_parallel(page, live_server, demo):
    """The commune's appraisal hands a land registration to two provincial departments at once;
    each department's own officer accepts and finishes its step, in either order; when both are
    done the dossier is back at the commune for the approval."""
    from motcua.dossiers.models import Dossier

    d = at_appraisal("1.012768", "Phan Thị Yến", "068190001377")

    as_user(page, live_server, "xuly.xa3")
    page.goto(f"{live_server.url}/dossiers/{d.code}/")
    act(page, "Chuyển bước tiếp theo", lambda dlg: dlg.get_by_label("Ghi chú").fill("Đủ điều kiện, chuyển Sở NN&MT và Sở Tài chính"))
    branches = page.locator("#branches")
    assert branches.locator("li").count() == 2 and branches.get_by_text("chờ tiếp nhận").count() == 2
    assert page.locator("#actions").get_by_role("button", name="Chuyển bước tiếp theo").count() == 0  # the commune waits for both

    for username, result in (("xuly.taichinh", "Đã xác định nghĩa vụ tài chính"), ("xuly.nnmt", "Đã cập nhật hồ sơ địa chính")):
        as_user(page, live_server, username)
        page.goto(f"{live_server.url}/work/unit/")
        page.locator("#queue-table").get_by_text(d.code).wait_for()  # in the department's own queue
        page.goto(f"{live_server.url}/dossiers/{d.code}/")
        act(page, "Tiếp nhận bước xử lý song song")
        act(page, "Hoàn thành bước xử lý song song", lambda dlg, r=result: dlg.get_by_label("Kết quả phần việc").fill(r))
        if username == "xuly.taichinh":
            page.locator("#branches").get_by_text("chờ tiếp nhận").wait_for()  # the land department's step is still open
            page.screenshot(path=str(SHOTS / "dossier-parallel-steps.png"), full_page=True)

    d = Dossier.objects.get(pk=d.pk)
    assert d.branches_open == 0 and d.current_agency.code == COMMUNE and d.current_step == 5
    done = {e.agency.code: e.data["result"] for e in d.events.filter(action="branch_done")}
    assert done == {"000.00.14.H38": "Đã xác định nghĩa vụ tài chính", "000.00.12.H38": "Đã cập nhật hồ sơ địa chính"}
    as_user(page, live_server, "lanhdao.xa3")
    page.goto(f"{live_server.url}/dossiers/{d.code}/")
    assert page.locator("#actions").get_by_role("button", name="Có kết quả giải quyết").is_visible()


CARD = "068190001255|245678901|Trần Thị Mai|12071990|Nữ|45 Nguyễn Tất Thành, Phường Hàm Thắng, Lâm Đồng|20042021"


def intercept_print(page) -> None:
    """Replace the framed document's print with a counter (the real dialog would block), once
    the PDF is in the frame."""
    page.wait_for_function(
        "() => { const f = document.getElementById('form-frame'); return f && f.contentWindow && f.contentWindow.document; }"
    )
    for _attempt in range(50):  # the browser's PDF viewer has opened the document in the frame
        if any(f.url.startswith("chrome-extension://") for f in page.frames):
            break
        page.wait_for_timeout(100)
    page.evaluate(
        "() => { window.__printed = 0; document.getElementById('form-frame').contentWindow.print = () => { window.__printed += 1; }; }"
    )


def test_a_chip_card_is_scanned_the_receipt_printed_and_the_fee_taken(page, live_server, demo):
    """At the desk: the 2D scanner types the chip ID card's QR code into the reception form,
    which fills the applicant; the receipt prints from the print page in one click; the
    certification fee is computed by pages and copies, taken in cash and its receipt printed."""
    from motcua.dossiers.models import Dossier
    from motcua.fees.models import Receipt

    as_user(page, live_server, "tiepnhan.xa3")
    page.goto(f"{live_server.url}/counter/?procedure=2.000815&agency={CENTRE}")
    scanner = page.locator("#chip-card")
    scanner.fill("068190001255|245678901|Trần Thị Mai|31021990|Nữ|x|20042021")  # a broken card: 31 February
    scanner.press("Enter")
    page.locator("#chip-card-result.text-danger").wait_for()
    assert "ngày có thật" in page.locator("#chip-card-result").inner_text()
    scanner.fill(CARD)
    scanner.press("Enter")  # the scanner's Enter reads the card, it does not submit the form
    page.locator("#chip-card-result.text-success").wait_for()
    assert page.get_by_label("Số định danh cá nhân / mã số thuế").input_value() == "068190001255"
    assert page.get_by_label("Họ tên / tên tổ chức").input_value() == "Trần Thị Mai"
    assert page.get_by_label("Ngày sinh").input_value() == "1990-07-12" and page.locator("#id_sex").input_value() == "female"
    assert "45 Nguyễn Tất Thành" in page.get_by_label("Địa chỉ").input_value()
    page.screenshot(path=str(SHOTS / "counter-chip-card.png"), full_page=True)
    assert not Dossier.objects.exists()
    page.get_by_role("button", name="Tiếp nhận và in giấy hẹn").click()

    code = page.locator("#print-code").inner_text()
    d = Dossier.objects.get(code=code)
    assert d.applicant_sex == "female" and d.applicant_birth_date.isoformat() == "1990-07-12"
    assert page.locator("#print-appointment").is_visible() and d.lookup_secret == page.locator("#print-secret").inner_text()
    intercept_print(page)
    page.locator("#print-btn").click()
    assert page.evaluate("window.__printed") == 1  # one click prints the framed receipt
    page.screenshot(path=str(SHOTS / "counter-receipt.png"))

    assert "2.000 đồng" in page.locator("#fees-panel").inner_text()  # one page of one copy, by the catalogue
    page.locator("#collect-fees").click()
    row = page.locator("#fee-lines tr[data-fee='0']")
    row.get_by_label("Số bản").fill("2")
    row.get_by_label("Số trang mỗi bản").fill("5")  # 2 x (2 x 2.000 + 3 x 1.000) = 14.000
    page.screenshot(path=str(SHOTS / "counter-fee.png"), full_page=True)
    page.locator("#fee-submit").click()
    page.locator("#receipt-number").wait_for()
    receipt = Receipt.objects.get(dossier=d)
    assert receipt.total == 14_000 and receipt.method == "cash" and page.locator("#receipt-total").inner_text() == "14.000 đồng"
    intercept_print(page)
    page.locator("#print-btn").click()
    assert page.evaluate("window.__printed") == 1
    page.screenshot(path=str(SHOTS / "counter-fee-receipt.png"))
