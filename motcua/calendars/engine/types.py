"""The deadline engine's vocabulary: durations in working days, hours or calendar days, pauses,
steps, results and errors (``docs/rules.md`` §5)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
WEEKDAY_NAMES_VI = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
DEFAULT_RANGE = (dt.date(1990, 1, 1), dt.date(2100, 12, 31))


class EngineError(ValueError):
    """Input the engine cannot compute with; the message is shown to the user (Vietnamese)."""

    def __init__(self, message_vi: str, message_en: str):
        super().__init__(message_vi)
        self.message_vi = message_vi
        self.message_en = message_en


class Unit(StrEnum):
    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    CALENDAR_DAYS = "calendar_days"
    MONTHS = "months"
    SAME_DAY = "same_day"


class Classification(StrEnum):
    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"
    NOT_DUE = "not_due"
    NEARLY_DUE = "nearly_due"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class DayException:
    working: bool
    reason: str
    confirmed: bool = True


@dataclass(frozen=True)
class Duration:
    value: float
    unit: Unit
    same_day_cutoff: dt.time | None = None

    def __post_init__(self) -> None:
        unit = self.unit
        if not isinstance(unit, Unit):
            try:
                object.__setattr__(self, "unit", Unit(unit))
            except ValueError:
                raise EngineError(
                    f"Đơn vị thời hạn không hợp lệ: {unit!r}.",
                    f"Unknown duration unit {unit!r}: use one of {', '.join(u.value for u in Unit)}.",
                ) from None
        unit = self.unit
        value = self.value
        if unit is Unit.SAME_DAY:
            if value not in (0, 1):
                raise EngineError("Thủ tục trong ngày chỉ nhận giá trị 0 hoặc 1.", "A same-day duration takes the value 0 or 1.")
        elif not (value > 0) or value > 10_000:
            raise EngineError("Thời hạn phải lớn hơn 0.", "The duration must be greater than 0.")
        if unit is Unit.WORKING_DAYS and abs(value * 2 - round(value * 2)) > 1e-9:
            raise EngineError("Số ngày làm việc chỉ được lẻ đến nửa ngày (0,5).", "Working days may only have halves (0.5).")
        if unit in (Unit.CALENDAR_DAYS, Unit.MONTHS) and abs(value - round(value)) > 1e-9:
            raise EngineError("Số ngày/tháng theo lịch phải là số nguyên.", "Calendar days and months must be whole numbers.")
        if unit is Unit.WORKING_HOURS and abs(value * 60 - round(value * 60)) > 1e-6:
            raise EngineError("Số giờ làm việc phải tròn đến phút.", "Working hours must be whole minutes.")
        if self.same_day_cutoff is not None and unit is not Unit.SAME_DAY:
            raise EngineError(
                "Giờ chốt trong ngày chỉ dùng với đơn vị 'same_day'.", "same_day_cutoff is only allowed with unit 'same_day'."
            )


@dataclass(frozen=True)
class Pause:
    start: dt.datetime
    end: dt.datetime
    reason: str = "Tạm dừng (chờ bổ sung hồ sơ)"

    def __post_init__(self) -> None:
        _require_aware(self.start, "pause start")
        _require_aware(self.end, "pause end")
        if self.end < self.start:
            raise EngineError("Thời điểm kết thúc tạm dừng trước thời điểm bắt đầu.", "A pause ends before it starts.")


@dataclass(frozen=True)
class Step:
    """One line of an explanation."""

    date: dt.date
    counted: bool
    reason: str
    kind: str = "day"  # start | day | pause | end
    at: dt.datetime | None = None
    minutes: int | None = None


@dataclass(frozen=True)
class DueResult:
    received_at: dt.datetime
    effective_start: dt.datetime
    due_at: dt.datetime
    paused_minutes: int = 0
    explanation: tuple[Step, ...] = field(default=())


def _require_aware(value: dt.datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise EngineError(f"Thời điểm {name} thiếu múi giờ.", f"The {name} time has no timezone.")
