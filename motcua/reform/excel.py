"""Excel of the reform domain (openpyxl): a framework's tree (export and import), the survey
sheet of a round (a template with every unit and survey criterion, and its import), and the
rankings. Headers are Vietnamese with the machine key in brackets, as in the catalogue's
workbook, so columns may come in any order."""

from __future__ import annotations

import io
import json
import re
import zipfile
from decimal import Decimal

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .services import NodeRow, ReformError

MAX_ROWS = 5000
NODE_COLUMNS = [
    ("code", "Mã"),
    ("parent", "Mã cấp trên"),
    ("kind", "Loại (field/criterion/sub)"),
    ("name", "Nội dung"),
    ("max_score", "Điểm tối đa"),
    ("rule", "Cách chấm (yes_no/bands/ratio/deduction/manual)"),
    ("params", "Tham số (JSON)"),
    ("source", "Nguồn điểm (appraised/survey)"),
    ("prefill", "Lấy từ dữ liệu một cửa"),
]
SURVEY_COLUMNS = [
    ("unit", "Mã đơn vị"),
    ("unit_name", "Tên đơn vị"),
    ("criterion", "Mã tiêu chí"),
    ("criterion_name", "Tiêu chí"),
    ("max", "Điểm tối đa"),
    ("points", "Điểm"),
]
HEADER = re.compile(r"\[([a-z_]+)\]\s*$")


