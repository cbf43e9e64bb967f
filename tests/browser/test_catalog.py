"""The public catalogue in the browser: search without diacritics, filter, open a procedure,
download its posting-board PDF. Screenshots go to docs/screenshots/."""

import pytest

from .conftest import SHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_finds_a_procedure_and_prints_it(page, live_server, demo):
    page.goto(f"{live_server.url}/procedures/")
    assert page.get_by_role("heading", name="Danh mục thủ tục hành chính").is_visible()
    page.get_by_label("Tìm thủ tục").fill("dang ky khai sinh")
    page.get_by_role("button", name="Tìm kiếm").click()
    results = page.locator("#results")
    results.get_by_role("link", name="Đăng ký khai sinh", exact=True).wait_for()
    assert results.get_by_role("link", name="Đăng ký kết hôn").count() == 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "catalog-search.png"), full_page=True)

    page.get_by_label("Tìm thủ tục").fill("")
    page.get_by_label("Lĩnh vực").select_option(label="Chứng thực")
    page.get_by_role("button", name="Tìm kiếm").click()
    results.get_by_role("link", name="Chứng thực chữ ký trong các giấy tờ, văn bản").wait_for()
    assert results.get_by_role("link", name="Đăng ký khai sinh", exact=True).count() == 0

    results.get_by_role("link", name="Chứng thực chữ ký trong các giấy tờ, văn bản").click()
    assert page.get_by_role("heading", name="Chứng thực chữ ký trong các giấy tờ, văn bản").is_visible()
    assert page.get_by_text("nhận sau 15:00 trả vào ngày làm việc tiếp theo").first.is_visible()
    assert page.get_by_role("heading", name="Quy trình giải quyết").is_visible()
    page.screenshot(path=str(SHOTS / "catalog-detail.png"), full_page=True)

    with page.expect_download() as info:
        page.evaluate(
            "() => { const a = document.createElement('a'); a.href = document.querySelector('a[href*=\"/pdf/\"]').href; a.download = "
            "'niem-yet.pdf'; document.body.appendChild(a); a.click(); }"
        )
    path = info.value.path()
    with open(path, "rb") as handle:
        assert handle.read(4) == b"%PDF"
