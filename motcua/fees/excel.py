"""Fees collected per unit over a period, as an Excel workbook headed like an official report
(the reporting units, the national motto, the period)."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from .choices import Method
from .selectors import CollectionRow

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
BOLD = Font(bold=True)
MONEY = "#,##0"


def collections_workbook(rows: list[CollectionRow], total: CollectionRow | None, start: dt.date, end: dt.date) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Thu phi le phi"
    headers = [
        "STT",
        "Đơn vị thu",
        "Số biên lai",
        "Tổng số tiền (đồng)",
        *(f"{label} (đồng)" for _value, label in Method.choices),
        "Số khoản miễn, giảm",
    ]
    width = len(headers)
    ws.cell(1, 1, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").font = BOLD
    ws.cell(2, 1, "Độc lập - Tự do - Hạnh phúc").font = BOLD
    ws.cell(4, 1, "BÁO CÁO TÌNH HÌNH THU PHÍ, LỆ PHÍ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH").font = Font(bold=True, size=13)
    ws.cell(5, 1, f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}")
    for r in (1, 2, 4, 5):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        ws.cell(r, 1).alignment = CENTRE
    for c, text in enumerate(headers, start=1):
        cell = ws.cell(7, c, text)
        cell.font, cell.alignment, cell.border = BOLD, CENTRE, BOX
    body = [(str(n), row) for n, row in enumerate(rows, start=1)] + ([("", total)] if total else [])
    for r, (n, row) in enumerate(body, start=8):
        values = [n, row.agency.name, row.receipts, row.total, *(row.by_method[m] for m in Method.values), row.reduced_lines]
        for c, value in enumerate(values, start=1):
            cell = ws.cell(r, c, value)
            cell.border = BOX
            if 4 <= c < width:
                cell.number_format = MONEY
            if not n:
                cell.font = BOLD
    ws.column_dimensions["B"].width = 48
    for letter in "CDEFGHI":
        ws.column_dimensions[letter].width = 16
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
