"""Dates and durations the way Vietnamese forms write them."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import pgettext

register = template.Library()


def _local(value):
    if isinstance(value, dt.datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    return value


@register.filter
def vn_moment(value) -> str:
    """'09 giờ 05 phút, ngày 12 tháng 03 năm 2026'."""
    value = _local(value)
    if not isinstance(value, dt.datetime):
        return ""
    return f"{value:%H} giờ {value:%M} phút, ngày {value:%d} tháng {value:%m} năm {value:%Y}"


@register.filter
def vn_date_long(value) -> str:
    """'ngày 12 tháng 03 năm 2026'."""
    value = _local(value)
    if not isinstance(value, dt.date):
        return ""
    return f"ngày {value:%d} tháng {value:%m} năm {value:%Y}"


@register.filter
def vn_short(value) -> str:
    """'09:05 12/03/2026'."""
    value = _local(value)
    if isinstance(value, dt.datetime):
        return f"{value:%H:%M %d/%m/%Y}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return ""


@register.filter
def work_minutes(value) -> str:
    """Working minutes as '2 giờ 30 phút' (a working day is shown in hours, as quotas are)."""
    try:
        minutes = int(round(float(value)))
    except (TypeError, ValueError):
        return ""
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    h, m = pgettext("duration", "giờ"), pgettext("duration", "phút")
    if hours and rest:
        return f"{sign}{hours} {h} {rest} {m}"
    if hours:
        return f"{sign}{hours} {h}"
    return f"{sign}{rest} {m}"
