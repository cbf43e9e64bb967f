"""Writes of the reports domain: targets, and the scheduled sends (reports to leaders, daily
alerts to officers). A send is an outbox message whose key names the subscription or the
person and the period or day, so a job that runs again (after a restart, or twice) finds the
message already there and sends nothing twice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from motcua.accounts.choices import Role
from motcua.accounts.models import Membership
from motcua.accounts.selectors import in_scope
from motcua.calendars.selectors import engine_for
from motcua.core.choices import AuditCategory
from motcua.core.services import record_event
from motcua.dossiers import clock
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import assigned_to, held_under
from motcua.notifications import selectors as notification_selectors
from motcua.notifications import services as notifications

from . import excel
from .models import Formula, Subscription, Target
from .periods import Period, period_for
from .selectors import Query, ReportError, settlement_report

TARGET_ROLES = (Role.LEADER, Role.ADMIN)


@transaction.atomic
def set_target(*, actor, agency, year: int, formula: str, value) -> Target:
    if not in_scope(actor, agency, TARGET_ROLES):
        raise ReportError("Chỉ lãnh đạo đơn vị đặt mục tiêu cho đơn vị mình.", "Only the unit's leaders set its targets.", status=403)
    if formula not in Formula.values or not 2000 <= int(year) <= 2100:
        raise ReportError("Chỉ tiêu hoặc năm không hợp lệ.", "Unknown indicator or year.")
    try:
        value = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ReportError("Mục tiêu là một tỷ lệ phần trăm.", "A target is a percentage.") from None
    if not Decimal(0) <= value <= Decimal(100):
        raise ReportError("Mục tiêu từ 0 đến 100%.", "A target is 0-100%.")
    target, _ = Target.objects.update_or_create(agency=agency, year=year, formula=formula, defaults={"value": value, "set_by": actor})
    record_event(actor=actor, category=AuditCategory.SYSTEM, action="target.set", obj=target, agency=agency, summary=str(target))
    return target


# --------------------------------------------------------------------------- scheduled reports
def due_period(frequency: str, today: dt.date) -> Period | None:
    """The period a subscription sends today: the week just ended (on Mondays), the month or
    quarter just ended (on the day after its last day, with the cut-off convention)."""
    cutoff = settings.REPORT_PERIOD_CUTOFF_DAY
    yesterday = today - dt.timedelta(days=1)
    if frequency == Subscription.Frequency.WEEKLY:
        if today.isoweekday() != 1:
            return None
        year, week, _ = yesterday.isocalendar()
        return period_for("week", year=year, number=week)
    for year in (yesterday.year, yesterday.year + 1):
        numbers = range(1, 13) if frequency == Subscription.Frequency.MONTHLY else range(1, 5)
        for number in numbers:
            period = period_for(frequency, year=year, number=number, cutoff_day=cutoff)
            if period.end == yesterday:
                return period
    return None


def send_scheduled_reports(today: dt.date | None = None) -> int:
    """Queue today's reports (each with its Excel) for every active subscription."""
    today = today or timezone.localdate()
    queued = 0
    for sub in Subscription.objects.filter(is_active=True, user__is_active=True).select_related("user", "agency"):
        period = due_period(sub.frequency, today)
        if period is None or not sub.user.email:
            continue
        key = f"report:{sub.pk}:{period.start:%Y%m%d}-{period.end:%Y%m%d}"
        if notification_selectors.queued(f"{key}:email"):
            continue
        rows, total = settlement_report(sub.user, Query(period, sub.group_by, sub.agency.code))
        data = excel.settlement_workbook(
            rows, total, unit=sub.agency.name, period_label=period.label(), group_label="Đơn vị", layout=sub.layout
        )
        with transaction.atomic():
            message = notifications.queue(
                key=f"{key}:email",
                medium="email",
                recipient=sub.user.email,
                template_key="report.scheduled",
                user=sub.user,
                context={
                    "name": sub.user.get_full_name(),
                    "agency": sub.agency.name,
                    "period": period.label(),
                    "frequency": sub.get_frequency_display().lower(),
                    "received": total.counts["received_total"],
                    "resolved": total.counts["resolved_total"],
                    "rate": total.on_time_rate,
                    "in_progress": total.counts["in_progress_total"],
                    "overdue": total.counts["in_progress_overdue"],
                },
                attachment=(f"bao-cao-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx", data),
            )
        queued += message is not None
    return queued


# --------------------------------------------------------------------------- daily alerts
def send_daily_alerts(today: dt.date | None = None) -> int:
    """Each officer: their own nearly-due, overdue and at-risk dossiers (with the step that does
    not fit); each unit leader: those of their unit. One message per person per day."""
    today = today or timezone.localdate()
    if not engine_for(None).calendar.is_working(today):
        return 0  # no alerts on days off
    now = timezone.now()
    threshold = clock.nearly_due_before(now)
    time_class = clock.open_filters(now, threshold)
    at_risk = clock.at_risk_filter(now)
    open_ = Dossier.objects.filter(
        (time_class[clock.OpenClass.OVERDUE] | time_class[clock.OpenClass.NEARLY_DUE]) & Q(state__in=clock.OPEN_STATES) | at_risk
    ).select_related("procedure")
    User = get_user_model()
    queued = 0
    people = User.objects.filter(
        is_active=True, memberships__is_active=True, memberships__role__in=(Role.PROCESSING, Role.RECEPTION, Role.LEADER)
    ).distinct()
    for user in people:
        mine = list(open_.filter(assigned_to(user)).order_by("due_at")[:200])
        leader_paths = list(Membership.objects.filter(user=user, is_active=True, role=Role.LEADER).values_list("agency__path", flat=True))
        unit = []
        if leader_paths:
            q = Q()
            for path in leader_paths:
                q |= held_under(path)
            taken = {d.pk for d in mine}
            unit = [d for d in open_.filter(q).order_by("due_at")[:400] if d.pk not in taken][:200]
        dossiers = mine + unit
        if not dossiers or not (user.email or user.phone):
            continue
        overdue = [d for d in dossiers if clock.classify_open(d, now, threshold) == clock.OpenClass.OVERDUE]
        nearly = [d for d in dossiers if clock.classify_open(d, now, threshold) == clock.OpenClass.NEARLY_DUE]
        risky = [d for d in dossiers if clock.is_at_risk(d, now)]
        lines = [
            f"- {d.code}: {d.procedure.name[:60]} (hạn {timezone.localtime(d.due_at):%H:%M %d/%m})"
            + (f"; nguy cơ trễ hạn ở bước {d.risk_step[:60]}" if clock.is_at_risk(d, now) else "")
            for d in (overdue + nearly + [d for d in risky if d not in nearly])[:20]
        ]
        with transaction.atomic():
            sent = notifications.queue_both(
                key=f"alert:{user.pk}:{today:%Y%m%d}",
                email=user.email,
                phone=user.phone,
                template_key="alert.daily",
                user=user,
                context={
                    "name": user.get_full_name(),
                    "overdue": len(overdue),
                    "nearly": len(nearly),
                    "at_risk": len(risky),
                    "lines": "\n".join(lines),
                    "more": max(len(dossiers) - 20, 0),
                    "url": notifications.public_url("/work/overdue/"),
                },
            )
        queued += bool(sent)
    return queued
