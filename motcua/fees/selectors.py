"""Reads of fees and receipts, always scoped: a receipt is seen by the staff of its collecting
unit (and the units above it) and by the dossier's own pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from motcua.accounts.choices import Role
from motcua.accounts.selectors import scoped_agencies
from motcua.dossiers.models import Dossier
from motcua.organisations.models import Agency

from . import calculator
from .choices import Method
from .models import Receipt

# Who reads the collections: the desk, unit leaders, report viewers and administrators.
COLLECTION_ROLES = (Role.RECEPTION, Role.LEADER, Role.REPORT_VIEWER, Role.ADMIN)


def rules_of(d: Dossier) -> list[calculator.FeeRule]:
    """The dossier's fee rules, from the procedure version it was received under."""
    return [calculator.FeeRule.of(fee) for fee in d.procedure_version.fees.all()]


def collected_names(d: Dossier) -> set[str]:
    return {line["name"] for lines in d.receipts.values_list("lines", flat=True) for line in lines}


@dataclass
class FeeSummary:
    """What the dossier owes by the catalogue (one unit of each fee) and what was collected."""

    due: list[calculator.Line] = field(default_factory=list)  # not collected yet
    receipts: list[Receipt] = field(default_factory=list)

    @property
    def due_total(self) -> int:
        return calculator.total(self.due)

    @property
    def collected_total(self) -> int:
        return sum(r.total for r in self.receipts)


def summary(d: Dossier) -> FeeSummary:
    taken = collected_names(d)
    due = [calculator.line(rule, online=d.channel == "online") for rule in rules_of(d) if rule.name not in taken]
    return FeeSummary([x for x in due if x.due > 0], list(d.receipts.select_related("book", "collected_by").order_by("collected_at", "id")))


def receipt_for(user, pk: int) -> Receipt | None:
    return receipts_visible(user).select_related("book", "agency", "dossier", "collected_by").filter(pk=pk).first()


def receipts_visible(user) -> QuerySet[Receipt]:
    return Receipt.objects.filter(agency__in=scoped_agencies(user))


@dataclass(frozen=True)
class CollectionRow:
    agency: Agency
    receipts: int
    total: int
    by_method: dict[str, int]
    reduced_lines: int


def collections(user, start: dt.date, end: dt.date) -> tuple[list[CollectionRow], CollectionRow | None]:
    """Receipts issued from ``start`` to ``end`` (inclusive, local days) by each unit in the
    user's scope: how many, how much, by method, and how many lines were exempted or reduced."""
    tz = timezone.get_current_timezone()
    opens = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    closes = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    qs = Receipt.objects.filter(agency__in=scoped_agencies(user, COLLECTION_ROLES), collected_at__gte=opens, collected_at__lt=closes)
    sums = {f"m_{m}": Sum("total", filter=Q(method=m), default=0) for m in Method.values}
    rows_by_agency: dict[int, Any] = {
        row["agency"]: row for row in qs.values("agency").annotate(n=Count("pk"), amount=Sum("total"), **sums)
    }
    reduced: dict[int, int] = {}
    for agency_id, lines in qs.values_list("agency", "lines"):
        reduced[agency_id] = reduced.get(agency_id, 0) + sum(1 for x in lines if x.get("amount", 0) < x.get("due", 0))
    agencies = Agency.objects.in_bulk(list(rows_by_agency))
    rows = [
        CollectionRow(agencies[a], r["n"], r["amount"], {m: r[f"m_{m}"] for m in Method.values}, reduced.get(a, 0))
        for a, r in sorted(rows_by_agency.items(), key=lambda item: agencies[item[0]].path)
    ]
    if not rows:
        return [], None
    total = CollectionRow(
        Agency(name="Tổng cộng"),
        sum(r.receipts for r in rows),
        sum(r.total for r in rows),
        {m: sum(r.by_method[m] for r in rows) for m in Method.values},
        sum(r.reduced_lines for r in rows),
    )
    return rows, total
