"""End to end in Debian's Chromium through Playwright: login, the home page by role, the
language switch, and the calendar page with a computed due date. Screenshots go to docs/."""

import pytest
from playwright.sync_api import expect

from motcua.core.testing import step

from .conftest import CHROMIUM, SHOTS, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_home_language_and_calendar(page, live_server, demo):
    login(page, live_server, "xuly.xa1")
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", name="Xin chào, Chuyên viên xử lý xã 1").is_visible()
    assert page.locator("#home-work").is_visible()  # what waits for the officer first
    page.get_by_text("Vai trò và phạm vi của bạn").click()
    assert page.get_by_text("Ủy ban nhân dân Phường Mũi Né").first.is_visible()
    assert page.get_by_role("link", name="Tác vụ nền").count() == 0  # not an administrator
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "home.png"), full_page=True)

    assert page.get_by_label("Ngôn ngữ").input_value() == "vi"
    with page.expect_navigation():  # choosing applies at once
        page.get_by_label("Ngôn ngữ").select_option("en")
    assert page.get_by_role("heading", name="Hello, Chuyên viên xử lý xã 1").is_visible()
    assert page.get_by_label("Language").input_value() == "en"
    with page.expect_navigation():
        page.get_by_label("Language").select_option("vi")

    page.goto(f"{live_server.url}/calendar/?year=2026")
    assert page.get_by_role("heading", name="Lịch làm việc năm 2026").is_visible()
    page.get_by_label("Thời điểm tiếp nhận").fill("2026-02-13T10:00")
    page.get_by_label("Thời hạn").fill("3")
    page.get_by_role("button", name="Tính hạn").click()
    due = page.locator("#due-at")
    due.wait_for()
    assert "25/02/2026" in due.inner_text() and "17:00" in due.inner_text()
    page.screenshot(path=str(SHOTS / "calendar.png"), full_page=True)


def test_wrong_password_is_refused_in_vietnamese(page, live_server, demo):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("admin")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.get_by_role("alert").inner_text().strip() == "Tên đăng nhập hoặc mật khẩu không đúng."


def test_phone_layout_collapses_navigation(live_server, demo):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 390, "height": 844})
        login(page, live_server, "admin")
        page.wait_for_url(f"{live_server.url}/")
        assert page.get_by_role("button", name="Mở menu").is_visible()
        assert not page.get_by_role("link", name="Hồ sơ cần xử lý").is_visible()  # collapsed
        page.get_by_role("button", name="Mở menu").click()
        # The bar's collapse animates; a dropdown toggled while it is still moving may be closed
        # again by Bootstrap, so wait for the bar to settle before opening the group.
        page.locator("#mainnav.collapse.show").wait_for(state="visible")
        page.wait_for_function("!document.querySelector('#mainnav.collapsing')")
        group = page.get_by_role("button", name="Quản trị", exact=True)
        group.click()
        expect(group).to_have_attribute("aria-expanded", "true")
        expect(page.get_by_role("link", name="Tác vụ nền")).to_be_visible()  # the menu opens inside the collapsed bar
        page.screenshot(path=str(SHOTS / "home-phone.png"))
        browser.close()


def test_the_api_documentation_renders_offline_under_the_csp(page, live_server):
    """Swagger UI comes from our own static files; the page renders every operation with the
    Content-Security-Policy on and no request leaves this host."""
    violations, foreign = [], []
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
    page.on(
        "request",
        lambda request: (
            foreign.append(request.url) if not request.url.startswith(live_server.url) and not request.url.startswith("data:") else None
        ),
    )
    page.goto(f"{live_server.url}/api/v1/docs")
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() >= 19
    assert violations == [] and foreign == []
    page.screenshot(path=str(SHOTS / "api-docs.png"))


# Each role, the home sections it must see first.
ROLES = {
    "admin": [],
    "cchc.noivu": [],
    "tiepnhan.xa3": ["#home-work", "#home-fees"],
    "xuly.xa3": ["#home-work"],
    "lanhdao.xa3": ["#home-work", "#home-leader"],
    "lanhdao.ubndtinh": ["#home-work", "#home-leader"],
}


