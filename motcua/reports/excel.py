"""The settlement report as an Excel workbook in the official layout (form II.06a: merged
two-level headers, the reporting unit, the period, the signature block), or the extended one."""

from __future__ import annotations

from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from .settlement import Row

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
BOLD = Font(bold=True)


def official_values(row: Row) -> list:
    """Columns 3-13: withdrawn and stopped folded into 'on time' (column 9), as provinces do."""
    c = row.counts
    received_in_other = c["received_counter"] + c["received_postal"]
    ended = c["withdrawn"] + c["stopped"]
    resolved = c["resolved_total"] + ended
    return [
        c["received_total"],
        c["received_online"],
        received_in_other,
        c["carried_over"],
        resolved,
        c["resolved_early"],
        c["resolved_on_time"] + ended,
        c["resolved_late"],
        c["in_progress_total"],
        c["in_progress_not_due"],
        c["in_progress_overdue"],
    ]


def extended_values(row: Row) -> list:
    c = row.counts
    rate = row.on_time_rate
    return [
        c["received_total"],
        c["received_online"],
        c["received_counter"],
        c["received_postal"],
        c["carried_over"],
        c["resolved_total"],
        c["resolved_early"],
        c["resolved_on_time"],
        c["resolved_late"],
        c["in_progress_total"],
        c["in_progress_not_due"],
        c["in_progress_overdue"],
        c["withdrawn"],
        c["stopped"],
        c["refused"],
        c["paused"],
        rate if rate is not None else "",
    ]


OFFICIAL_HEADERS = [
    # (first column, last column, top header, sub-headers)
    (
        3,
        6,
        "Số hồ sơ nhận giải quyết",
        ["Tổng số", "Trong kỳ – Trực tuyến", "Trong kỳ – Trực tiếp, dịch vụ bưu chính", "Từ kỳ trước chuyển qua"],
    ),
    (7, 10, "Số hồ sơ đã giải quyết", ["Tổng số", "Trước hạn", "Đúng hạn", "Quá hạn"]),
    (11, 13, "Số hồ sơ đang giải quyết", ["Tổng số", "Trong hạn", "Quá hạn"]),
]
EXTENDED_HEADERS = [
    (3, 7, "Số hồ sơ nhận giải quyết", ["Tổng số", "Trực tuyến", "Trực tiếp", "Bưu chính", "Từ kỳ trước"]),
    (8, 11, "Đã giải quyết", ["Tổng số", "Trước hạn", "Đúng hạn", "Quá hạn"]),
    (12, 14, "Đang giải quyết", ["Tổng số", "Trong hạn", "Quá hạn"]),
    (15, 18, "Khác", ["Rút hồ sơ", "Dừng xử lý", "Từ chối tiếp nhận", "Tạm dừng"]),
    (19, 19, "Tỷ lệ đúng hạn", [""]),
]


def settlement_workbook(rows: list[Row], total: Row, *, unit: str, period_label: str, group_label: str, layout: str = "official") -> bytes:
    headers = OFFICIAL_HEADERS if layout == "official" else EXTENDED_HEADERS
    values = official_values if layout == "official" else extended_values
    last = headers[-1][1]
    wb = Workbook()
    ws = wb.active
    ws.title = "Bieu II.06a" if layout == "official" else "Mo rong"
    ws["A1"], ws["A2"] = unit.upper(), "Biểu số II.06a/VPCP/KSTT" if layout == "official" else "Báo cáo mở rộng"
    ws["A1"].font = BOLD
    # The national motto over the right half, as on every official document (Decree 30/2020).
    motto_from = max(last // 2, 3)
    for r, text in ((1, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), (2, "Độc lập - Tự do - Hạnh phúc")):
        ws.merge_cells(start_row=r, start_column=motto_from, end_row=r, end_column=last)
        cell = ws.cell(r, motto_from, text)
        cell.font, cell.alignment = Font(bold=True, underline="single" if r == 2 else None), CENTRE
    ws.merge_cells(start_row=4, start_column=1, end_row=4, end_column=last)
    ws["A4"] = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
    ws["A4"].font, ws["A4"].alignment = Font(bold=True, size=13), CENTRE
    ws.merge_cells(start_row=5, start_column=1, end_row=5, end_column=last)
    ws["A5"] = f"Kỳ báo cáo: {period_label}"
    ws["A5"].alignment = CENTRE
    top, sub, numbers = 7, 8, 9
    _settlement_headers(ws, headers, group_label, top, sub, numbers)
    line = _settlement_rows(ws, rows, total, values, numbers + 1)
    line += 1
    ws.cell(line, last - 3, f"Lập ngày {timezone.localdate():%d/%m/%Y}").font = Font(italic=True)
    ws.cell(line + 1, 2, "NGƯỜI LẬP BIỂU").font = BOLD
    ws.cell(line + 1, last - 3, "THỦ TRƯỞNG ĐƠN VỊ").font = BOLD
    ws.cell(line + 2, last - 3, "(Ký, ghi rõ họ tên, đóng dấu)")
    ws.row_dimensions[top].height = 30
    ws.row_dimensions[sub].height = 62
    ws.freeze_panes = ws.cell(numbers + 1, 3)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # one page wide when printed
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _settlement_headers(ws, headers, group_label: str, top: int, sub: int, numbers: int) -> None:
    """The two header rows (columns, then their parts) and the row of column numbers."""
    last = headers[-1][1]
    for col, label in ((1, "STT"), (2, group_label)):
        ws.merge_cells(start_row=top, start_column=col, end_row=sub, end_column=col)
        ws.cell(top, col, label)
    for first, end, label, subs in headers:
        if end > first:
            ws.merge_cells(start_row=top, start_column=first, end_row=top, end_column=end)
        ws.cell(top, first, label)
        for offset, text in enumerate(subs):
            ws.cell(sub, first + offset, text)
    for col in range(1, last + 1):
        ws.cell(numbers, col, f"({col})")
        for r in (top, sub, numbers):
            cell = ws.cell(r, col)
            cell.alignment, cell.border, cell.font = CENTRE, BOX, BOLD
        ws.column_dimensions[get_column_letter(col)].width = 6 if col == 1 else 50 if col == 2 else 13


def _settlement_rows(ws, rows: list[Row], total: Row, values, line: int) -> int:
    """One line per unit, then the total in bold; the line after the last."""
    for n, row in enumerate([*rows, total], start=1):
        is_total = row is total
        data = ["" if is_total else n, row.name if is_total else f"{row.name} ({row.key})", *values(row)]
        for col, value in enumerate(data, start=1):
            cell = ws.cell(line, col, value)
            cell.border = BOX
            if col == 2:
                cell.alignment = Alignment(wrap_text=True, vertical="center")
            if is_total:
                cell.font = BOLD
        ws.row_dimensions[line].height = 30
        line += 1
    return line
