"""The desk and the back office in Chromium: a counter reception with its receipt, the route
with a supplement round, the result and its return; an online submission accepted from the
queue. Screenshots go to docs/screenshots/."""

import pytest

from .conftest import SHOTS, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CENTRE, COMMUNE = "000.23.01.H38", "000.23.00.H38"


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
    act(page, "Chuyển bước tiếp theo", lambda dlg: dlg.get_by_label("Chuyển cho cán bộ (không bắt buộc)").select_option(label="Chuyên viên xử lý xã 3"))
    state_is(page, "Đang xử lý")

    as_user(page, live_server, "xuly.xa3")
    page.goto(f"{live_server.url}/work/mine/")
    page.get_by_role("link", name=code).click()
    act(page, "Yêu cầu bổ sung hồ sơ", lambda dlg: (dlg.get_by_label("Giấy chứng sinh").check(), dlg.get_by_label("Nội dung, lý do cần bổ sung").fill("Giấy chứng sinh bị mờ, cần bản rõ")))
    page.locator("#print-code", has_text=code).wait_for()  # form 02 ready to print
    page.wait_for_load_state("load")
    assert page.request.get(f"{live_server.url}/dossiers/{code}/forms/supplement_request.pdf").body()[:4] == b"%PDF"
    page.get_by_role("link", name="Trang hồ sơ").click()
    state_is(page, "Chờ bổ sung hồ sơ")
    act(page, "Nhận hồ sơ bổ sung")
    state_is(page, "Đang xử lý")
    act(page, "Chuyển bước tiếp theo", lambda dlg: dlg.get_by_label("Chuyển cho cán bộ (không bắt buộc)").select_option(label="Lãnh đạo xã 3"))
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

    submitted = services.submit(actor=None, procedure_code="1.001193", receiving_agency_code=CENTRE, channel="online",
                                applicant=Applicant(name="Trần Văn Đức", id_number="079085001122", birth_date=None, phone="0987654321"))
    as_user(page, live_server, "tiepnhan.xa3")
    page.goto(f"{live_server.url}/work/")
    assert page.locator("#nav-work-count").inner_text() == "1"  # the navigation counts what waits for this desk
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
    """The commune asks the province: the dossier waits in the province's queue until its own
    officer accepts it; the commune may recall it only before that; the province returns it with
    its opinion, and the control sheet names each side."""
    from django.contrib.auth import get_user_model

    from motcua.dossiers import services
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.services import Applicant

    User = get_user_model()
    d = services.receive_at_counter(actor=User.objects.get(username="tiepnhan.xa3"), procedure_code="1.001193", receiving_agency_code=CENTRE,
                                    applicant=Applicant(name="Lê Văn Tám", id_number="068190001299", address="5 Lê Lợi"))
    d = services.perform(d, "forward", actor=User.objects.get(username="tiepnhan.xa3"), to_user=User.objects.get(username="xuly.xa3").pk)

    as_user(page, live_server, "xuly.xa3")
    page.goto(f"{live_server.url}/dossiers/{d.code}/")
    act(page, "Chuyển liên thông", lambda dlg: (dlg.get_by_label("Chuyển liên thông đến").select_option(value="000.00.00.H38"),
                                                  dlg.get_by_label("Ghi chú").fill("Xin ý kiến về nguồn gốc đất")))
    actions = page.locator("#actions")
    assert actions.get_by_role("button", name="Thu hồi hồ sơ liên thông chưa được tiếp nhận").is_visible()
    assert actions.get_by_role("button", name="Trả hồ sơ liên thông kèm kết quả").count() == 0  # the sender cannot take it back alone

    as_user(page, live_server, "admin")
    page.goto(f"{live_server.url}/dossiers/{d.code}/")
    act(page, "Tiếp nhận hồ sơ liên thông")
    d.refresh_from_db()
    assert d.transfer_accepted_at is not None and d.current_assignee.username == "admin"
    act(page, "Trả hồ sơ liên thông kèm kết quả", lambda dlg: dlg.get_by_label("Kết quả phần việc liên thông").fill("Đất không có tranh chấp"))
    page.screenshot(path=str(SHOTS / "dossier-inter-agency.png"), full_page=True)
    offered = page.locator("#actions").inner_text()
    assert "Tiếp nhận hồ sơ liên thông" not in offered and "Trả hồ sơ liên thông" not in offered  # only what applies now

    d = Dossier.objects.get(pk=d.pk)
    assert d.current_agency.code == COMMUNE and d.transfer_origin_id is None
    sheet = {e.action: e.agency.code for e in d.events.all()}
    assert sheet["transfer_out"] == COMMUNE and sheet["transfer_accept"] == sheet["transfer_in"] == "000.00.00.H38"
    assert d.events.get(action="transfer_in").data["result"] == "Đất không có tranh chấp"
