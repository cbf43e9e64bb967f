"""The catalogue as a workbook, one sheet per part, ready to edit and import again."""

from __future__ import annotations

import io
from collections import defaultdict
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .. import spec as S
from .layout import SHEETS


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
        rows["procedures"].append(
            [
                p.code,
                p.name,
                p.field_code,
                p.status,
                _join(p.levels),
                _join(p.applicant_types),
                _join(p.competent_agencies),
                _join(p.receiving_agencies),
                _num(p.statutory_value),
                p.statutory_unit,
                _num(p.reduced_value),
                p.reduced_unit or None,
                p.same_day_cutoff.strftime("%H:%M") if p.same_day_cutoff else None,
                p.online_level,
                "có" if p.postal_allowed else "không",
                p.cross_boundary,
                p.description or None,
                p.requirements or None,
            ]
        )
        rows["legal_basis"] += [[p.code, x.number, x.title, x.issued_on, x.issuer or None] for x in p.legal_basis]
        rows["fees"] += [
            [p.code, x.name, x.kind, x.amount, x.exemption or None, x.unit, x.first_units, x.next_amount, x.max_amount, x.online_amount]
            for x in p.fees
        ]
        rows["components"] += [
            [p.code, x.name, x.originals, x.certified_copies, x.copies, x.requirement, x.condition or None] for x in p.components
        ]
        rows["results"] += [[p.code, x.name, x.form] for x in p.results]
        for r in p.routes:
            rows["steps"] += [
                [
                    p.code,
                    r.receiving_agency or None,
                    k,
                    s.name,
                    s.kind,
                    s.role,
                    s.performer,
                    s.agency or None,
                    _num(s.duration_value),
                    s.duration_unit,
                    s.parallel_group,
                ]
                for k, s in enumerate(r.steps, start=1)
            ]
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
