"""Reads of the reports domain, scoped to the caller's agencies."""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.db.models.functions import Length

from motcua.accounts.selectors import scoped_agencies
from motcua.core import planner
from motcua.core.errors import BilingualError
from motcua.dossiers.models import Dossier
from motcua.organisations.models import Agency

from . import settlement
from .facts import read as facts
from .periods import Period


class ReportError(BilingualError):
    pass


@dataclass(frozen=True)
class Query:
    period: Period
    group_by: str = "agency"  # agency (receiving) | competent | current | field | procedure
    agency: str = ""  # limit to this agency and its sub-agencies
    rollup: bool = False  # historical agencies counted in their successors


def _agency_field(q: Query) -> str:
    return settlement.AGENCY_FIELD.get(q.group_by, "receiving_agency")


def agencies(user, q: Query) -> QuerySet[Agency]:
    """The agencies whose dossiers the report counts (by ``_agency_field``): the caller's, under
    the chosen agency if any."""
    if q.group_by not in settlement.GROUPS:
        raise ReportError(
            "Cách nhóm phải là agency, competent, current, field hoặc procedure.",
            "group_by must be agency, competent, current, field or procedure.",
        )
    scoped = scoped_agencies(user)
    if q.agency:
        root = Agency.objects.filter(code=q.agency).first()
        if root is None:
            raise ReportError(f"Không có cơ quan mã «{q.agency}».", f"Unknown agency {q.agency!r}.", status=404)
        scoped = scoped.filter(path__startswith=root.path)
    return scoped


def _chosen(user, q: Query) -> QuerySet[Agency] | None:
    """``agencies``, or None when they are every agency (a province-wide report); worked out
    once per request and report choice (kept on the user object, as the work scope is)."""
    kept = user.__dict__.setdefault("_motcua_report_agencies", {})
    if (q.group_by, q.agency) not in kept:
        chosen = agencies(user, q)
        kept[(q.group_by, q.agency)] = None if chosen.count() == Agency.objects.count() else chosen
    return kept[(q.group_by, q.agency)]


def base(user, q: Query) -> QuerySet[Dossier]:
    """The dossiers the report counts (every one for a province-wide report: no join on the
    agencies, so a list walks an index of the dossiers alone)."""
    chosen = _chosen(user, q)
    return Dossier.objects.all() if chosen is None else Dossier.objects.filter(**{f"{_agency_field(q)}__in": chosen})


def scope(user, q: Query) -> facts.Scope:
    """``base`` for the report cells; a scope holding every agency is said so (no list: a
    province-wide report reads the cells kept for the whole province)."""
    return facts.Scope(_agency_field(q).removesuffix("_agency"), _chosen(user, q))


def _rolled_up(rows: list[settlement.Row]) -> list[settlement.Row]:
    agencies = {a.code: a for a in Agency.objects.filter(code__in=[r.key for r in rows]).select_related("successor")}
    merged: dict[str, settlement.Row] = {}
    for row in rows:
        agency = agencies.get(row.key)
        heir = agency.final_successor() if agency is not None else None
        key, name = (heir.code, heir.name) if heir is not None else (row.key, row.name)
        target = merged.setdefault(key, settlement.Row(key, name, {c: 0 for c in settlement.COLUMNS}))
        target.add(row)
    return sorted(merged.values(), key=lambda r: r.key)


def settlement_report(user, q: Query) -> tuple[list[settlement.Row], settlement.Row]:
    rows = facts.compute(scope(user, q), q.period, q.group_by)
    if q.rollup and q.group_by in settlement.AGENCY_FIELD:
        rows = _rolled_up(rows)
    return rows, settlement.total(rows)


def drill_down(user, q: Query, column: str, key: str = "") -> QuerySet[Dossier]:
    if column not in settlement.COLUMNS and column not in settlement.COMPOSITES:
        raise ReportError("Cột báo cáo không hợp lệ.", "Unknown column.")
    qs = base(user, q)
    if key:
        key_field = settlement.GROUPS[q.group_by][0]
        if q.rollup and q.group_by in settlement.AGENCY_FIELD:
            codes = [a.code for a in Agency.objects.all() if (a.final_successor() or a).code == key]
            qs = qs.filter(**{f"{key_field}__in": codes})
        else:
            qs = qs.filter(**{key_field: key})
    # Newest first, by the column's own moment (``settlement.drill_order``). The procedure and
    # agency of the page's dossiers are fetched after it (not joined: on a figure's filter the
    # planner misjudges the rows and loops over the small tables).
    drilled = settlement.drill(qs, q.period, column).prefetch_related("procedure", "receiving_agency")
    return drilled.order_by(*settlement.drill_order(column))


DRILL_PAGE_SIZE = 50


def drill_page(user, q: Query, column: str, key: str = "", number: int | str | None = 1) -> Page:
    """One page of a figure's dossiers, read at once; its length is the figure. A province-wide
    figure's page walks the index of its order back from the end of the period and stops when the
    page is full (``core.planner.index_order``): the planner cannot estimate a figure's filter (a
    result on its due day, say), would expect a handful of dossiers and sort a year of them."""
    dossiers = drill_down(user, q, column, key)
    paginator = Paginator(dossiers, DRILL_PAGE_SIZE)
    paginator.count = figure(user, q, column, key)
    page = paginator.get_page(number)
    province_wide = not key and _chosen(user, q) is None
    with planner.index_order(dossiers.db) if province_wide else nullcontext():
        page.object_list = list(page.object_list)
    return page


def figure(user, q: Query, column: str, key: str = "") -> int:
    """The figure a drill-down lists (of the row ``key``, or the total), from the report cells:
    the list's length without counting the dossiers. The total sums every key's cells without
    naming the rows."""
    parts = settlement.COMPOSITES.get(column, (column,))
    if not key:
        per_key = facts.sums(scope(user, q), q.period, facts.KEY_OF_GROUP[q.group_by])
        return sum(counts[part] for counts in per_key.values() for part in parts)
    rows, _total = settlement_report(user, q)
    row = next((r for r in rows if r.key == key), None)
    if row is None:
        return 0
    return sum(row.counts[part] for part in parts)


def public_statistics(period, group_by: str = "agency") -> tuple[list[settlement.Row], settlement.Row]:
    """Aggregate figures for everyone (no personal data): per receiving agency or per field."""
    if group_by not in ("agency", "field"):
        raise ReportError("Thống kê công khai theo cơ quan hoặc lĩnh vực.", "Public statistics are by agency or by field.")
    rows = facts.compute(facts.Scope(), period, group_by)
    return rows, settlement.total(rows)


def reporting_unit_name(user) -> str:
    """The unit a report covers when no agency is chosen: the highest agency in the user's scope
    (the province's People's Committee for its leaders; their own unit for a unit's staff)."""
    top = scoped_agencies(user).order_by(Length("path"), "path").first()
    return top.name if top is not None else ""
