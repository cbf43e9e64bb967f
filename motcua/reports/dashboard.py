"""What the leaders' dashboard reads: indicators against targets with a monthly trend, units,
the service index, nearly-due, overdue and at-risk dossiers, and who overran their step quota."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.functional import Promise

from motcua.dossiers import clock
from motcua.dossiers.models import Dossier, DossierStep
from motcua.dossiers.selectors import held_under
from motcua.organisations.models import Agency

from . import indicators, settlement
from .facts import read as facts
from .models import Formula, Target
from .periods import Period, check_year

DEFAULT_TARGETS = (Formula.ON_TIME_RATE, Formula.ONLINE_SHARE, Formula.POSTAL_SHARE, Formula.POSTAL_RETURN_SHARE)
TRENDS: dict[str, tuple[str, str | None, str]] = {
    Formula.ON_TIME_RATE: ("resolved_early", "resolved_on_time", "resolved_total"),
    Formula.ONLINE_SHARE: ("received_online", None, "in"),
    Formula.POSTAL_SHARE: ("received_postal", None, "in"),
}


def subtree(agency: Agency) -> QuerySet[Agency]:
    return Agency.objects.filter(path__startswith=agency.path)


def dossiers_of(agency: Agency) -> QuerySet[Dossier]:
    return Dossier.objects.filter(receiving_agency__path__startswith=agency.path)


def scope_of(agency: Agency) -> facts.Scope:
    """``dossiers_of`` for the report cells."""
    return facts.Scope("receiving", subtree(agency))


@dataclass
class ServiceIndex:
    """The real-time service index of an agency (and its sub-agencies) for a period: what the
    dashboard shows and ``GET /api/v1/reports/service-index`` answers, computed once here."""

    values: indicators.Values
    lines: list[indicators.IndexLine]
    groups: dict[int, Decimal]
    total: Decimal
    maximum: Decimal


def receiving_sums(agency: Agency, period: Period) -> dict[int, dict[str, int]]:
    """The period's sums per receiving agency of the subtree, which the service index and the
    units table both start from (read once for a page)."""
    return facts.sums(scope_of(agency), period, "receiving")


def service_index(agency: Agency, period: Period, sums: dict[int, dict[str, int]] | None = None) -> ServiceIndex:
    values = indicators.compute(dossiers_of(agency), subtree(agency), period, sums)
    return ServiceIndex(values, *indicators.service_index(values))


def year_to_date(year: int) -> Period:
    check_year(year)
    today = timezone.localdate()
    end = dt.date(year, 12, 31) if year < today.year else today
    return Period(dt.date(year, 1, 1), max(end, dt.date(year, 1, 1)))


def monthly_counts(agency: Agency, year: int) -> list[tuple[int, dict[str, int]]]:
    """The flows (received by channel, resolved early, on time, late) of each month of ``year``
    up to today, read once: every trend is derived from them."""
    return facts.monthly_flows(scope_of(agency), year, timezone.localdate())


def monthly(counts: list[tuple[int, dict[str, int]]], formula: str) -> list[tuple[int, Decimal | None]]:
    """The formula's value month by month, from ``monthly_counts``."""
    spec = TRENDS.get(formula)
    if spec is None:
        return []
    points = []
    for month, c in counts:
        part = c[spec[0]] + (c[spec[1]] if spec[1] else 0)
        whole = c["received_online"] + c["received_counter"] + c["received_postal"] if spec[2] == "in" else c[spec[2]]
        points.append((month, indicators._pct(part, whole)))
    return points


def sparkline(points: list[tuple[int, Decimal | None]], target: Decimal | None, width: int = 180, height: int = 40) -> str:
    """An inline SVG polyline over 12 months (0-100%), with the target as a dashed line."""
    coords = [(4 + (m - 1) * (width - 8) / 11, height - 4 - float(v) * (height - 8) / 100) for m, v in points if v is not None]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    target_line = ""
    if target is not None:
        y = height - 4 - float(target) * (height - 8) / 100
        target_line = f'<line x1="0" x2="{width}" y1="{y:.1f}" y2="{y:.1f}" stroke="#a50e0e" stroke-dasharray="3 3"/>'
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2"/>' for x, y in coords)
    return (
        f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="Xu hướng theo tháng">'
        f'<rect width="{width}" height="{height}" fill="#f8f9fa"/>{target_line}<polyline fill="none" stroke="#0d6efd" stroke-width="2" '
        f'points="{line}"/>{dots}</svg>'
    )


@dataclass
class TargetLine:
    formula: str
    label: str | Promise
    value: Decimal | None
    target: Decimal | None
    basis: tuple[int, int]
    trend: str
    points: list[tuple[int, Decimal | None]] = field(default_factory=list)  # month by month (``monthly``)

    @property
    def met(self) -> bool | None:
        if self.value is None or self.target is None:
            return None
        return self.value >= self.target