def test_each_role_home_page_and_menu_on_a_counter_pc(page, live_server, demo):
    """For every role at 1366 px: the home page shows what waits for it (an overdue dossier first
    for the commune's officers and leaders), the bar is one line, the language switch shows its
    value, and every entry of every menu opens a page. One demo for all the roles."""
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from motcua.dossiers import services

    User = get_user_model()
    clerk, officer = User.objects.get(username="tiepnhan.xa3"), User.objects.get(username="xuly.xa3")
    late = services.receive_at_counter(
        actor=clerk,
        procedure_code="1.001193",
        receiving_agency_code="000.23.01.H38",
        at=timezone.now() - dt.timedelta(days=12),
        applicant=services.Applicant(name="Đỗ Văn Khoa", id_number="068190001422"),
    )
    services.perform(late, "forward", actor=clerk, at=timezone.now() - dt.timedelta(days=11), to_user=officer.pk)
    for username, sections in ROLES.items():
        page.context.clear_cookies()
        login(page, live_server, username)
        page.wait_for_url(f"{live_server.url}/")
        for selector in sections:
            assert page.locator(selector).is_visible(), (username, selector)
        if username in ("xuly.xa3", "lanhdao.xa3"):
            assert page.locator("#home-work").get_by_role("link", name=late.code).is_visible()  # overdue: first on the page
        if "#home-leader" in sections:
            assert int(page.locator("#home-overdue").inner_text()) >= 1, username
        if sections:
            page.screenshot(path=str(SHOTS / f"home-{username}.png"), full_page=True)
        assert page.locator("nav.navbar").bounding_box()["height"] < 64, username
        select = page.locator("#language-select")
        assert select.is_visible() and select.bounding_box()["x"] + select.bounding_box()["width"] <= 1366, username
        assert select.evaluate("s => s.options[s.selectedIndex].text") == "Tiếng Việt"
        links = page.locator("#mainnav a[href]:not([href='#'])")
        urls = {links.nth(i).get_attribute("href") for i in range(links.count())}
        assert urls, username
        for url in sorted(urls):
            assert page.request.get(f"{live_server.url}{url}").status in (200, 302), (username, url)


def test_the_whole_staff_menu_in_english_shows_no_vietnamese_interface(page, live_server, demo):
    """Every page of the administrator's menu, the dossier page, the desk and the dialogs in
    English: no string of the interface (a Vietnamese source string of the catalogue) is left on
    the screen. The data (names of people, agencies and procedures) stays as written."""
    import re
    from pathlib import Path

    import polib
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from motcua.catalog.models import Component, Field, ProcedureVersion, RouteStep
    from motcua.organisations.models import Agency
    from motcua.reform.models import Framework, InspectionPlan
    from motcua.reports.models import IndexIndicator

    from .test_counter import at_appraisal

    d = at_appraisal("1.001193", "Lê Văn Tám", "068190001299")
    step(
        "What the data says may contain words of the interface (\"Ủy ban nhân dân\" is an agency kind and in every People's Committee's "
        "name): such strings are not counted."
    )
    data = " | ".join(
        [
            *Agency.objects.values_list("name", flat=True),
            *get_user_model().objects.values_list("full_name", flat=True),
            *ProcedureVersion.objects.values_list("name", flat=True),
            *Component.objects.values_list("name", flat=True),
            *RouteStep.objects.values_list("name", flat=True),
            *Framework.objects.values_list("name", flat=True),
            *InspectionPlan.objects.values_list("title", flat=True),
            *Field.objects.values_list("name", flat=True),
            *IndexIndicator.objects.values_list("name", flat=True),
            *IndexIndicator.objects.values_list("group_name", flat=True),
            d.applicant_name,
        ]
    )
    catalogue = polib.pofile(str(Path(settings.BASE_DIR) / "motcua/locale/en/LC_MESSAGES/django.po"))
    interface = sorted(
        {
            e.msgid
            for e in catalogue
            if len(e.msgid) >= 8
            and " " in e.msgid
            and "%" not in e.msgid
            and "{" not in e.msgid
            and e.msgstr
            and e.msgstr != e.msgid
            and e.msgid not in data
        },
        key=len,
        reverse=True,
    )
    login(page, live_server, "admin")
    page.wait_for_url(f"{live_server.url}/")
    with page.expect_navigation():
        page.get_by_label("Ngôn ngữ").select_option("en")
    links = page.locator("#mainnav a[href]:not([href='#'])")
    urls = sorted({links.nth(i).get_attribute("href") for i in range(links.count())} - {"/admin/"})
    urls += [
        "/counter/?procedure=1.001193",
        f"/dossiers/{d.code}/",
        f"/dossiers/{d.code}/actions/forward/",
        f"/dossiers/{d.code}/actions/request_supplement/",
        f"/dossiers/{d.code}/print/receipt/",
        "/work/unit/",
    ]
    left = {}
    for url in urls:
        page.goto(f"{live_server.url}{url}")
        text = re.sub(r"\s+", " ", page.locator("body").inner_text())
        found = [s for s in interface if s in text]
        if found:
            left[url] = found[:5]
    page.goto(f"{live_server.url}/dossiers/{d.code}/")
    page.screenshot(path=str(SHOTS / "dossier-page-english.png"), full_page=True)
    assert len(urls) > 15 and not left, "\n".join(f"{u}: {v}" for u, v in left.items())
