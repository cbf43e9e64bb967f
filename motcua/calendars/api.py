"""Public calendar endpoints: the portal shows expected dates with them."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema
from pydantic import Field

from motcua.core.api_errors import ApiError
from motcua.core.schemas import BodyFloat, IsoDateTime
from motcua.organisations.models import Agency

from .engine import TZ, Duration, EngineError, Pause
from .selectors import days_between, engine_for

router = Router(tags=["calendar"], auth=None)
MAX_RANGE_DAYS = 731


class DayOut(Schema):
    date: dt.date
    working: bool
    reason: str
    confirmed: bool


class DaysOut(Schema):
    days: list[DayOut]


class DurationIn(Schema):
    value: BodyFloat = Field(..., description="Amount; working days may have halves (0.5).")
    unit: str = Field(..., description="working_days | working_hours | calendar_days | months | same_day")


class PauseIn(Schema):
    start: IsoDateTime
    end: IsoDateTime


class DueIn(Schema):
    received_at: IsoDateTime = Field(..., description="ISO 8601; a time without offset is taken as Asia/Ho_Chi_Minh.")
    duration: DurationIn
    agency: str | None = Field(None, description="Agency electronic code; its calendar and office hours apply.")
    same_day_cutoff: str | None = Field(None, description="HH:MM, only with unit same_day (default 15:00).")
    pauses: list[PauseIn] = Field(default_factory=list, max_length=100)


class DueStepOut(Schema):
    date: dt.date
    counted: bool
    reason: str
    kind: str
    at: dt.datetime | None = None
    minutes: int | None = None


class DueOut(Schema):
    received_at: dt.datetime
    effective_start: dt.datetime
    due_at: dt.datetime
    paused_minutes: int
    explanation: list[DueStepOut]


def _agency(code: str | None) -> Agency | None:
    if not code:
        return None
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise ApiError(422, f"Không tìm thấy cơ quan có mã {code}.", f"No agency with code {code}.", {"agency": code})
    return agency


def _aware(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=TZ) if value.tzinfo is None else value


@router.get("/days", response={200: DaysOut}, summary="Working and non-working days in a date range, with reasons")
def days(request, start: dt.date, end: dt.date, agency: str | None = None):
    if end < start:
        raise ApiError(422, "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.", "end must be on or after start.")
    if (end - start).days > MAX_RANGE_DAYS:
        raise ApiError(422, "Khoảng ngày tối đa là 2 năm.", "The range may span at most two years.")
    try:
        rows = days_between(start, end, _agency(agency))
    except EngineError as exc:
        raise ApiError(422, exc.message_vi, exc.message_en) from exc
    return {"days": [DayOut(date=r.date, working=r.working, reason=r.reason, confirmed=r.confirmed) for r in rows]}


@router.post("/due", response={200: DueOut}, summary="Compute a due time with its explanation")
def due(request, payload: DueIn):
    cutoff = None
    if payload.same_day_cutoff is not None:
        try:
            cutoff = dt.time.fromisoformat(payload.same_day_cutoff)
        except ValueError:
            raise ApiError(422, "Giờ chốt phải có dạng HH:MM.", "same_day_cutoff must be HH:MM.") from None
    try:
        duration = Duration(payload.duration.value, payload.duration.unit, cutoff)  # type: ignore[arg-type]
        pauses = [Pause(_aware(p.start), _aware(p.end)) for p in payload.pauses]
        result = engine_for(_agency(payload.agency)).compute_due(_aware(payload.received_at), duration, pauses)
    except EngineError as exc:
        raise ApiError(422, exc.message_vi, exc.message_en) from exc
    return DueOut(
        received_at=result.received_at.astimezone(TZ),
        effective_start=result.effective_start,
        due_at=result.due_at,
        paused_minutes=result.paused_minutes,
        explanation=[
            DueStepOut(date=s.date, counted=s.counted, reason=s.reason, kind=s.kind, at=s.at, minutes=s.minutes) for s in result.explanation
        ],
    )
