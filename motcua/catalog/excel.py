"""Excel import and export of the whole catalogue (openpyxl).

One sheet per part; every row names its procedure code. Headers are Vietnamese with the
machine key in brackets ("Mã thủ tục [code]"), so a spreadsheet user can read them and the
parser can find columns in any order. Parsing validates everything and reports each problem
by sheet, row and column; nothing is written unless the whole file is valid.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from . import spec as S

MAX_ROWS = 50_000

SHEETS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "fields": ("Lĩnh vực", [("code", "Mã lĩnh vực"), ("name", "Tên lĩnh vực")]),
    "procedures": ("Thủ tục", [
        ("code", "Mã thủ tục"), ("name", "Tên thủ tục"), ("field_code", "Mã lĩnh vực"), ("status", "Trạng thái"),
        ("levels", "Cấp thẩm quyền"), ("applicant_types", "Đối tượng"), ("competent_agencies", "Cơ quan có thẩm quyền"),
        ("receiving_agencies", "Nơi tiếp nhận"), ("statutory_value", "Thời hạn"), ("statutory_unit", "Đơn vị thời hạn"),
        ("reduced_value", "Thời hạn cắt giảm"), ("reduced_unit", "Đơn vị cắt giảm"), ("same_day_cutoff", "Giờ chốt"),
        ("online_level", "Mức độ DVCTT"), ("postal_allowed", "Qua bưu chính"), ("cross_boundary", "Phi địa giới"),
        ("description", "Trình tự thực hiện"), ("requirements", "Yêu cầu, điều kiện"),
    ]),
    "legal_basis": ("Căn cứ pháp lý", [("procedure", "Mã thủ tục"), ("number", "Số, ký hiệu"), ("title", "Trích yếu"), ("issued_on", "Ngày ban hành"), ("issuer", "Cơ quan ban hành")]),
    "fees": ("Phí, lệ phí", [("procedure", "Mã thủ tục"), ("name", "Tên phí, lệ phí"), ("kind", "Loại"), ("amount", "Mức thu (đồng)"), ("exemption", "Miễn, giảm"),
                             ("unit", "Tính theo (dossier/copy/page)"), ("first_units", "Số đơn vị đầu"), ("next_amount", "Mức thu tiếp theo (đồng)"),
                             ("max_amount", "Tối đa mỗi bản (đồng)"), ("online_amount", "Mức thu trực tuyến (đồng)")]),
    "components": ("Thành phần hồ sơ", [("procedure", "Mã thủ tục"), ("name", "Tên giấy tờ"), ("originals", "Bản chính"), ("certified_copies", "Bản sao chứng thực"), ("copies", "Bản sao"), ("requirement", "Bắt buộc"), ("condition", "Trường hợp")]),
    "results": ("Kết quả", [("procedure", "Mã thủ tục"), ("name", "Tên kết quả"), ("form", "Hình thức")]),
    "steps": ("Quy trình", [
        ("procedure", "Mã thủ tục"), ("receiving_agency", "Nơi tiếp nhận (trống: chung)"), ("position", "Bước"), ("name", "Tên bước"),
        ("kind", "Loại bước"), ("role", "Vai trò"), ("performer", "Đơn vị thực hiện"), ("agency", "Mã cơ quan"),
        ("duration_value", "Định mức"), ("duration_unit", "Đơn vị định mức"), ("parallel_group", "Nhóm song song"),
    ]),
}
HEADER = re.compile(r"\[([a-z_]+)\]\s*$")
# Sheets whose later columns may be absent (files made before they existed): the columns required.
REQUIRED = {"fees": ("procedure", "name", "kind", "amount", "exemption")}
SPEC_TO_SHEET = {"legal_basis": "legal_basis", "fees": "fees", "components": "components", "results": "results", "routes": "steps"}


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int
    column: str
    message_vi: str
    message_en: str

    def __str__(self) -> str:
        return f"{self.sheet}, dòng {self.row}, cột {self.column}: {self.message_vi}"


class ImportFileError(Exception):
    def __init__(self, errors: list[CellError]):
        super().__init__("\n".join(map(str, errors[:50])))
        self.errors = errors


def _join(values) -> str:
    return ", ".join(values)


def _num(value: Decimal | None):
    if value is None:
        return None
    value = Decimal(value).normalize()
    return int(value) if value == value.to_integral() else float(value)


def export_workbook(specs: list[S.ProcedureSpec], fields: list[tuple[str, str]]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    rows: dict[str, list[list[Any]]] = defaultdict(list)
    rows["fields"] = [[code, name] for code, name in fields]
    for p in specs:
        rows["procedures"].append([
            p.code, p.name, p.field_code, p.status, _join(p.levels), _join(p.applicant_types), _join(p.competent_agencies),
            _join(p.receiving_agencies), _num(p.statutory_value), p.statutory_unit, _num(p.reduced_value), p.reduced_unit or None,
            p.same_day_cutoff.strftime("%H:%M") if p.same_day_cutoff else None, p.online_level, "có" if p.postal_allowed else "không",
            p.cross_boundary, p.description or None, p.requirements or None,
        ])
        rows["legal_basis"] += [[p.code, x.number, x.title, x.issued_on, x.issuer or None] for x in p.legal_basis]
        rows["fees"] += [[p.code, x.name, x.kind, x.amount, x.exemption or None, x.unit, x.first_units, x.next_amount, x.max_amount, x.online_amount] for x in p.fees]
        rows["components"] += [[p.code, x.name, x.originals, x.certified_copies, x.copies, x.requirement, x.condition or None] for x in p.components]
        rows["results"] += [[p.code, x.name, x.form] for x in p.results]
        for r in p.routes:
            rows["steps"] += [[p.code, r.receiving_agency or None, k, s.name, s.kind, s.role, s.performer, s.agency or None, _num(s.duration_value), s.duration_unit, s.parallel_group] for k, s in enumerate(r.steps, start=1)]
    for key, (title, columns) in SHEETS.items():
        ws = wb.create_sheet(title)
        ws.append([f"{label} [{name}]" for name, label in columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows[key]:
            ws.append(row)
        for i, (name, _label) in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = 50 if name in ("name", "title", "description", "requirements") else 18
            if name == "issued_on":
                for cell in ws[get_column_letter(i)][1:]:
                    cell.number_format = "DD/MM/YYYY"
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


Where = tuple[str, int, str]  # sheet, row, column of a cell


class CellReader:
    """Typed values out of spreadsheet cells, each problem recorded by sheet, row and column
    (shared by every spreadsheet import)."""

    def __init__(self, errors: list[CellError]):
        self.errors = errors

    def error(self, sheet: str, row: int, column: str, vi: str, en: str) -> None:
        self.errors.append(CellError(sheet, row, column, vi, en))

    def text(self, value) -> str:
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def decimal(self, value, where: Where) -> Decimal | None:
        if value is None or value == "":
            return None
        try:
            result = Decimal(str(value).replace(",", ".").strip())
        except InvalidOperation:
            self.error(*where, f"«{value}» không phải là số.", f"{value!r} is not a number.")
            return None
        if not result.is_finite():
            self.error(*where, f"«{value}» không phải là số.", f"{value!r} is not a number.")
            return None
        return result.normalize()

    def integer(self, value, where: Where, default: int | None = 0) -> int | None:
        if value is None or value == "":
            return default
        number = self.decimal(value, where)
        if number is None:
            return default
        if number != number.to_integral():
            self.error(*where, f"«{value}» phải là số nguyên.", f"{value!r} must be a whole number.")
            return default
        return int(number)

    def date(self, value, where: Where) -> dt.date | None:
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                return dt.datetime.strptime(str(value).strip(), fmt).date()
            except ValueError:
                pass
        self.error(*where, f"Ngày «{value}» không hợp lệ (dd/mm/yyyy).", f"Invalid date {value!r} (dd/mm/yyyy).")
        return None

    def moment(self, value, where: Where) -> dt.datetime | None:
        """A date and time: a datetime cell or text (dd/mm/yyyy HH:MM, or ISO 8601); without an
        offset it is local time (Asia/Ho_Chi_Minh)."""
        if value is None or value == "":
            return None
        moment = value if isinstance(value, dt.datetime) else None
        if moment is None:
            text = str(value).strip()
            for fmt in ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S"):
                try:
                    moment = dt.datetime.strptime(text, fmt)
                    break
                except ValueError:
                    pass
            if moment is None:
                try:
                    moment = dt.datetime.fromisoformat(text)
                except ValueError:
                    self.error(*where, f"Thời điểm «{value}» không hợp lệ (dd/mm/yyyy HH:MM).", f"Invalid date and time {value!r} (dd/mm/yyyy HH:MM).")
                    return None
        return timezone.make_aware(moment) if timezone.is_naive(moment) else moment

    def time(self, value, where: Where) -> dt.time | None:
        if value is None or value == "":
            return None
        if isinstance(value, dt.time):
            return value
        if isinstance(value, dt.datetime):
            return value.time()
        try:
            return dt.datetime.strptime(str(value).strip(), "%H:%M").time()
        except ValueError:
            self.error(*where, f"Giờ «{value}» không hợp lệ (HH:MM).", f"Invalid time {value!r} (HH:MM).")
            return None

    def boolean(self, value, where: Where) -> bool:
        text = self.text(value).casefold()
        if text in ("", "không", "khong", "no", "false", "0"):
            return False
        if text in ("có", "co", "yes", "true", "1", "x"):
            return True
        self.error(*where, f"«{value}» phải là «có» hoặc «không».", f"{value!r} must be yes or no.")
        return False

    def codes(self, value) -> tuple[str, ...]:
        return tuple(sorted(x.strip() for x in self.text(value).replace(";", ",").split(",") if x.strip()))

    def ordered(self, value) -> tuple[str, ...]:
        return tuple(x.strip() for x in self.text(value).replace(";", ",").split(",") if x.strip())


def open_workbook(data: bytes):
    """An .xlsx file opened for reading, or ImportFileError naming why not."""
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise ImportFileError([CellError("-", 0, "-", "Không đọc được tệp: cần tệp Excel .xlsx.", f"Not a readable .xlsx file ({type(exc).__name__}).")]) from None


def read_table(rows, title: str, columns: list[tuple[str, str]], errors: list[CellError],
               required: tuple[str, ...] | None = None) -> list[tuple[int, dict[str, tuple[Any, str]]]]:
    """A sheet's rows (the first is the header: "Label [key]", or the key alone) as
    (row number, {key: (value, column letter)}), blank rows skipped; a missing column (of
    ``required``, by default every one) or too many rows is an error."""
    iterator = iter(rows)
    header = next(iterator, None) or ()
    positions: dict[str, int] = {}
    keys = {name for name, _label in columns}
    for i, cell in enumerate(header):
        text = str(cell or "").strip()
        m = HEADER.search(text)
        if m:
            positions[m.group(1)] = i
        elif text in keys:
            positions[text] = i
    missing = [label for name, label in columns if name not in positions and (required is None or name in required)]
    if missing:
        errors.append(CellError(title, 1, "-", f"Thiếu cột: {', '.join(missing)}.", f"Missing columns: {', '.join(missing)}."))
        return []
    out = []
    for n, values in enumerate(iterator, start=2):
        if n > MAX_ROWS:
            errors.append(CellError(title, n, "-", f"Quá {MAX_ROWS} dòng.", f"More than {MAX_ROWS} rows."))
            break
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        out.append((n, {name: (values[i] if i < len(values) else None, get_column_letter(i + 1)) for name, i in positions.items()}))
    return out


def parse_workbook(data: bytes, *, known_fields: set[str] | None = None, known_agencies: set[str] | None = None) -> tuple[list[S.ProcedureSpec], dict[str, str]]:
    """Read and validate a workbook. Returns (specs, fields) or raises ImportFileError listing
    every problem found (sheet, row, column)."""
    return _WorkbookParser(data).parse(known_fields or set(), known_agencies)


Table = list[tuple[int, dict[str, tuple[Any, str]]]]  # (row number, column name -> (value, column letter))
PROCEDURE_COLUMNS = ("code", "name", "field_code", "status", "levels", "applicant_types", "competent_agencies", "receiving_agencies", "statutory_value",
                     "statutory_unit", "reduced_value", "same_day_cutoff", "online_level", "cross_boundary", "description", "requirements")


class _WorkbookParser:
    """One import: the sheets read into tables, then each sheet into the procedures' specs, each
    value remembered with its cell (``where_of``) so that a rule broken later names the cell."""

    def __init__(self, data: bytes):
        self.errors: list[CellError] = []
        self.r = CellReader(self.errors)
        self.tables = self._tables(data)
        self.base: dict[str, dict[str, Any]] = {}
        self.where_of: dict[tuple, tuple[str, int, str]] = {}

    def parse(self, known_fields: set[str], known_agencies: set[str] | None) -> tuple[list[S.ProcedureSpec], dict[str, str]]:
        fields = self._fields()
        self._procedures()
        self._children()
        self._routes()
        specs = []
        for code, values in self.base.items():
            routes = values.pop("routes")
            spec = S.ProcedureSpec(**{**values, **{k: tuple(values[k]) for k in ("legal_basis", "fees", "components", "results")}}, routes=tuple(routes.values()))
            specs.append(spec)
            for issue in S.validate(spec, known_fields=known_fields | set(fields), known_agencies=known_agencies):
                self.errors.append(_locate(code, issue, self.where_of))
        if self.errors:
            raise ImportFileError(sorted(set(self.errors), key=lambda e: (_sheet_position(e.sheet), e.row, e.column)))
        return specs, fields

    def _tables(self, data: bytes) -> dict[str, Table]:
        wb = open_workbook(data)
        tables: dict[str, Table] = {}
        for key, (title, columns) in SHEETS.items():
            if title not in wb.sheetnames:
                if key in ("fields", "procedures"):
                    self.errors.append(CellError(title, 0, "-", f"Thiếu trang tính «{title}».", f"Missing sheet {title!r}."))
                tables[key] = []
                continue
            tables[key] = read_table(wb[title].iter_rows(values_only=True), title, columns, self.errors, REQUIRED.get(key))
        wb.close()
        if self.errors:
            raise ImportFileError(self.errors)
        return tables

    def _fields(self) -> dict[str, str]:
        r, fields, sheet = self.r, {}, SHEETS["fields"][0]
        for n, row in self.tables["fields"]:
            code, name = r.text(row["code"][0]), r.text(row["name"][0])
            if not re.match(r"^[A-Za-z0-9._-]{1,30}$", code):
                r.error(sheet, n, row["code"][1], f"Mã lĩnh vực «{code}» không hợp lệ.", f"Invalid field code {code!r}.")
            elif not name:
                r.error(sheet, n, row["name"][1], "Thiếu tên lĩnh vực.", "Field name is required.")
            elif code in fields:
                r.error(sheet, n, row["code"][1], f"Lĩnh vực «{code}» bị trùng.", f"Duplicate field {code!r}.")
            fields[code] = name
        return fields

    def _procedures(self) -> None:
        r = self.r
        for n, row in self.tables["procedures"]:
            code = r.text(row["code"][0])

            def at(name: str, n: int = n, row=row) -> Where:
                return (SHEETS["procedures"][0], n, row[name][1])

            if code in self.base:
                r.error(*at("code"), f"Thủ tục {code} xuất hiện hai lần.", f"Procedure {code} appears twice.")
                continue
            for name in PROCEDURE_COLUMNS:
                self.where_of[(code, name)] = at(name)
            statutory = r.decimal(row["statutory_value"][0], at("statutory_value"))
            self.base[code] = {
                "code": code, "name": r.text(row["name"][0]), "field_code": r.text(row["field_code"][0]),
                "status": r.text(row["status"][0]) or "published", "levels": r.ordered(row["levels"][0]),
                "applicant_types": r.ordered(row["applicant_types"][0]), "competent_agencies": r.codes(row["competent_agencies"][0]),
                "receiving_agencies": r.codes(row["receiving_agencies"][0]),
                "statutory_value": statutory if statutory is not None else Decimal(0), "statutory_unit": r.text(row["statutory_unit"][0]),
                "reduced_value": r.decimal(row["reduced_value"][0], at("reduced_value")), "reduced_unit": r.text(row["reduced_unit"][0]),
                "same_day_cutoff": r.time(row["same_day_cutoff"][0], at("same_day_cutoff")), "online_level": r.text(row["online_level"][0]) or "none",
                "postal_allowed": r.boolean(row["postal_allowed"][0], at("postal_allowed")), "cross_boundary": r.text(row["cross_boundary"][0]) or "none",
                "description": r.text(row["description"][0]), "requirements": r.text(row["requirements"][0]),
                "legal_basis": [], "fees": [], "components": [], "results": [], "routes": {},
            }

    def _owner(self, key: str, n: int, row) -> dict | None:
        """The procedure a row of another sheet belongs to (None, and an error, when unknown)."""
        code = self.r.text(row["procedure"][0])
        if code not in self.base:
            self.r.error(SHEETS[key][0], n, row["procedure"][1], f"Mã thủ tục «{code}» không có trong trang «Thủ tục».",
                         f"Procedure {code!r} is not on the procedures sheet.")
            return None
        return self.base[code]

    def _children(self) -> None:
        """The legal basis, fees, components and results of each procedure, in sheet order."""
        for key, make in (("legal_basis", self._legal_basis), ("fees", self._fee), ("components", self._component), ("results", self._result)):
            for n, row in self.tables[key]:
                if (p := self._owner(key, n, row)) is not None:
                    _remember(self.where_of, p["code"], key, len(p[key]), n, row)
                    p[key].append(make(n, row))

    def _legal_basis(self, n: int, row) -> S.LegalBasisSpec:
        r = self.r
        return S.LegalBasisSpec(r.text(row["number"][0]), r.text(row["title"][0]), r.date(row["issued_on"][0], (SHEETS["legal_basis"][0], n, row["issued_on"][1])),
                                r.text(row["issuer"][0]))

    def _fee(self, n: int, row) -> S.FeeSpec:
        r, sheet = self.r, SHEETS["fees"][0]
        amount = r.integer(row["amount"][0], (sheet, n, row["amount"][1]), default=-1)
        optional = {key: r.integer(row[key][0], (sheet, n, row[key][1]), default=None) if key in row else None
                    for key in ("first_units", "next_amount", "max_amount", "online_amount")}
        unit = r.text(row["unit"][0]) if "unit" in row else ""
        return S.FeeSpec(r.text(row["name"][0]), amount if amount is not None else -1, r.text(row["kind"][0]) or "fee", r.text(row["exemption"][0]),
                         unit=unit or "dossier", **optional)

    def _component(self, n: int, row) -> S.ComponentSpec:
        r = self.r
        counts = [r.integer(row[c][0], (SHEETS["components"][0], n, row[c][1])) or 0 for c in ("originals", "certified_copies", "copies")]
        return S.ComponentSpec(r.text(row["name"][0]), counts[0], counts[1], counts[2], r.text(row["requirement"][0]) or "mandatory", r.text(row["condition"][0]))

    def _result(self, n: int, row) -> S.ResultSpec:
        return S.ResultSpec(self.r.text(row["name"][0]), self.r.text(row["form"][0]) or "paper")

    def _routes(self) -> None:
        """The steps sheet: one route per procedure and receiving agency (the default route, with
        no agency, first), its steps by their position."""
        r, sheet = self.r, SHEETS["steps"][0]
        step_rows: dict[tuple[str, str], list[tuple[int, int, S.StepSpec, dict]]] = defaultdict(list)
        for n, row in self.tables["steps"]:
            if (p := self._owner("steps", n, row)) is not None:
                value = r.decimal(row["duration_value"][0], (sheet, n, row["duration_value"][1]))
                step = S.StepSpec(
                    r.text(row["name"][0]), r.text(row["kind"][0]), r.text(row["role"][0]), r.text(row["performer"][0]),
                    value if value is not None else Decimal(0), r.text(row["duration_unit"][0]) or "working_hours", r.text(row["agency"][0]),
                    r.integer(row["parallel_group"][0], (sheet, n, row["parallel_group"][1]), default=None),
                )
                position = r.integer(row["position"][0], (sheet, n, row["position"][1]), default=0) or 0
                step_rows[(p["code"], r.text(row["receiving_agency"][0]))].append((position, n, step, row))
        for (code, agency), items in sorted(step_rows.items(), key=lambda kv: (kv[0][0], kv[0][1] != "", kv[0][1])):
            items.sort(key=lambda x: x[0])
            route_index = len(self.base[code]["routes"])
            self.base[code]["routes"][agency] = S.RouteSpec(steps=tuple(x[2] for x in items), receiving_agency=agency)
            for k, (_pos, n, _step, row) in enumerate(items):
                self.where_of[(code, "routes", route_index, k)] = (sheet, n, "")
                for name, (_v, col) in row.items():
                    self.where_of[(code, "routes", route_index, k, name)] = (sheet, n, col)
            self.where_of[(code, "routes", route_index)] = (sheet, items[0][1], "")


def _remember(where_of: dict, code: str, head: str, index: int, n: int, row: dict) -> None:
    title = SHEETS[head][0]
    where_of[(code, head, index)] = (title, n, "")
    for name, (_value, column) in row.items():
        where_of[(code, head, index, name)] = (title, n, column)


def _sheet_key(title: str) -> str | None:
    return next((k for k, (t, _c) in SHEETS.items() if t == title), None)


def _sheet_position(title: str) -> int:
    """The sheet's place in the workbook (errors are listed in it), unknown sheets last."""
    key = _sheet_key(title)
    return list(SHEETS).index(key) if key else 99


