"""Excel round trip, atomic failing import, public pages, PDF, API and permissions."""

import io
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from motcua.catalog import excel, selectors, services
from motcua.catalog.models import Field, Procedure, ProcedureVersion
from motcua.core.models import AuditEvent
from motcua.core.testing import pdf_text


def export_bytes():
    return excel.export_workbook(selectors.catalogue_specs(), list(Field.objects.order_by("code").values_list("code", "name")))


def edit(data: bytes, sheet: str, cell: str, value) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    wb[sheet][cell] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def two_procedures(catalog):
    from .conftest import route

    a = catalog["agencies"]
    catalog["published"]()
    own = catalog["replace"](route(16, partner=a["province"].code), receiving_agency=a["a_centre"].code)
    catalog["published"](
        code="2.000815",
        name="Chứng thực bản sao từ bản chính",
        field_code="CT",
        routes=(route(), own),
        online_level="full",
        postal_allowed=True,
    )
    return catalog


def test_round_trip_is_lossless_and_idempotent(two_procedures):
    data = export_bytes()
    specs, fields = excel.parse_workbook(data, known_agencies=services.known_refs()[1])
    assert specs == selectors.catalogue_specs()
    assert fields == {"CT": "Chứng thực", "HT": "Hộ tịch"}
    versions = ProcedureVersion.objects.count()
    report = services.import_catalogue(specs, None, fields=fields)
    assert sorted(report.unchanged) == ["1.001193", "2.000815"] and not report.updated
    assert ProcedureVersion.objects.count() == versions
    assert export_bytes() != b"" and excel.parse_workbook(export_bytes())[0] == specs


def test_import_of_a_changed_row_creates_a_new_published_version(two_procedures):
    data = edit(export_bytes(), "Phí, lệ phí", "D2", 25000)
    specs, fields = excel.parse_workbook(data, known_agencies=services.known_refs()[1])
    report = services.import_catalogue(specs, None, fields=fields)
    assert report.updated == ["1.001193"]
    procedure = Procedure.objects.get(code="1.001193")
    assert procedure.current_version.number == 2
    assert procedure.current_version.fees.get().amount == 25000


def test_an_import_with_errors_reports_each_and_changes_nothing(two_procedures):
    data = export_bytes()
    data = edit(data, "Thủ tục", "A3", "2.00081")  # bad code on the second procedure row
    data = edit(data, "Thành phần hồ sơ", "C3", "hai")  # not a number
    data = edit(data, "Quy trình", "E2", "processing")  # route no longer starts with reception
    before = (Procedure.objects.count(), ProcedureVersion.objects.count(), AuditEvent.objects.count())
    with pytest.raises(excel.ImportFileError) as exc:
        excel.parse_workbook(data, known_agencies=services.known_refs()[1])
    where = {(e.sheet, e.row, e.column) for e in exc.value.errors}
    assert ("Thủ tục", 3, "A") in where
    assert ("Thành phần hồ sơ", 3, "C") in where
    assert any(e.sheet == "Quy trình" and e.column == "E" for e in exc.value.errors)
    assert all(e.message_vi and e.message_en for e in exc.value.errors)
    assert (Procedure.objects.count(), ProcedureVersion.objects.count(), AuditEvent.objects.count()) == before


def test_a_file_that_is_not_excel_is_a_clear_error():
    with pytest.raises(excel.ImportFileError) as exc:
        excel.parse_workbook(b"not a workbook")
    assert "xlsx" in exc.value.errors[0].message_vi


def test_import_view_is_atomic_and_admin_only(two_procedures, client, make_user):
    a = two_procedures["agencies"]
    admin = make_user(a["province"], role="admin")
    clerk = make_user(a["a_centre"], role="reception")
    bad = edit(export_bytes(), "Phí, lệ phí", "D2", -5)
    client.force_login(clerk)
    f = io.BytesIO(bad)
    f.name = "catalog.xlsx"
    assert client.post("/procedures/manage/import/", {"file": f}).status_code == 403
    client.force_login(admin)
    f = io.BytesIO(bad)
    f.name = "catalog.xlsx"
    versions = ProcedureVersion.objects.count()
    response = client.post("/procedures/manage/import/", {"file": f})
    assert response.status_code == 400
    assert "Phí, lệ phí" in response.content.decode()
    assert ProcedureVersion.objects.count() == versions
    f = io.BytesIO(b"PK\x03\x04 but not really a zip")
    f.name = "catalog.xlsx"
    assert client.post("/procedures/manage/import/", {"file": f}).status_code == 400
    f = io.BytesIO(b"hello")
    f.name = "catalog.csv"
    assert client.post("/procedures/manage/import/", {"file": f}).status_code == 400
    export = client.get("/procedures/manage/export.xlsx")
    assert export.status_code == 200 and export.content[:2] == b"PK"


