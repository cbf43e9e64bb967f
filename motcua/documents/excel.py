"""The register (form 06/07) as an Excel workbook for a date range, written by rust_xlsxwriter
(``rustpy-xlsxwriter``) in constant memory from a stream of rows (docs/decisions/0010)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

from django.db import connections
from django.utils import timezone
from rustpy_xlsxwriter import write_worksheet

from motcua.dossiers.choices import State

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
WIDTHS: list[float] = [7, 24, 48, 26, 32, 14, 32, 17, 17, 17, 17, 17, 20, 24]
# What the register reads of each dossier, in this order (``rendering.register_queryset``).
FIELDS = (
    "register_number",
    "code",
    "procedure_version__name",
    "applicant_name",
    "applicant_address",
    "applicant_phone",
    "competent_agency__name",
    "received_at",
    "due_at",
    "handed_over_at",
    "resolved_at",
    "returned_at",
    "state",
    "appointment_at",
)
STATES = dict(State.choices)
PROGRESS_EVERY = 5000


def _local(value):
    return timezone.localtime(value).replace(tzinfo=None) if value else None


TIMES = (7, 8, 9, 10, 11, 13)  # the positions of the moments in FIELDS


def _values(rows) -> Iterator[tuple]:
    """The register's values row by row, the moments as local naive datetimes. On PostgreSQL the
    database turns them to local time and a server-side cursor streams them (Django's own
    loader of time zone aware values costs about 15 µs a value in Python: a minute a million
    rows); elsewhere, Django's rows converted here."""
    if not hasattr(rows, "values_list"):
        yield from (tuple(_local(v) if i in TIMES else v for i, v in enumerate(r)) for r in rows)
        return
    query = rows.values_list(*FIELDS)
    if connections[query.db].vendor != "postgresql":
        for r in query.iterator(chunk_size=5000):
            yield tuple(_local(v) if i in TIMES else v for i, v in enumerate(r))
        return
    sql, params = query.query.sql_with_params()
    names = ", ".join(f"c{i}" for i in range(len(FIELDS)))
    local = ", ".join(f"(c{i} AT TIME ZONE %s)" if i in TIMES else f"c{i}" for i in range(len(FIELDS)))
    zone = str(timezone.get_current_timezone())
    wrapped = f"SELECT {local} FROM ({sql}) AS register({names})"  # noqa: S608 - our own query's SQL
    with connections[query.db].chunked_cursor() as cursor:
        cursor.execute(wrapped, [zone] * len(TIMES) + list(params))
        while chunk := cursor.fetchmany(5000):
            yield from chunk


def _records(rows, progress: Callable[[int], None] | None) -> Iterator[dict]:
    n = 0
    for n, r in enumerate(_values(rows), start=1):
        number, code, procedure, name, address, phone, competent, received, due, handed, resolved, returned, state, appointment = r
        note = "Hẹn lại " + appointment.strftime("%H:%M %d/%m/%Y") if appointment else ""
        yield dict(
            zip(
                HEADERS,
                (
                    number or n,
                    code,
                    procedure,
                    name,
                    address,
                    phone,
                    competent,
                    received,
                    due,
                    handed,
                    resolved,
                    returned,
                    str(STATES.get(state, state)),
                    note,
                ),
                strict=True,
            )
        )
        if progress is not None and n % PROGRESS_EVERY == 0:
            progress(n)
    if progress is not None:
        progress(n)


def register_workbook(rows, start: dt.date, end: dt.date, agency, target: str, progress: Callable[[int], None] | None = None) -> None:
    """Write the register to the file ``target``: a title, the range, the official headers, then
    one row per dossier streamed from the database (``rows``: the register queryset), calling
    ``progress(rows written)`` every few thousand rows."""
    title = f"SỔ THEO DÕI HỒ SƠ — {agency.name}"
    subtitle = f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"
    last = len(HEADERS) - 1
    write_worksheet(
        _records(rows, progress),
        target,
        sheet_name="So theo doi ho so",
        header_row=2,
        merge_ranges=[(0, 0, 0, last, title), (1, 0, 1, last, subtitle)],
        column_widths=WIDTHS,
        datetime_format="dd/mm/yyyy hh:mm",
        bold_headers=True,
        freeze_row=3,
    )
