"""The report screen, its drill-down and exports."""

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from motcua.jobs import exports
from motcua.jobs.models import Export
from motcua.reports import exports as report_exports

from .conftest import EXPECTED_NOVEMBER_A

NOV = {"kind": "month", "year": 2025, "number": 11}


def exported(client, params) -> bytes:
    """Ask for a report file, let the job worker make it, download it (docs/rules.md 6.4)."""
    r = client.get(reverse("reports:settlement"), params)
    assert r.status_code == 302 and "/jobs/exports/" in r["Location"], r.content[:300]
    row = Export.objects.get(pk=int(r["Location"].rstrip("/").split("/")[-1]))
    assert exports.run(row.pk) == "done", Export.objects.get(pk=row.pk).error
    download = client.get(reverse("jobs:export_download", args=[row.pk]))
    assert download.status_code == 200
    return b"".join(download.streaming_content)


def test_report_page_official_and_extended(november, client):
    client.force_login(november["staff"]["admin"])
    page = client.get(reverse("reports:settlement"), NOV)
    body = page.content.decode()
    assert page.status_code == 200 and "01/11/2025 – 30/11/2025" in body and "Trung tâm PVHCC xã A" in body
    extended = client.get(reverse("reports:settlement"), {**NOV, "layout": "extended"}).content.decode()
    assert "Từ chối" in extended and "66,67" in extended


def test_figures_link_to_their_dossiers(november, client):
    client.force_login(november["staff"]["admin"])
    r = client.get(reverse("reports:drill"), {**NOV, "column": "in_progress_overdue", "key": november["a_centre"].code})
    body = r.content.decode()
    assert r.status_code == 200 and 'id="drill-count">2<' in body and ">E<" in body and ">J<" in body
    assert body.index(">E<") < body.index(">J<")  # newest first: E received on 10/11, J on 30/10
    assert client.get(reverse("reports:drill"), {**NOV, "column": "nope"}).status_code == 422
    folded = client.get(reverse("reports:drill"), {**NOV, "column": "official_on_time"}).content.decode()
    assert "Hồ sơ có kết quả hoặc kết thúc gần nhất ở trên cùng." in folded and 'id="drill-count">3<' in folded
    assert folded.index(">H<") < folded.index(">D<")  # stopped on 20/11 before the result of 06/11


def test_excel_in_the_official_layout(november, client):
    client.force_login(november["staff"]["admin"])
    ws = load_workbook(BytesIO(exported(client, {**NOV, "export": "xlsx"}))).active
    assert "C7:F7" in {str(m) for m in ws.merged_cells.ranges} and ws["C7"].value == "Số hồ sơ nhận giải quyết"
    a_row = next(row for row in ws.iter_rows(min_row=10, values_only=True) if row[1] and november["a_centre"].code in str(row[1]))
    e = EXPECTED_NOVEMBER_A
    # Official folding: withdrawn and stopped are counted as resolved on time (columns 7 and 9).
    assert list(a_row[2:13]) == [8, 1, 5, 2, 5, 1, 3, 1, 3, 1, 2]
    assert a_row[2] == a_row[6] + a_row[10] == e["received_total"]
    # Headed by the reporting unit (the admin's whole scope: the province), with the national motto.
    cells = {c for row in ws.iter_rows(max_row=3, values_only=True) for c in row if c}
    assert (
        november["province"].name.upper() in cells
        and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells
        and "Độc lập - Tự do - Hạnh phúc" in cells
    )
    assert not any("PHẠM VI" in str(c) for c in cells)


def test_pdf_export(november, client):
    client.force_login(november["staff"]["admin"])
    assert exported(client, {**NOV, "export": "pdf", "layout": "extended"}).startswith(b"%PDF")


def test_bad_period_is_explained(november, client):
    client.force_login(november["staff"]["admin"])
    r = client.get(reverse("reports:settlement"), {"kind": "custom", "start": "2025-12-01", "end": "2025-11-01"})
    assert r.status_code == 422 and "Ngày kết thúc" in r.content.decode()


def test_public_statistics_have_no_personal_data(november, client):
    r = client.get(reverse("reports:public"), {"year": 2025})
    body = r.content.decode()
    assert r.status_code == 200 and 'id="public-received">' in body
    assert "Nguyễn Thị Bình" not in body and "068190001234" not in body
    assert client.get(reverse("reports:public"), {"year": "abc"}).status_code == 422
    assert client.get(reverse("reports:public"), {"by": "procedure"}).status_code == 422


def test_an_export_link_alone_uses_the_current_month(november, client):
    client.force_login(november["staff"]["admin"])
    data = exported(client, {"export": "xlsx"})
    assert data.startswith(b"PK") and load_workbook(BytesIO(data)).active.max_row > 8


def test_the_report_screen_pages_its_rows_and_totals_the_whole_table(november, client, monkeypatch):
    """A page of rows at a time, numbered on across pages; the total row is the whole table's
    on every page; the figures' links and the exports do not carry the page."""
    monkeypatch.setattr(report_exports, "ROWS_PER_PAGE", 1)
    client.force_login(november["staff"]["admin"])
    whole = client.get(reverse("reports:settlement"), NOV).content.decode()
    row = '<th scope="row">Trung tâm PVHCC xã {}</th>'.format
    assert row("A") in whole and row("B") not in whole  # page 1 of 2
    second = client.get(reverse("reports:settlement"), {**NOV, "page": 2}).content.decode()
    assert row("B") in second and row("A") not in second
    assert '<td>2</td><th scope="row">Trung tâm PVHCC xã B</th>' in second  # numbered on from page 1
    total = lambda body: body[body.index('<tr class="fw-bold table-light">') :].split("</tr>")[0]  # noqa: E731
    assert total(whole) == total(second) and ">9</a>" in total(whole)  # 8 received at xã A's centre, 1 at xã B's
    assert "Dòng 2–2 trên 2" in second and "page=2&amp;column" not in second and "&page=2&export" not in second
    assert client.get(reverse("reports:settlement"), {**NOV, "page": "x"}).status_code == 200  # a bad page: the first