def target_lines(agency: Agency, year: int, values: indicators.Values) -> list[TargetLine]:
    targets = {t.formula: t.value for t in Target.objects.filter(agency=agency, year=year)}
    formulas = list(dict.fromkeys([*DEFAULT_TARGETS, *targets]))
    counts = monthly_counts(agency, year)
    return [
        TargetLine(
            f,
            Formula(f).label,
            values.values.get(f),
            targets.get(f),
            values.basis.get(f, (0, 0)),
            sparkline(monthly(counts, f), targets.get(f)) if f in TRENDS else "",
            monthly(counts, f),
        )
        for f in formulas
    ]


UNIT_FORMULAS = tuple(f.value for f in (Formula.ON_TIME_RATE, Formula.ONLINE_SHARE, Formula.POSTAL_SHARE, Formula.POSTAL_RETURN_SHARE))


def units(
    agency: Agency, period: Period, sums: dict[int, dict[str, int]] | None = None, order: str = "name"
) -> list[tuple[Agency, indicators.LazyValues]]:
    """The agency's direct sub-units with their on-time, online, postal and postal-return
    shares (drill down by clicking): one grouped read of the report cells for the whole
    subtree (``receiving_sums``, or ``sums`` already read), summed per sub-unit. In the tree's
    order, or (``order="rate"``) the lowest on-time rate first and the units without one last."""
    children = list(Agency.objects.filter(parent=agency, is_active=True).order_by("path").only("code", "name", "short_name", "path"))
    if not children:
        return []
    depth = agency.path.count("/")  # a child's path is its parent's and one more "id/"
    by_path = {child.path: child.pk for child in children}
    unit_of = {  # each agency of the subtree to the child it is under, in one pass
        pk: by_path.get("/".join(path.split("/")[: depth + 1]) + "/") for pk, path in subtree(agency).values_list("pk", "path")
    }
    per_unit: dict[int, dict[str, int]] = {child.pk: {} for child in children}
    for pk, counts in (receiving_sums(agency, period) if sums is None else sums).items():
        if (unit := unit_of.get(pk)) is not None:
            total = per_unit[unit]
            for column, n in counts.items():
                total[column] = total.get(column, 0) + n
    out = []
    for child in children:
        total = {c: per_unit[child.pk].get(c, 0) for c in (*settlement.COLUMNS, "returned", "returned_postal")}
        received_in = total["received_online"] + total["received_counter"] + total["received_postal"]
        basis = {
            UNIT_FORMULAS[0]: (total["resolved_early"] + total["resolved_on_time"], total["resolved_total"]),
            UNIT_FORMULAS[1]: (total["received_online"], received_in),
            UNIT_FORMULAS[2]: (total["received_postal"], received_in),
            UNIT_FORMULAS[3]: (total["returned_postal"], total["returned"]),
        }
        out.append((child, indicators.LazyValues(basis)))
    if order == "rate":
        out.sort(key=lambda row: (row[1].values.get(Formula.ON_TIME_RATE) is None, row[1].values.get(Formula.ON_TIME_RATE) or 0))
    return out


def open_lists(agency: Agency, limit: int = 50, now: dt.datetime | None = None) -> tuple[list[Dossier], list[Dossier]]:
    """The unit's nearly-due and overdue dossiers, by the one rule of ``dossiers.clock``."""
    now = now or timezone.now()
    time_class = clock.open_filters(now, clock.nearly_due_before(now))
    base = Dossier.objects.filter(held_under(agency.path), state__in=clock.OPEN_STATES).select_related(
        "procedure", "current_agency", "current_assignee"
    )
    overdue = list(base.filter(time_class[clock.OpenClass.OVERDUE]).order_by("due_at")[:limit])
    nearly = list(base.filter(time_class[clock.OpenClass.NEARLY_DUE]).order_by("due_at")[:limit])
    return nearly, overdue


def at_risk_list(agency: Agency, limit: int = 50, now: dt.datetime | None = None) -> list[Dossier]:
    """The unit's dossiers at risk of being late (``dossiers.clock.at_risk_filter``), the
    soonest due first, each with the step that does not fit (``risk_step``)."""
    now = now or timezone.now()
    return list(
        Dossier.objects.filter(held_under(agency.path), clock.at_risk_filter(now))
        .select_related("procedure", "current_agency", "current_assignee")
        .order_by("due_at")[:limit]
    )


def overruns(agency: Agency, period: Period, limit: int = 30) -> QuerySet[DossierStep]:
    """Steps of late or overdue dossiers that used more working time than their quota: the
    step, the agency and the officer that consumed the delay, and by how much."""
    overdue = clock.open_filters(timezone.now())[clock.OpenClass.OVERDUE]
    late = Dossier.objects.filter(receiving_agency__path__startswith=agency.path, received_at__lt=period.closes).filter(
        resolved_at__gte=period.opens, resolved_at__gt=F("due_at")
    ) | Dossier.objects.filter(overdue, receiving_agency__path__startswith=agency.path, state__in=clock.OPEN_STATES)
    return (
        DossierStep.objects.filter(dossier__in=late.values("pk"), quota_minutes__isnull=False, used_minutes__gt=F("quota_minutes"))
        .annotate(overrun=F("used_minutes") - F("quota_minutes"))
        .select_related("dossier", "agency", "assignee")
        .order_by("-overrun")[:limit]
    )
