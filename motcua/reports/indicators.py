"""Indicator values (percent) for a set of receiving agencies and a period, and the points of
the real-time service index (Decision 766): full points at or above an indicator's threshold,
``rate × max / threshold`` below it. Formulas are chosen by code; weights and thresholds are
data (``IndexIndicator``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.db.models import QuerySet

from motcua.catalog import selectors as catalog_selectors
from motcua.catalog.choices import ONLINE_SUBMISSION_LEVELS
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import Dossier

from . import settlement
from .facts import read as facts
from .models import Formula, IndexIndicator
from .periods import Period

TWO = Decimal("0.01")
# The national portal's outbox target (``integrations.choices.Target.NATIONAL_PORTAL``); reports
# read the outbox through the dossier's relation, never by importing the sibling app.
PORTAL = "portal"


def _pct(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(TWO, ROUND_HALF_UP)


@dataclass
class Values:
    """Every formula's value (percent or None when its denominator is empty) with the counts
    behind it, so a figure can be explained."""

    values: dict[str, Decimal | None]
    basis: dict[str, tuple[int, int]]


def compute(dossiers: QuerySet[Dossier], agencies, period: Period, per_agency: dict[int, dict[str, int]] | None = None) -> Values:
    """Every formula's value for the dossiers received by ``agencies`` (``dossiers`` is the
    same set, for the counts that the report cells do not keep); ``per_agency``: their sums
    by receiving agency for ``period`` when the caller has read them already."""
    if per_agency is None:
        per_agency = facts.sums(facts.Scope("receiving", agencies), period, "receiving")
    c: dict[str, int] = {}
    for counts in per_agency.values():
        for name, n in counts.items():
            c[name] = c.get(name, 0) + n
    c = {name: c.get(name, 0) for name in (*settlement.COLUMNS, *facts.INDEX_COUNTS)}
    extra = {
        "strict_on_time": c["strict_on_time"],
        "returned": c["returned"],
        "returned_postal": c["returned_postal"],
        "negative": c["resolved_negative"],
    }
    received_in = c["received_online"] + c["received_counter"] + c["received_postal"]
    digital = {name: c[name] for name in facts.DIGITAL}
    resolved_in = c["results"]
    published = catalog_selectors.publicity(agencies.values_list("pk", flat=True), period.opens, period.closes)
    versions = ProcedureVersion.objects.filter(state="published", receiving_agencies__in=agencies).distinct()
    procedures = versions.values("procedure_id").distinct().count()
    online_procedures = set(versions.filter(online_level__in=ONLINE_SUBMISSION_LEVELS).values_list("procedure_id", flat=True))
    used = set(
        dossiers.filter(channel="online", received_at__gte=period.opens, received_at__lt=period.closes, procedure_id__in=online_procedures)
        .values_list("procedure_id", flat=True)
        .distinct()
    )
    finished_or_open = c["resolved_total"] + c["in_progress_total"]
    late = c["resolved_late"]
    basis = {
        Formula.ON_TIME_766: (extra["strict_on_time"], finished_or_open),
        Formula.ON_TIME_RATE: (c["resolved_early"] + c["resolved_on_time"], c["resolved_total"]),
        Formula.ONLINE_SHARE: (c["received_online"], received_in),
        Formula.POSTAL_SHARE: (c["received_postal"], received_in),
        Formula.POSTAL_RETURN_SHARE: (extra["returned_postal"], extra["returned"]),
        Formula.PROCEDURES_ONLINE: (len(online_procedures), procedures),
        Formula.PROCEDURES_ONLINE_USED: (len(used), len(online_procedures)),
        Formula.PUBLISHED_ON_TIME: (published.on_time, published.total),
        Formula.PUBLISHED_COMPLETE: (published.complete, published.total),
        Formula.SYNCED_NATIONAL: (digital["synced"], received_in),
        Formula.DIGITISED: (digital["digitised"], received_in),
        Formula.ELECTRONIC_RESULTS: (digital["electronic_results"], resolved_in),
        Formula.REUSED: (digital["reused"], received_in),
        Formula.FROM_STORE: (digital["files_from_store"], digital["component_files"]),
        Formula.VNEID: (digital["vneid"], c["received_online"]),
        Formula.SATISFACTION: (max(c["resolved_total"] - late - extra["negative"], 0), c["resolved_total"]),
    }
    return values_of(basis)


def points(value: Decimal | None, indicator: IndexIndicator) -> Decimal:
    if value is None:
        return Decimal(0)
    if indicator.threshold <= 0 or value >= indicator.threshold:
        return indicator.max_points
    return (value * indicator.max_points / indicator.threshold).quantize(TWO, ROUND_HALF_UP)


@dataclass
class IndexLine:
    indicator: IndexIndicator
    value: Decimal | None
    basis: tuple[int, int]
    points: Decimal


def service_index(values: Values) -> tuple[list[IndexLine], dict[int, Decimal], Decimal, Decimal]:
    """The index's lines, points per group, the total and the maximum of the active indicators."""
    lines = [
        IndexLine(i, values.values.get(i.formula), values.basis.get(i.formula, (0, 0)), points(values.values.get(i.formula), i))
        for i in IndexIndicator.objects.filter(is_active=True)
    ]
    groups: dict[int, Decimal] = {}
    for line in lines:
        groups[line.indicator.group] = groups.get(line.indicator.group, Decimal(0)) + line.points
    return lines, groups, sum((x.points for x in lines), Decimal(0)), sum((x.indicator.max_points for x in lines), Decimal(0))


def values_of(basis: dict) -> Values:
    """Each formula's percentage from its (numerator, denominator)."""
    return Values({str(k): _pct(*v) for k, v in basis.items()}, {str(k): v for k, v in basis.items()})


class LazyValues:
    """``values_of``, its percentages worked out when first read: a province's dashboard holds
    hundreds of sub-units and shows 25 at a time."""

    def __init__(self, basis: dict[str, tuple[int, int]]):
        self.basis = basis  # keyed by plain strings (``str()`` of a formula costs more than its sum)

    @cached_property
    def values(self) -> dict[str, Decimal | None]:
        return {k: _pct(*v) for k, v in self.basis.items()}
