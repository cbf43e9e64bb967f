"""Reports in Chromium: the settlement report with a drill-down, its Excel, and the leaders'
dashboard. Screenshots go to docs/screenshots/."""

from io import BytesIO

import pytest
from django.utils import timezone

from .conftest import SHOTS, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_report_drill_down_export_and_dashboard(page, live_server, demo):
    from openpyxl import load_workbook

    from motcua.dossiers.demo import load_demo_dossiers

    load_demo_dossiers(120)
    SHOTS.mkdir(parents=True, exist_ok=True)
    year = timezone.localdate().year
    login(page, live_server, "lanhdao.tinh")
    page.goto(f"{live_server.url}/reports/?kind=year&year={year}&group_by=agency&layout=official")
    page.locator("#report-table").wait_for()
    page.screenshot(path=str(SHOTS / "report-settlement.png"), full_page=True)
    total_row = page.locator("#report-table tbody tr").last
    received = int(total_row.locator("td").nth(1).inner_text())
    assert received > 0
    first_link = page.locator("#report-table tbody tr").first.locator("a").first
    figure = int(first_link.inner_text())
    first_link.click()
    assert int(page.locator("#drill-count").inner_text()) == figure
    page.go_back()
    page.get_by_role("link", name="Xuất Excel").click()  # made in the job worker: its progress page
    page.locator("#export-progress").wait_for()
    assert "Đang chờ" in page.locator("#export-progress").inner_text()
    page.screenshot(path=str(SHOTS / "export-progress.png"), full_page=True)
    from motcua.jobs import exports
    from motcua.jobs.models import Export

    assert exports.run(Export.objects.latest("pk").pk) == "done"  # what the worker does
    with page.expect_download() as download:
        page.locator("#export-download").click()  # the page polls and shows the link once the file is made
    page.screenshot(path=str(SHOTS / "export-done.png"), full_page=True)
    ws = load_workbook(BytesIO(open(download.value.path(), "rb").read())).active
    assert ws["A4"].value.startswith("TÌNH HÌNH, KẾT QUẢ") and ws.cell(ws.max_row - 4, 3).value is not None

    violations = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto(f"{live_server.url}/reports/dashboard/?agency=000.00.00.H38&year={year}")
    page.locator("#targets").wait_for()
    page.wait_for_function("window.Chart && Object.keys(Chart.instances).length === 2")  # trends and units, drawn
    assert page.evaluate("Chart.instances[0].data.datasets.length") >= 2 and not violations
    page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=True)
    page.emulate_media(media="print")  # printable: the charts are redrawn for paper, the bar is hidden
    assert not page.locator("nav.navbar").is_visible() and page.locator("#trend-chart").is_visible()
    page.screenshot(path=str(SHOTS / "dashboard-print.png"), full_page=True)
    page.emulate_media(media="screen")
    assert page.locator("#index-score").inner_text()
