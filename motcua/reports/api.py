"""Report endpoints (staff; scoped to the caller's agencies)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import Query as Q
from ninja import Router, Schema
from pydantic import Field as PField

from motcua.accounts.api_auth import STAFF_AUTH
from motcua.accounts.selectors import scoped_agencies
from motcua.core.api_errors import ApiError
from motcua.core.replica import replica_reads

from . import dashboard as board
from . import selectors
from .periods import Period, PeriodError

router = Router(tags=["reports"], auth=STAFF_AUTH)


class SettlementParams(Schema):
    start: dt.date = PField(..., description="First day of the period (inclusive).")
    end: dt.date = PField(..., description="Last day of the period (inclusive).")
    group_by: str = PField(
        "agency", max_length=10, description="agency (receiving agency) | competent | current (holding now) | field | procedure."
    )
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
    on_time_rate: float | None = PField(
        None, description="(early + on time) / resolved as a fraction between 0 and 1 (0.9881 is 98.81%); null when nothing was resolved."
    )


class SettlementRow(SettlementCounts):
    key: str
    name: str


class SettlementOut(Schema):
    start: dt.date
    end: dt.date
    as_of: dt.datetime = PField(
        ...,
        description="The moment open dossiers are classified at: the period's end, or the request's moment for a period that has not "
        "ended.",
    )
    group_by: str
    rows: list[SettlementRow]
    totals: SettlementCounts


@router.get("/reports/settlement", response=SettlementOut, summary="The settlement report (form II.06a) for a period; end inclusive")
def settlement(request, params: Q[SettlementParams]):
    with replica_reads():  # the report may be read from a streaming replica (core/replica.py)
        return _settlement(request, params)


def _settlement(request, params):
    try:
        period = Period(params.start, params.end)
        rows, total = selectors.settlement_report(request.auth, selectors.Query(period, params.group_by, params.agency, params.rollup))
    except (PeriodError, selectors.ReportError) as exc:
        raise ApiError(getattr(exc, "status", 422), exc.message_vi, exc.message_en) from None
    totals = total.as_dict()
    totals.pop("key"), totals.pop("name")
    return {
        "start": period.start,
        "end": period.end,
        "as_of": period.as_of(timezone.now()),
        "group_by": params.group_by,
        "rows": [r.as_dict() for r in rows],
        "totals": totals,
    }


class ServiceIndexParams(Schema):
    agency: str = PField(..., max_length=20, description="Electronic code of an agency in your scope; its sub-agencies count with it.")
    year: int | None = PField(None, ge=2000, le=2100, description="The year to date (the default: this year). Or give start and end.")
    start: dt.date | None = PField(None, description="First day of a period (inclusive), with end.")
    end: dt.date | None = PField(None, description="Last day of a period (inclusive), with start.")


class IndicatorOut(Schema):
    code: str
    group: int
    group_name: str
    name: str
    formula: str
    value: float | None = PField(..., description="Percent; null when its whole is 0.")
    part: int
    whole: int
    max_points: float
    threshold: float = PField(..., description="Percent at or above which the indicator earns its maximum; below it, points in proportion.")
    points: float


class GroupOut(Schema):
    group: int
    name: str
    points: float
    max_points: float


class ServiceIndexOut(Schema):
    agency: str
    agency_name: str
    start: dt.date
    end: dt.date
    as_of: dt.datetime
    total: float
    max_points: float
    groups: list[GroupOut]
    indicators: list[IndicatorOut]


@router.get(
    "/reports/service-index",
    response=ServiceIndexOut,
    summary="The real-time service index (Decision 766) of an agency for a year or a period",
)
def service_index(request, params: Q[ServiceIndexParams]):
    with replica_reads():
        return _service_index(request, params)


def _service_index(request, params):
    agency = scoped_agencies(request.auth).filter(code=params.agency, is_active=True).first()
    if agency is None:
        raise ApiError(404, "Không có cơ quan này trong phạm vi của bạn.", "No such agency in your scope.")
    try:
        if params.start is not None or params.end is not None:
            if params.start is None or params.end is None or params.year is not None:
                raise PeriodError("Cần cả ngày bắt đầu và ngày kết thúc (không kèm năm).", "Give start and end together, without year.")
            period = Period(params.start, params.end)
        else:
            period = board.year_to_date(params.year or timezone.localdate().year)
    except PeriodError as exc:
        raise ApiError(422, exc.message_vi, exc.message_en) from None
    index = board.service_index(agency, period)
    groups: dict[int, dict] = {}
    for line in index.lines:
        group = groups.setdefault(
            line.indicator.group, {"group": line.indicator.group, "name": line.indicator.group_name, "points": 0.0, "max_points": 0.0}
        )
        group["points"] = float(index.groups[line.indicator.group])
        group["max_points"] += float(line.indicator.max_points)
    return {
        "agency": agency.code,
        "agency_name": agency.name,
        "start": period.start,
        "end": period.end,
        "as_of": period.as_of(timezone.now()),
        "total": float(index.total),
        "max_points": float(index.maximum),
        "groups": list(groups.values()),
        "indicators": [
            {
                "code": line.indicator.code,
                "group": line.indicator.group,
                "group_name": line.indicator.group_name,
                "name": line.indicator.name,
                "formula": line.indicator.formula,
                "value": float(line.value) if line.value is not None else None,
                "part": line.basis[0],
                "whole": line.basis[1],
                "max_points": float(line.indicator.max_points),
                "threshold": float(line.indicator.threshold),
                "points": float(line.points),
            }
            for line in index.lines
        ],
    }
