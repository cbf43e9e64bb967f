"""Field types of the API's inputs, shared by every router.

Pydantic's lax mode reads a number as a Unix timestamp for a date or a time (``due_before=0.5``
was 1970-01-01); these accept only ISO 8601 text (or a value already of the type), and a time
without an offset is taken in the local zone (Asia/Ho_Chi_Minh), never left naive. Numbers in
a JSON body are numbers: ``false`` is not 0 and ``"3"`` is not 3 (query strings, which are
text by nature, keep the plain types)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from django.utils import timezone
from pydantic import AfterValidator, BeforeValidator, Strict

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$")


def _iso(pattern: re.Pattern[str], kind: type, label: str):
    def check(value: Any) -> Any:
        if isinstance(value, kind):
            return value
        if isinstance(value, str) and pattern.match(value.strip()):
            return value.strip()
        raise ValueError(f"{label} must be ISO 8601 text, e.g. {'2026-11-30' if kind is dt.date else '2026-11-30T08:00:00+07:00'}")

    return check


def _aware(value: dt.datetime) -> dt.datetime:
    return timezone.make_aware(value) if timezone.is_naive(value) else value


IsoDateTime = Annotated[dt.datetime, BeforeValidator(_iso(_ISO_DATETIME, dt.datetime, "a date-time")), AfterValidator(_aware)]
IsoDate = Annotated[dt.date, BeforeValidator(_iso(_ISO_DATE, dt.date, "a date"))]
BodyInt = Annotated[int, Strict()]
BodyFloat = Annotated[float, Strict()]