def _header(ws, columns) -> None:
    ws.append([f"{label} [{key}]" for key, label in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"


def _bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def framework_workbook(framework, rows: list[NodeRow]) -> bytes:
    wb = Workbook()
    info = wb.active
    info.title = "Thông tin"
    for key, label, value in (
        ("year", "Năm", framework.year),
        ("level", "Cấp đánh giá", framework.level),
        ("name", "Tên bộ chỉ số", framework.name),
        ("groups", "Xếp loại (JSON)", json.dumps(framework.groups, ensure_ascii=False)),
    ):
        info.append([f"{label} [{key}]", value])
    info.column_dimensions["A"].width, info.column_dimensions["B"].width = 28, 70
    ws = wb.create_sheet("Bộ chỉ số")
    _header(ws, NODE_COLUMNS)
    for r in rows:
        ws.append(
            [
                r.code,
                r.parent,
                r.kind,
                r.name,
                float(Decimal(str(r.max_score))),
                r.rule,
                json.dumps(r.params, ensure_ascii=False) if r.params else "",
                r.source,
                r.prefill,
            ]
        )
    for i, width in enumerate((10, 10, 12, 70, 10, 14, 30, 12, 16), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    return _bytes(wb)


def _open(data: bytes):
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ReformError("Tệp không phải bảng tính Excel (.xlsx) hợp lệ.", "Not a valid .xlsx workbook.") from None


def _keys(row) -> dict[str, int]:
    out = {}
    for i, cell in enumerate(row):
        m = HEADER.search(str(cell or ""))
        if m:
            out[m.group(1)] = i
    return out


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _rows(ws, required: set[str]):
    it = ws.iter_rows(values_only=True)
    keys = _keys(next(it, ()) or ())
    if not required <= set(keys):
        raise ReformError(
            "Thiếu cột: " + ", ".join(sorted(required - set(keys))) + " (dòng tiêu đề phải giữ mã cột trong ngoặc vuông).",
            "Missing columns in the header row.",
        )
    for n, row in enumerate(it, start=2):
        if n > MAX_ROWS + 1:
            raise ReformError(f"Tối đa {MAX_ROWS} dòng.", f"At most {MAX_ROWS} rows.")
        values = {k: (row[i] if i < len(row) else None) for k, i in keys.items()}
        if all(v is None or str(v).strip() == "" for v in values.values()):
            continue
        yield n, values


def parse_framework(data: bytes) -> tuple[dict, list[NodeRow]]:
    """The framework's information and rows; the service checks them."""
    wb = _open(data)
    sheets = {ws.title: ws for ws in wb.worksheets}
    if "Bộ chỉ số" not in sheets or "Thông tin" not in sheets:
        raise ReformError(
            "Bảng tính cần hai trang «Thông tin» và «Bộ chỉ số».", "The workbook needs the sheets 'Thông tin' and 'Bộ chỉ số'."
        )
    info: dict = {}
    for row in sheets["Thông tin"].iter_rows(values_only=True, max_row=20):
        m = HEADER.search(str(row[0] or "")) if row else None
        if m and len(row) > 1:
            info[m.group(1)] = row[1]
    try:
        info["year"] = int(str(info.get("year") or ""))
        info["groups"] = json.loads(info.get("groups") or "[]")
    except (TypeError, ValueError):
        raise ReformError(
            'Trang «Thông tin»: năm phải là số, xếp loại là JSON như [["A", 90], ["B", 80]].', "Year must be a number and groups JSON."
        ) from None
    if not isinstance(info["groups"], list):
        raise ReformError("Xếp loại phải là một danh sách.", "Groups must be a list.")
    rows = [
        NodeRow(
            n,
            _text(v.get("code")),
            _text(v.get("parent")),
            _text(v.get("kind")),
            _text(v.get("name")),
            v.get("max_score"),
            _text(v.get("rule")) or "manual",
            v.get("params") if v.get("params") is not None else "",
            _text(v.get("source")) or "appraised",
            _text(v.get("prefill")),
        )
        for n, v in _rows(sheets["Bộ chỉ số"], {"code", "parent", "kind", "name", "max_score"})
    ]
    return {"year": info["year"], "level": _text(info.get("level")), "name": _text(info.get("name")), "groups": info["groups"]}, rows


def survey_workbook(round_, assessments, nodes) -> bytes:
    """One row per unit and survey criterion, with the points already entered."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Điều tra xã hội học"
    _header(ws, SURVEY_COLUMNS)
    for a in assessments:
        scores = {s.node_id: s for s in a.scores.all()}
        for node in nodes:
            s = scores.get(node.pk)
            ws.append(
                [
                    a.agency.code,
                    a.agency.name,
                    node.code,
                    node.name,
                    float(node.max_score),
                    float(s.appraised_score) if s and s.appraised_score is not None else None,
                ]
            )
    for i, width in enumerate((16, 40, 10, 50, 10, 10), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    return _bytes(wb)


def parse_survey(data: bytes) -> list[tuple[int, str, str, str]]:
    wb = _open(data)
    rows = []
    for n, v in _rows(wb.worksheets[0], {"unit", "criterion", "points"}):
        if v.get("points") is None or str(v["points"]).strip() == "":
            continue  # not surveyed yet
        rows.append((n, _text(v["unit"]), _text(v["criterion"]), str(v["points"]).replace(",", ".")))
    return rows


def rankings_workbook(year: int, level_label: str, rows: list[dict]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = f"Xếp hạng {year}"
    ws.append([f"KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year}: {level_label.upper()}"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([])
    ws.append(
        [
            "Xếp hạng",
            "Mã đơn vị",
            "Đơn vị",
            "Điểm tự đánh giá",
            "Điểm thẩm định",
            "Điểm điều tra XHH",
            "Tổng điểm",
            "Điểm tối đa",
            "Tỷ lệ (%)",
            "Xếp loại",
        ]
    )
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append(
            [
                r["rank"],
                r["unit"],
                r["name"],
                float(r["self_score"]),
                float(r["appraised_score"]),
                float(r["survey_score"]),
                float(r["total"]),
                float(r["max"]),
                float(r["percent"]),
                r["group"],
            ]
        )
    for i, width in enumerate((9, 16, 44, 14, 14, 14, 11, 11, 10, 9), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A4"
    return _bytes(wb)


def remediation_workbook(tasks, area_labels: dict) -> bytes:
    """Every remediation task shown on the status page, one row each."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Khắc phục sau kiểm tra"
    ws.append(
        [
            "Đơn vị",
            "Kế hoạch kiểm tra",
            "Nội dung",
            "Mức độ",
            "Tồn tại, hạn chế",
            "Yêu cầu khắc phục",
            "Hạn",
            "Tình trạng",
            "Quá hạn",
            "Báo cáo của đơn vị",
        ]
    )
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for t in tasks:
        ws.append(
            [
                t.agency.name,
                t.finding.inspection.plan.title,
                area_labels.get(t.finding.area, t.finding.area),
                t.finding.get_severity_display(),
                t.finding.description,
                t.action,
                t.due_on,
                t.get_state_display(),
                "x" if t.overdue else "",
                t.report,
            ]
        )
        ws.cell(row=ws.max_row, column=7).number_format = "DD/MM/YYYY"
    for i, width in enumerate((34, 30, 26, 12, 44, 40, 11, 30, 8, 44), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    return _bytes(wb)