def _locate(code: str, issue: S.Issue, where_of: dict) -> CellError:
    path = issue.path
    head = path[0]
    if head in SPEC_TO_SHEET:
        key = SPEC_TO_SHEET[head]
        title = SHEETS[key][0]
        if head == "routes" and len(path) >= 4:
            where = where_of.get((code, "routes", path[1], path[3], path[-1])) or where_of.get((code, "routes", path[1], path[3]))
            if where:
                return CellError(where[0], where[1], where[2] or "-", f"Thủ tục {code}: {issue.message_vi}", f"Procedure {code}: {issue.message_en}")
        if len(path) >= 2 and isinstance(path[1], int):
            where = where_of.get((code, head, path[1], path[-1])) or where_of.get((code, head, path[1]))
            if where:
                return CellError(where[0], where[1], where[2] or "-", f"Thủ tục {code}: {issue.message_vi}", f"Procedure {code}: {issue.message_en}")
        row = where_of.get((code, "code"), (title, 0, ""))[1]
        return CellError(SHEETS["procedures"][0], row, "-", f"Thủ tục {code}: {issue.message_vi}", f"Procedure {code}: {issue.message_en}")
    where = where_of.get((code, str(head))) or where_of.get((code, "code")) or (SHEETS["procedures"][0], 0, "-")
    return CellError(where[0], where[1], where[2] or "-", f"Thủ tục {code}: {issue.message_vi}", f"Procedure {code}: {issue.message_en}")
