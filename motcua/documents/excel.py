"""The register (form 06/07) as an Excel workbook for a date range."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

HEADERS = (
    "Số TT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Tên người nộp",
    "Địa chỉ",
    "Số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Nhận hồ sơ",
    "Hẹn trả kết quả",
    "Chuyển hồ sơ đến cơ quan giải quyết",
    "Nhận kết quả từ cơ quan giải quyết",
    "Trả kết quả",
    "Trạng thái",
    "Ghi chú",
)
WIDTHS = (7, 24, 48, 26, 32, 14, 32, 17, 17, 17, 17, 17, 20, 24)


def _local(value):
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def register_workbook(rows, start: dt.date, end: dt.date, agency, target=None) -> bytes | None:
    """Write the register. Rows are streamed (write-only workbook, the queryset read in chunks);
    with ``target`` (a binary file) the workbook goes there and nothing is kept in memory."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("So theo doi ho so")
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.append([f"SỔ THEO DÕI HỒ SƠ — {agency.name}"])
    ws.append([f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"])
    ws.append(list(HEADERS))
    for n, d in enumerate(rows.iterator(chunk_size=1000) if hasattr(rows, "iterator") else rows, start=1):
        note = "Hẹn lại " + timezone.localtime(d.appointment_at).strftime("%H:%M %d/%m/%Y") if d.appointment_at else ""
        ws.append(
            [
                d.register_number or n,
                d.code,
                d.procedure_version.name,
                d.applicant_name,
                d.applicant_address,
                d.applicant_phone,
                d.competent_agency.name,
                _local(d.received_at),
                _local(d.due_at),
                _local(getattr(d, "handed_over_at", None)),
                _local(d.resolved_at),
                _local(d.returned_at),
                d.get_state_display(),
                note,
            ]
        )
    if target is not None:
        wb.save(target)
        return None
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