def test_public_pages_need_no_login(two_procedures, client):
    response = client.get("/procedures/?q=chung+thuc")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Chứng thực bản sao từ bản chính" in body and "Đăng ký khai sinh" not in body
    detail = client.get("/procedures/2.000815/").content.decode()
    assert "Thành phần hồ sơ" in detail and "Trả kết quả" in detail and "15.000 đồng" in detail
    assert client.get("/procedures/2.000815/?v=abc").status_code == 404
    assert client.get("/procedures/9.999999/").status_code == 404
    assert client.get("/procedures/1.001193/history/").status_code == 200
    assert client.get("/procedures/manage/").status_code == 302  # login required


def test_posting_board_pdf_has_the_vietnamese_text(two_procedures, client, tmp_path):
    response = client.get("/procedures/1.001193/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    path = tmp_path / "p.pdf"
    path.write_bytes(response.content)
    pdftotext = shutil.which("pdftotext") or "/usr/bin/pdftotext"
    text = subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout  # noqa: S603
    text = " ".join(text.split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Đăng ký khai sinh" in text and "Thành phần hồ sơ" in text


def test_api_list_and_detail(two_procedures, client):
    listing = client.get("/api/v1/procedures", {"q": "CHỨNG THỰC"}).json()
    assert listing["count"] == 1 and listing["items"][0]["code"] == "2.000815"
    assert client.get("/api/v1/procedures", {"online_level": "full"}).json()["count"] == 1
    detail = client.get("/api/v1/procedures/2.000815").json()
    assert (
        detail["version"] == 1
        and detail["statutory_time"] == {"value": "3.00", "unit": "working_days"}
        or detail["statutory_time"]["unit"] == "working_days"
    )
    assert [s["kind"] for s in detail["routes"][0]["steps"]][0] == "reception"
    assert len(detail["routes"]) == 2 and detail["fees"][0]["amount"] == 15000
    assert detail["components"][1]["copies"] == 1
    missing = client.get("/api/v1/procedures/9.999999")
    assert missing.status_code == 404 and missing.json()["message_en"]


def test_manage_page_publish_and_retire(two_procedures, client, make_user):
    a = two_procedures["agencies"]
    admin = make_user(a["province"], role="admin")
    client.force_login(admin)
    assert client.get("/procedures/manage/").status_code == 200
    response = client.post("/procedures/manage/1.001193/draft/")
    assert response.status_code == 302 and "/admin/catalog/procedureversion/" in response["Location"]
    type(admin).objects.filter(pk=admin.pk).update(is_staff=True, is_superuser=True)
    draft_form = client.get(response["Location"]).content.decode()  # the draft's lists as ticks, not raw JSON
    assert (
        'type="checkbox" name="levels" value="commune"' in draft_form
        and 'type="checkbox" name="applicant_types" value="citizen"' in draft_form
    )
    assert '<textarea name="levels"' not in draft_form
    from django.utils import timezone

    client.post("/procedures/manage/1.001193/publish/", {"effective_from": timezone.localdate().isoformat()})
    assert Procedure.objects.get(code="1.001193").current_version.number == 2
    client.post("/procedures/manage/1.001193/retire/", {"reason": "Bãi bỏ"})
    assert Procedure.objects.get(code="1.001193").status == "retired"
    assert client.get("/procedures/1.001193/").status_code == 200  # still readable, marked retired


def test_the_posting_board_is_headed_by_the_centre_that_prints_it(env, client):
    """Each centre receiving the procedure prints its own board: the one asked for, else the
    officer's own centre."""

    def heading(response):
        return pdf_text(response.content)[:200]

    url = f"/procedures/{env['code']}/pdf/"
    assert env["b_centre"].name.upper() in heading(client.get(url, {"agency": env["b_centre"].code}))
    client.force_login(env["staff"]["reception_b"])
    assert env["b_centre"].name.upper() in heading(client.get(url))
    client.force_login(env["staff"]["reception_a"])
    assert env["a_centre"].name.upper() in heading(client.get(url)) and env["b_centre"].name.upper() not in heading(client.get(url))
