"""Importing a catalogue workbook: every sheet read into procedure specs, every problem found reported at once with its cell."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from typing import Any

from .. import spec as S
from .cells import CellError, CellReader, ImportFileError, Where, open_workbook, read_table
from .layout import REQUIRED, SHEETS, SPEC_TO_SHEET


def parse_workbook(
    data: bytes, *, known_fields: set[str] | None = None, known_agencies: set[str] | None = None
) -> tuple[list[S.ProcedureSpec], dict[str, str]]:
    """Read and validate a workbook. Returns (specs, fields) or raises ImportFileError listing
    every problem found (sheet, row, column)."""
    return _WorkbookParser(data).parse(known_fields or set(), known_agencies)


Table = list[tuple[int, dict[str, tuple[Any, str]]]]  # (row number, column name -> (value, column letter))
PROCEDURE_COLUMNS = (
    "code",
    "name",
    "field_code",
    "status",
    "levels",
    "applicant_types",
    "competent_agencies",
    "receiving_agencies",
    "statutory_value",
    "statutory_unit",
    "reduced_value",
    "same_day_cutoff",
    "online_level",
    "cross_boundary",
    "description",
    "requirements",
)


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
            spec = S.ProcedureSpec(
                **{**values, **{k: tuple(values[k]) for k in ("legal_basis", "fees", "components", "results")}},
                routes=tuple(routes.values()),
            )
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
                "code": code,
                "name": r.text(row["name"][0]),
                "field_code": r.text(row["field_code"][0]),
                "status": r.text(row["status"][0]) or "published",
                "levels": r.ordered(row["levels"][0]),
                "applicant_types": r.ordered(row["applicant_types"][0]),
                "competent_agencies": r.codes(row["competent_agencies"][0]),
                "receiving_agencies": r.codes(row["receiving_agencies"][0]),
                "statutory_value": statutory if statutory is not None else Decimal(0),
                "statutory_unit": r.text(row["statutory_unit"][0]),
                "reduced_value": r.decimal(row["reduced_value"][0], at("reduced_value")),
                "reduced_unit": r.text(row["reduced_unit"][0]),
                "same_day_cutoff": r.time(row["same_day_cutoff"][0], at("same_day_cutoff")),
                "online_level": r.text(row["online_level"][0]) or "none",
                "postal_allowed": r.boolean(row["postal_allowed"][0], at("postal_allowed")),
                "cross_boundary": r.text(row["cross_boundary"][0]) or "none",
                "description": r.text(row["description"][0]),
                "requirements": r.text(row["requirements"][0]),
                "legal_basis": [],
                "fees": [],
                "components": [],
                "results": [],
                "routes": {},
            }

    def _owner(self, key: str, n: int, row) -> dict | None:
        """The procedure a row of another sheet belongs to (None, and an error, when unknown)."""
        code = self.r.text(row["procedure"][0])
        if code not in self.base:
            self.r.error(
                SHEETS[key][0],
                n,
                row["procedure"][1],
                f"Mã thủ tục «{code}» không có trong trang «Thủ tục».",
                f"Procedure {code!r} is not on the procedures sheet.",
            )
            return None
        return self.base[code]

    def _children(self) -> None:
        """The legal basis, fees, components and results of each procedure, in sheet order."""
        for key, make in (
            ("legal_basis", self._legal_basis),
            ("fees", self._fee),
            ("components", self._component),
            ("results", self._result),
        ):
            for n, row in self.tables[key]:
                if (p := self._owner(key, n, row)) is not None:
                    _remember(self.where_of, p["code"], key, len(p[key]), n, row)
                    p[key].append(make(n, row))

    def _legal_basis(self, n: int, row) -> S.LegalBasisSpec:
        r = self.r
        return S.LegalBasisSpec(
            r.text(row["number"][0]),
            r.text(row["title"][0]),
            r.date(row["issued_on"][0], (SHEETS["legal_basis"][0], n, row["issued_on"][1])),
            r.text(row["issuer"][0]),
        )

    def _fee(self, n: int, row) -> S.FeeSpec:
        r, sheet = self.r, SHEETS["fees"][0]
        amount = r.integer(row["amount"][0], (sheet, n, row["amount"][1]), default=-1)
        optional = {
            key: r.integer(row[key][0], (sheet, n, row[key][1]), default=None) if key in row else None
            for key in ("first_units", "next_amount", "max_amount", "online_amount")
        }
        unit = r.text(row["unit"][0]) if "unit" in row else ""
        return S.FeeSpec(
            r.text(row["name"][0]),
            amount if amount is not None else -1,
            r.text(row["kind"][0]) or "fee",
            r.text(row["exemption"][0]),
            unit=unit or "dossier",
            **optional,
        )

    def _component(self, n: int, row) -> S.ComponentSpec:
        r = self.r
        counts = [r.integer(row[c][0], (SHEETS["components"][0], n, row[c][1])) or 0 for c in ("originals", "certified_copies", "copies")]
        return S.ComponentSpec(
            r.text(row["name"][0]),
            counts[0],
            counts[1],
            counts[2],
            r.text(row["requirement"][0]) or "mandatory",
            r.text(row["condition"][0]),
        )

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
                    r.text(row["name"][0]),
                    r.text(row["kind"][0]),
                    r.text(row["role"][0]),
                    r.text(row["performer"][0]),
                    value if value is not None else Decimal(0),
                    r.text(row["duration_unit"][0]) or "working_hours",
                    r.text(row["agency"][0]),
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
                return CellError(
                    where[0], where[1], where[2] or "-", f"Thủ tục {code}: {issue.message_vi}", f"Procedure {code}: {issue.message_en}"
                )
        if len(path) >= 2 and isinstance(path[1], int):
            where = where_of.get((code, head, path[1], path[-1])) or where_of.get((code, head, path[1]))
            if where:
                return CellError(
                    where[0], where[1], where[2] or "-", f"Thủ tục {code}: {issue.message_vi}", f"Procedure {code}: {issue.message_en}"
                )
        row = where_of.get((code, "code"), (title, 0, ""))[1]
        return CellError(SHEETS["procedures"][0], row, "-", f"Thủ tục {code}: {issue.message_vi}", f"Procedure {code}: {issue.message_en}")
    where = where_of.get((code, str(head))) or where_of.get((code, "code")) or (SHEETS["procedures"][0], 0, "-")
    return CellError(where[0], where[1], where[2] or "-", f"Thủ tục {code}: {issue.message_vi}", f"Procedure {code}: {issue.message_en}")
