"""Legacy dossiers from a spreadsheet, all or nothing, each error by sheet, row and column."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from motcua.dossiers import legacy
from motcua.dossiers.models import Dossier

pytestmark = pytest.mark.django_db


def _workbook(env, dossiers, events) -> bytes:
    wb = load_workbook(io.BytesIO(legacy.template()))
    for row in dossiers:
        wb[legacy.DOSSIER_SHEET].append(row)
    keys = [key for key, _label in legacy.EVENT_COLUMNS]
    for event in events:
        wb[legacy.EVENT_SHEET].append([event.get(key) for key in keys])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _dossier(env, code, received="02/03/2026 08:00"):
    return [
        code,
        env["code"],
        env["a_centre"].code,
        "",
        "counter",
        received,
        "person",
        "Trần Văn Cường",
        "068085004321",
        "01/02/1985",
        "0987654321",
        "",
        "5 Lê Lợi",
    ]


def _post(client, data, name="ho-so.xlsx", events=None):
    files = {"file": SimpleUploadedFile(name, data)}
    if events is not None:
        files["events"] = SimpleUploadedFile("su-kien.csv", events)
    return client.post(reverse("dossiers:legacy_import"), files)


def test_a_workbook_imports_every_timeline_with_its_parameters(env, client):
    client.force_login(env["staff"]["admin"])
    events = [
        {
            "code": "CU-1",
            "at": "02/03/2026 10:00",
            "action": "request_supplement",
            "note": "Thiếu tờ khai",
            "missing": "Tờ khai; Bản sao CCCD",
        },
        {"code": "CU-1", "at": "03/03/2026 10:00", "action": "supplement_received"},
        {"code": "CU-1", "at": "04/03/2026 09:00", "action": "request_payment", "amount": 50000},
        {"code": "CU-1", "at": "04/03/2026 10:00", "action": "payment_received", "receipt": "BL-7"},
        {"code": "CU-1", "at": "05/03/2026 09:00", "action": "resolve", "result": "Giấy xác nhận"},
        {"code": "CU-2", "at": "02/03/2026 11:00", "action": "withdraw", "reason": "Không cần nữa"},
    ]
    r = _post(client, _workbook(env, [_dossier(env, "CU-1"), _dossier(env, "CU-2")], events))
    assert r.status_code == 200 and "Đã chuyển đổi 2 hồ sơ" in r.content.decode()
    d = Dossier.objects.get(code="CU-1")
    assert d.state == "resolved" and d.supplement_count == 1 and d.fee_amount == 50000
    assert d.events.get(action="request_supplement").data["missing"] == ["Tờ khai", "Bản sao CCCD"]
    assert Dossier.objects.get(code="CU-2").events.get(action="withdraw").note == "Không cần nữa"
    again = _post(client, _workbook(env, [_dossier(env, "CU-1")], []))
    assert "Đã chuyển đổi 0 hồ sơ; 1 hồ sơ đã có từ trước" in again.content.decode()


def test_any_error_imports_nothing_and_each_is_named_by_sheet_row_and_column(env, client):
    client.force_login(env["staff"]["admin"])
    events = [
        {"code": "CU-9", "at": "02/03/2026 10:00", "action": "forward", "amount": 5},  # forward takes no amount: column of amount
        {"code": "KHONG-CO", "at": "02/03/2026 10:00", "action": "resolve"},  # no such dossier in the file
        {"code": "CU-8", "at": "hôm qua", "action": "resolve"},  # not a moment
    ]
    data = _workbook(env, [_dossier(env, "CU-8"), _dossier(env, "CU-9"), _dossier(env, "CU-9")], events)
    r = _post(client, data)
    body = r.content.decode()
    assert r.status_code == 422 and not Dossier.objects.exists()
    rows = {(cells[0], cells[1], cells[2]) for cells in _error_rows(body)}
    amount = legacy.EVENT_COLUMNS.index(("amount", "Số tiền (đồng)")) + 1
    assert (legacy.EVENT_SHEET, "2", chr(ord("A") + amount - 1)) in rows
    assert (legacy.EVENT_SHEET, "3", "A") in rows and (legacy.EVENT_SHEET, "4", "B") in rows and (legacy.DOSSIER_SHEET, "4", "A") in rows


def test_a_timeline_the_rules_refuse_names_its_event_row_and_keeps_nothing(env, client):
    client.force_login(env["staff"]["admin"])
    events = [
        {"code": "CU-1", "at": "02/03/2026 10:00", "action": "resolve"},
        {"code": "CU-2", "at": "02/03/2026 10:00", "action": "return_result"},
    ]  # not resolved yet: the rules refuse it
    r = _post(client, _workbook(env, [_dossier(env, "CU-1"), _dossier(env, "CU-2")], events))
    assert r.status_code == 422 and not Dossier.objects.exists()  # CU-1 was fine, and is not kept either
    assert [(c[0], c[1]) for c in _error_rows(r.content.decode())] == [(legacy.EVENT_SHEET, "3")]


def test_csv_files_and_bad_files(env, client):
    client.force_login(env["staff"]["admin"])
    header = ",".join(key for key, _label in legacy.DOSSIER_COLUMNS)
    row = ",".join(f'"{v}"' for v in _dossier(env, "CSV-1"))
    events = "code,at,action,reason\nCSV-1,02/03/2026 09:00,stop,Có tranh chấp\n"
    r = _post(client, f"{header}\n{row}\n".encode(), name="ho-so.csv", events=events.encode())
    assert r.status_code == 200, r.content.decode().split("legacy-errors", 1)[-1][:800]
    assert Dossier.objects.get(code="CSV-1").state == "stopped"
    assert _post(client, b"PK\x03\x04 not really").status_code == 422
    assert _post(client, "mã,khác\n1,2\n".encode("utf-16"), name="x.csv").status_code == 422
    wb = Workbook()
    out = io.BytesIO()
    wb.save(out)
    assert "Thiếu trang tính" in _post(client, out.getvalue()).content.decode()


def test_only_administrators_import(env, client):
    client.force_login(env["staff"]["processing_a"])
    assert client.get(reverse("dossiers:legacy_import")).status_code == 403
    client.force_login(env["staff"]["admin"])
    template = client.get(reverse("dossiers:legacy_import"), {"template": "1"})
    assert template.status_code == 200 and load_workbook(io.BytesIO(template.content)).sheetnames == [
        legacy.DOSSIER_SHEET,
        legacy.EVENT_SHEET,
    ]


def _error_rows(body: str) -> list[list[str]]:
    table = body.split('id="legacy-errors"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [[cell.split(">", 1)[1] for cell in tr.split("</td>")[:-1]] for tr in table.split("<tr>")[1:]]
