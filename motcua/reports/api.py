"""Report endpoints (staff; scoped to the caller's agencies)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import Query as Q
from ninja import Router, Schema
from pydantic import Field as PField

from motcua.api.auth import STAFF_AUTH
from motcua.api.errors import ApiError

from . import selectors
from .periods import Period, PeriodError

router = Router(tags=["reports"], auth=STAFF_AUTH)


class SettlementParams(Schema):
    start: dt.date = PField(..., description="First day of the period (inclusive).")
    end: dt.date = PField(..., description="Last day of the period (inclusive).")
    group_by: str = PField("agency", max_length=10, description="agency (receiving agency) | competent | current (holding now) | field | procedure.")
    agency: str = PField("", max_length=20, description="Only this agency and its sub-agencies.")
    rollup: bool = PField(False, description="Count historical agencies in their successors.")


class SettlementCounts(Schema):
    received_total: int
    received_online: int
    received_counter: int
    received_postal: int
    carried_over: int
    resolved_total: int
    resolved_early: int
    resolved_on_time: int
    resolved_late: int
    in_progress_total: int
    in_progress_not_due: int
    in_progress_overdue: int
    withdrawn: int
    stopped: int
    refused: int
    paused: int
    on_time_rate: float | None = PField(None, description="(early + on time) / resolved as a fraction between 0 and 1 (0.9881 is 98.81%); null when nothing was resolved.")


class SettlementRow(SettlementCounts):
    key: str
    name: str


class SettlementOut(Schema):
    start: dt.date
    end: dt.date
    as_of: dt.datetime = PField(..., description="The moment open dossiers are classified at: the period's end, or the request's moment for a period that has not ended.")
    group_by: str
    rows: list[SettlementRow]
    totals: SettlementCounts


@router.get("/reports/settlement", response=SettlementOut, summary="The settlement report (form II.06a) for a period; end inclusive")
def settlement(request, params: Q[SettlementParams]):
    try:
        period = Period(params.start, params.end)
        rows, total = selectors.settlement_report(request.auth, selectors.Query(period, params.group_by, params.agency, params.rollup))
    except (PeriodError, selectors.ReportError) as exc:
        raise ApiError(getattr(exc, "status", 422), exc.message_vi, exc.message_en) from None
    totals = total.as_dict()
    totals.pop("key"), totals.pop("name")
    return {"start": period.start, "end": period.end, "as_of": period.as_of(timezone.now()), "group_by": params.group_by, "rows": [r.as_dict() for r in rows],
            "totals": totals}
