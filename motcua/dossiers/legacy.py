"""Legacy dossiers from a spreadsheet: how an administrator brings a former system's dossiers in,
all or nothing (docs/rules.md section 1; the API's import takes the same timelines).

- Excel (.xlsx): the sheet "Hồ sơ", one row per dossier, and the sheet "Sự kiện", one row per
  event of a dossier's timeline (its code, when, the action and that action's parameters).
- CSV (UTF-8): the dossiers file, and the events file beside it when there are events.

Headers are "Label [key]" (as in the template this module writes) or the key alone. The event
columns are the parameters the actions declare (``actions.ACTIONS``): a cell in a column the
row's action does not take is an error, never silently dropped. Every problem is reported by
sheet, row and column, and nothing is imported unless the whole file is valid and every
timeline replays."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from motcua.catalog.excel import CellError, CellReader, ImportFileError, Where, open_workbook, read_table

from .actions import ACTIONS
from .services import Applicant

DOSSIER_SHEET, EVENT_SHEET = "Hồ sơ", "Sự kiện"
DOSSIER_COLUMNS = [
    ("code", "Mã hồ sơ"),
    ("procedure", "Mã thủ tục"),
    ("receiving_agency", "Mã nơi tiếp nhận"),
    ("competent_agency", "Mã cơ quan giải quyết"),
    ("channel", "Kênh nộp (counter/online/postal)"),
    ("received_at", "Tiếp nhận lúc"),
    ("applicant_kind", "Loại người nộp (person/business)"),
    ("applicant_name", "Họ tên / tên tổ chức"),
    ("applicant_id_number", "Số định danh / mã số thuế"),
    ("applicant_birth_date", "Ngày sinh"),
    ("applicant_phone", "Điện thoại"),
    ("applicant_email", "Thư điện tử"),
    ("applicant_address", "Địa chỉ"),
]
REQUIRED_DOSSIER_COLUMNS = ("code", "procedure", "receiving_agency", "received_at", "applicant_name", "applicant_id_number")
REQUIRED_EVENT_COLUMNS = ("code", "at", "action")
_PARAMS = {
    p.name: p for action in ACTIONS.values() for p in action.params if p.kind != "scores"
}  # per-criterion scores are given on the portal
EVENT_COLUMNS = [("code", "Mã hồ sơ"), ("at", "Lúc"), ("action", "Thao tác"), *((name, p.label_vi) for name, p in _PARAMS.items())]


@dataclass
class LegacyFile:
    """What a file holds once read: each dossier's data as ``services.import_dossier`` takes it,
    and where each dossier and each of its events stands in the file."""

    dossiers: list[dict[str, Any]] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # code -> its row in the dossiers sheet
    event_rows: dict[str, list[int]] = field(default_factory=dict)  # code -> the rows of its events, in order


def template() -> bytes:
    """An empty workbook with both sheets and their headers (the file to fill in)."""
    wb = Workbook()
    for ws, columns in ((wb.active, DOSSIER_COLUMNS), (wb.create_sheet(), EVENT_COLUMNS)):
        ws.title = DOSSIER_SHEET if columns is DOSSIER_COLUMNS else EVENT_SHEET
        ws.append([f"{label} [{key}]" for key, label in columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _csv_rows(data: bytes, title: str) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError([CellError(title, 0, "-", "Tệp CSV phải mã hóa UTF-8.", "A CSV file must be UTF-8.")]) from None
    try:
        return list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise ImportFileError([CellError(title, 0, "-", f"Tệp CSV hỏng: {exc}.", f"Broken CSV: {exc}.")]) from None


def read(data: bytes, *, name: str, events: bytes | None = None) -> LegacyFile:
    """The file (and the events CSV) read and checked cell by cell, or ImportFileError."""
    errors: list[CellError] = []
    if name.lower().endswith(".csv"):
        dossier_rows = read_table(_csv_rows(data, DOSSIER_SHEET), DOSSIER_SHEET, DOSSIER_COLUMNS, errors, REQUIRED_DOSSIER_COLUMNS)
        event_rows = (
            read_table(_csv_rows(events, EVENT_SHEET), EVENT_SHEET, EVENT_COLUMNS, errors, REQUIRED_EVENT_COLUMNS) if events else []
        )
    else:
        wb = open_workbook(data)
        if DOSSIER_SHEET not in wb.sheetnames:
            raise ImportFileError(
                [CellError(DOSSIER_SHEET, 0, "-", f"Thiếu trang tính «{DOSSIER_SHEET}».", f"Missing sheet {DOSSIER_SHEET!r}.")]
            )
        dossier_rows = read_table(
            wb[DOSSIER_SHEET].iter_rows(values_only=True), DOSSIER_SHEET, DOSSIER_COLUMNS, errors, REQUIRED_DOSSIER_COLUMNS
        )
        event_rows = (
            read_table(wb[EVENT_SHEET].iter_rows(values_only=True), EVENT_SHEET, EVENT_COLUMNS, errors, REQUIRED_EVENT_COLUMNS)
            if EVENT_SHEET in wb.sheetnames
            else []
        )
        wb.close()
    if errors:
        raise ImportFileError(errors)
    out = _dossiers(dossier_rows, CellReader(errors))
    _events(event_rows, out, CellReader(errors))
    if errors:
        raise ImportFileError(errors)
    return out


def _cell(row: dict, key: str) -> tuple[Any, str]:
    return row.get(key, (None, key))


def _dossiers(rows, r: CellReader) -> LegacyFile:
    out = LegacyFile()
    for n, row in rows:

        def where(key: str, n: int = n, row=row) -> Where:
            return (DOSSIER_SHEET, n, _cell(row, key)[1])

        values = {key: r.text(_cell(row, key)[0]) for key, _label in DOSSIER_COLUMNS}
        code = values["code"]
        for key in REQUIRED_DOSSIER_COLUMNS:
            if not values[key]:
                r.error(*where(key), f"Thiếu «{dict(DOSSIER_COLUMNS)[key]}».", f"{key} is required.")
        if code in out.rows:
            r.error(
                *where("code"), f"Mã hồ sơ «{code}» bị trùng (dòng {out.rows[code]}).", f"Duplicate code {code!r} (row {out.rows[code]})."
            )
            continue
        received = r.moment(_cell(row, "received_at")[0], where("received_at"))
        birth = r.date(_cell(row, "applicant_birth_date")[0], where("applicant_birth_date"))
        out.rows[code] = n
        out.event_rows[code] = []
        out.dossiers.append(
            {
                "code": code,
                "procedure": values["procedure"],
                "receiving_agency": values["receiving_agency"],
                "competent_agency": values["competent_agency"],
                "channel": values["channel"] or "counter",
                "received_at": received,
                "events": [],
                "applicant": Applicant(
                    kind=values["applicant_kind"] or "person",
                    name=values["applicant_name"],
                    id_number=values["applicant_id_number"],
                    birth_date=birth,
                    phone=values["applicant_phone"],
                    email=values["applicant_email"],
                    address=values["applicant_address"],
                ),
            }
        )
    return out


def _events(rows, out: LegacyFile, r: CellReader) -> None:
    by_code = {d["code"]: d for d in out.dossiers}
    for n, row in rows:

        def where(key: str, n: int = n, row=row) -> Where:
            return (EVENT_SHEET, n, _cell(row, key)[1])

        code, action = r.text(_cell(row, "code")[0]), r.text(_cell(row, "action")[0])
        if code not in by_code:
            r.error(
                *where("code"), f"Không có hồ sơ «{code}» trong trang «{DOSSIER_SHEET}».", f"No dossier {code!r} in the dossiers sheet."
            )
            continue
        if action not in ACTIONS or action == "submit":
            r.error(*where("action"), f"Thao tác «{action}» không tồn tại.", f"Unknown action {action!r}.")
            continue
        at = r.moment(_cell(row, "at")[0], where("at"))
        event: dict[str, Any] = {"action": action, "at": at, **_event_params(row, action, where, r)}
        by_code[code]["events"].append(event)
        out.event_rows[code].append(n)


def _event_params(row, action: str, where: Callable[[str], Where], r: CellReader) -> dict[str, Any]:
    """The parameters given on an event's row, each typed by its kind; a parameter the action
    does not take is an error at its cell."""
    takes = {p.name for p in ACTIONS[action].params}
    params: dict[str, Any] = {}
    for name, param in _PARAMS.items():
        raw = _cell(row, name)[0]
        if raw is None or r.text(raw) == "":
            continue
        if name not in takes:
            r.error(*where(name), f"Thao tác «{ACTIONS[action].label_vi}» không có «{param.label_vi}».", f"{action} takes no {name}.")
        elif param.kind in ("amount", "score", "step"):
            params[name] = r.integer(raw, where(name), default=None)
        elif param.kind == "datetime":
            params[name] = r.moment(raw, where(name))
        elif param.kind == "missing":
            params[name] = [part.strip() for part in r.text(raw).split(";") if part.strip()]
        else:
            params[name] = r.text(raw)
    return params


@dataclass
class ImportReport:
    created: int = 0
    existing: int = 0
    errors: list[CellError] = field(default_factory=list)


def locate(parsed: LegacyFile, code: str, event_index: int | None, message_vi: str, message_en: str) -> CellError:
    """Where a refused timeline's problem stands in the file: the event's row, or the dossier's."""
    rows = parsed.event_rows.get(code, [])
    if event_index is not None and event_index < len(rows):
        return CellError(EVENT_SHEET, rows[event_index], "-", message_vi, message_en)
    return CellError(DOSSIER_SHEET, parsed.rows.get(code, 0), "-", message_vi, message_en)
