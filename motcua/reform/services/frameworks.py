"""PAR index frameworks per year and level: imported (checked node by node) and copied to a new year."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from motcua.reports.models import Formula

from .. import scoring
from ..choices import Level
from ..models import Framework, Node
from .permissions import ReformError, may_edit_frameworks


# --------------------------------------------------------------------------- frameworks
@dataclass
class NodeRow:
    """A framework row as read from a sheet (max_score and params as typed there; checked and
    converted by ``_check_nodes``)."""

    line: int
    code: str
    parent: str
    kind: str
    name: str
    max_score: Any
    rule: str
    params: Any
    source: str
    prefill: str


def _check_nodes(rows: list[NodeRow]) -> list[str]:
    """Every problem of a framework's rows, each with its line: first row by row, then (when the
    rows themselves are right) the tree: leaves where leaves belong, points that add up."""
    errors: list[str] = []
    seen: dict[str, NodeRow] = {}
    children: dict[str, list[NodeRow]] = {}
    for r in rows:
        where = f"Dòng {r.line}"
        if not r.code or len(r.code) > 20:
            errors.append(f"{where}: mã trống hoặc dài quá 20 ký tự")
            continue
        if r.code in seen:
            errors.append(f"{where}: mã {r.code} trùng")
        errors += [f"{where}: {problem}" for problem in _row_problems(r)]
        if r.parent:
            if r.parent not in seen:
                errors.append(f"{where}: mã cấp trên {r.parent} chưa có ở các dòng trước")
            else:
                children.setdefault(r.parent, []).append(r)
        elif r.kind != Node.Kind.FIELD and r.kind != Node.Kind.SUB:
            errors.append(f"{where}: tiêu chí cần mã cấp trên")
        seen[r.code] = r
    return errors or _tree_problems(rows, children)


def _row_problems(r: NodeRow) -> list[str]:
    """One row's own problems: its kind, text, points, scoring rule and parameters, source and
    pre-filled indicator (the points and parameters are parsed in place)."""
    problems = []
    if r.kind not in Node.Kind.values:
        problems.append(f"loại «{r.kind}» không hợp lệ (field, criterion, sub)")
    if not r.name:
        problems.append("thiếu nội dung")
    try:
        r.max_score = Decimal(str(r.max_score).replace(",", "."))
        if not r.max_score.is_finite() or r.max_score <= 0 or r.max_score >= 10000:
            raise ArithmeticError
    except ArithmeticError:
        problems.append("điểm tối đa phải là số dương")
    if r.rule not in scoring.RULES:
        problems.append(f"cách chấm «{r.rule}» không hợp lệ ({', '.join(scoring.RULES)})")
    problems += _param_problems(r)
    if r.source not in Node.Source.values:
        problems.append(f"nguồn điểm «{r.source}» không hợp lệ (appraised, survey)")
    if r.prefill and r.prefill not in Formula.values:
        problems.append(f"chỉ tiêu một cửa «{r.prefill}» không có ({', '.join(Formula.values)})")
    return problems


def _param_problems(r: NodeRow) -> list[str]:
    if isinstance(r.params, str):
        try:
            r.params = json.loads(r.params) if r.params.strip() else {}
        except ValueError:
            r.params = {}
            return ["tham số không phải JSON"]
    if not isinstance(r.params, dict):
        r.params = {}
        return ["tham số phải là một đối tượng JSON"]
    if r.rule in scoring.RULES and isinstance(r.max_score, Decimal):
        try:
            scoring.check_params(r.rule, r.params)
        except (scoring.RuleError, ArithmeticError, TypeError) as exc:
            return [f"tham số cách chấm sai ({exc})"]
    return []


def _tree_problems(rows: list[NodeRow], children: dict[str, list[NodeRow]]) -> list[str]:
    errors = []
    for r in rows:
        kids = children.get(r.code, [])
        if r.kind == Node.Kind.SUB and kids:
            errors.append(f"Dòng {r.line}: tiêu chí thành phần {r.code} không có cấp dưới")
        if r.kind != Node.Kind.SUB and not kids:
            errors.append(f"Dòng {r.line}: {r.code} không có tiêu chí thành phần nào để chấm")
        if kids and sum(k.max_score for k in kids) != r.max_score:
            errors.append(
                f"Dòng {r.line}: điểm tối đa của {r.code} ({r.max_score}) khác tổng điểm cấp dưới ({sum(k.max_score for k in kids)})"
            )
    return errors


@transaction.atomic
def import_framework(*, actor, year: int, level: str, name: str, groups: list, rows: list[NodeRow]) -> Framework:
    """A framework from its sheet: every row checked (codes, parents before children, rules and
    their parameters, a parent's maximum equal to its children's sum) and all or nothing. A
    framework of the same year and level is replaced while no round uses it."""
    if not may_edit_frameworks(actor):
        raise ReformError(
            "Chỉ cán bộ cải cách hành chính cấp tỉnh trở lên ban hành bộ chỉ số.",
            "Only provincial or central reform officers import frameworks.",
            status=403,
        )
    if level not in Level.values or not 2000 <= int(year) <= 2100 or not (name or "").strip():
        raise ReformError("Cần năm, cấp đánh giá và tên bộ chỉ số hợp lệ.", "A valid year, level and name are required.")
    try:
        groups = [[str(g[0])[:5], float(Decimal(str(g[1])))] for g in groups]
    except (ArithmeticError, IndexError, TypeError):
        raise ReformError("Xếp loại phải có dạng A ≥ 90, B ≥ 80…", "Groups must be pairs of a name and a minimum percent.") from None
    if not rows:
        raise ReformError("Bảng không có tiêu chí nào.", "The sheet has no criteria.")
    errors = _check_nodes(rows)
    if errors:
        raise ReformError("Bộ chỉ số có lỗi, chưa nhập gì: " + "; ".join(errors[:25]), "The framework has errors; nothing was imported.")
    existing = Framework.objects.select_for_update().filter(year=year, level=level).first()
    if existing is not None:
        if existing.rounds.exists():
            raise ReformError(
                "Bộ chỉ số năm này đã được dùng cho đợt đánh giá, không thay thế được.", "That framework is in use by a round.", status=409
            )
        existing.nodes.all().delete()
        existing.name, existing.groups = name.strip()[:300], groups
        existing.save(update_fields=["name", "groups"])
        framework = existing
    else:
        framework = Framework.objects.create(year=year, level=level, name=name.strip()[:300], groups=groups)
    made: dict[str, Node] = {}
    for position, r in enumerate(rows):
        made[r.code] = Node.objects.create(
            framework=framework,
            parent=made.get(r.parent),
            kind=r.kind,
            code=r.code,
            name=r.name[:500],
            max_score=r.max_score,
            rule=r.rule,
            params=r.params,
            source=r.source,
            prefill=r.prefill,
            position=position,
        )
    return framework


def node_rows(framework: Framework) -> list[NodeRow]:
    """A framework as sheet rows, parents before their children."""
    nodes = list(framework.nodes.select_related("parent").order_by("position", "code"))
    return [
        NodeRow(i, n.code, n.parent.code if n.parent else "", n.kind, n.name, n.max_score, n.rule, n.params, n.source, n.prefill)
        for i, n in enumerate(nodes, start=2)
    ]


@transaction.atomic
def copy_framework(*, actor, framework: Framework, year: int) -> Framework:
    """Next year's framework, a copy to adjust (versioned per year)."""
    return import_framework(
        actor=actor,
        year=year,
        level=framework.level,
        name=framework.name.replace(str(framework.year), str(year)),
        groups=framework.groups,
        rows=node_rows(framework),
    )
