"""Digitised dossiers (issue 22): the desk scans two paper components (photos merged into one PDF
each), a leader signs the result with their own certificate, the citizen downloads it on the
portal and checks it on /verify/; the citizen's next dossier reuses the ID document digitised on
the first."""

import pytest

from motcua.core.testing import sample_pdf, sample_png, step

from .conftest import SHOTS, login
from .test_portal import portal_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CITIZEN, PASSWORD = "nguoidan@example.invalid", "motcua-demo-2026"
ID_DOCUMENT = "Giấy tờ tùy thân (căn cước, hộ chiếu) của người yêu cầu (xuất trình)"


def photo(name: str, color: tuple[int, int, int]) -> dict:
    return {"name": name, "mimeType": "image/png", "buffer": sample_png((120, 160), color)}


def test_scan_sign_download_verify_and_reuse(page, live_server, demo):
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    from motcua.accounts.models import User
    from motcua.dossiers import services
    from motcua.dossiers.models import Dossier

    citizen = get_user_model().objects.get(username=CITIZEN)
    profile = citizen.applicant
    applicant = services.Applicant(
        name=citizen.get_full_name(), id_number=profile.id_number, birth_date=profile.birth_date, address="Thôn 1"
    )
    desk, officer, leader = (User.objects.get(username=f"{role}.xa3") for role in ("tiepnhan", "xuly", "lanhdao"))

    def dossier(code: str, form: str):
        d = services.receive_at_counter(
            actor=desk,
            procedure_code=code,
            receiving_agency_code="000.23.01.H38",
            applicant=applicant,
            components=[{"name": form, "originals": 1}, {"name": ID_DOCUMENT, "originals": 1}],
        )
        Dossier.objects.filter(pk=d.pk).update(owner=citizen)
        return Dossier.objects.get(pk=d.pk)

    step("The desk receives a birth registration on paper and scans its two components.")
    first = dossier("1.001193", "Tờ khai theo mẫu đăng ký khai sinh")
    login(page, live_server, "tiepnhan.xa3")
    page.goto(f"{live_server.url}/dossiers/{first.code}/")
    for component, pages in (
        ("Tờ khai theo mẫu đăng ký khai sinh", [photo("trang-1.png", (240, 240, 240)), photo("trang-2.png", (220, 220, 230))]),
        (ID_DOCUMENT, [photo("mat-truoc.png", (200, 220, 250)), photo("mat-sau.png", (210, 230, 250))]),
    ):
        page.locator("#digitise-component").select_option(component)
        page.locator("#digitise-pages").set_input_files(pages)
        page.locator("#digitise-form").get_by_role("button", name="Số hóa").click()
        page.get_by_text("Đã số hóa thành phần hồ sơ.").wait_for()
    components = page.locator("#components")
    assert components.get_by_text("Đã số hóa (2 trang)").count() == 2
    page.screenshot(path=str(SHOTS / "counter-digitised.png"), full_page=True)

    step("The officer attaches the result; the commune's leader signs it with their own certificate.")
    d = services.perform(first, "forward", actor=desk, to_user=officer.pk)
    d = services.attach_file(d, SimpleUploadedFile("giay-khai-sinh.pdf", sample_pdf("Giay khai sinh")), actor=officer, kind="result")
    page.context.clear_cookies()
    login(page, live_server, "lanhdao.xa3")
    page.goto(f"{live_server.url}/dossiers/{d.code}/")
    page.get_by_role("button", name="Ký số kết quả").click()
    page.get_by_text("Đã ký số kết quả.").wait_for()
    services.perform(Dossier.objects.get(pk=d.pk), "resolve", actor=leader)

    step("The citizen downloads the signed result on the portal and checks it on /verify/.")
    portal_login(page, live_server, CITIZEN, PASSWORD)
    page.goto(f"{live_server.url}/portal/dossiers/{d.public_id}/")
    link = page.locator(".result-link", has_text="đã ký số")
    response = page.request.get(f"{live_server.url}{link.get_attribute('href')}")  # the citizen's session downloads it
    assert response.ok and response.headers["content-type"] == "application/pdf"
    signed = response.body()
    page.goto(f"{live_server.url}/verify/")
    page.locator("#verify-file").set_input_files({"name": "ket-qua.pdf", "mimeType": "application/pdf", "buffer": signed})
    page.get_by_role("button", name="Xác thực").click()
    verdict = page.locator("#verdict")
    assert "Hợp lệ" in verdict.inner_text() and d.code in verdict.inner_text()
    page.screenshot(path=str(SHOTS / "verify.png"), full_page=True)

    step("The citizen's next dossier: the desk reuses the ID document digitised on the first.")
    second = dossier("1.004837", "Tờ khai theo mẫu đăng ký giám hộ")
    page.context.clear_cookies()
    login(page, live_server, "tiepnhan.xa3")
    page.goto(f"{live_server.url}/dossiers/{second.code}/")
    offer = page.locator("#reuse")
    assert first.code in offer.inner_text()
    offer.get_by_role("button", name="Dùng lại").click()
    page.get_by_text("Đã dùng lại giấy tờ đã số hóa").wait_for()
    assert second.events.filter(action="reuse").exists()
    assert page.locator("#components").get_by_text("Đã số hóa (2 trang)").count() == 1

    step("On the portal the citizen, identified with VNeID, starts a birth registration online: her ID document is offered from her store.")
    type(profile).objects.filter(pk=profile.pk).update(oidc_subject="vneid-browser-citizen")
    portal_login(page, live_server, CITIZEN, PASSWORD)
    page.goto(f"{live_server.url}/portal/submit/1.001193/?channel=online")
    page.locator("#start-new").click()
    item = page.locator("li", has_text=ID_DOCUMENT)
    assert f"hồ sơ {first.code}" in item.locator(".reuse-offer").inner_text()
    item.get_by_role("button", name="Dùng bản đã lưu").click()
    page.get_by_text("từ kho dữ liệu của bạn").wait_for()
    item = page.locator("li", has_text=ID_DOCUMENT)
    assert "Lấy từ kho dữ liệu" in item.inner_text() and item.locator(".reuse-offer").count() == 0
    page.screenshot(path=str(SHOTS / "portal-reuse.png"), full_page=True)
