"""Reminders of a round's deadline to the units that have not submitted."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from motcua.accounts.choices import Role
from motcua.notifications import selectors as notification_selectors
from motcua.notifications import services as notifications

from ..models import Assessment, RemediationTask


# --------------------------------------------------------------------------- reminders
def _unit_people(agency):
    return (
        get_user_model()
        .objects.filter(
            is_active=True, memberships__agency=agency, memberships__is_active=True, memberships__role__in=(Role.LEADER, Role.REFORM)
        )
        .distinct()
    )


def send_reminders(today: dt.date | None = None) -> int:
    """Remind each unit that has not sent its self-assessment, the days before the deadline the
    round names and every day once it is past; and each unit of a remediation task due in 7, 3
    or 1 days, or overdue (each Monday). One message per person, thing and day."""

    def remind(key: str, user, template_key: str, context: dict) -> int:
        if notification_selectors.queued(key + ":", prefix=True):
            return 0  # already reminded today
        with transaction.atomic():
            return int(
                bool(
                    notifications.queue_both(
                        key=key, email=user.email, phone=user.phone, template_key=template_key, user=user, context=context
                    )
                )
            )

    today = today or timezone.localdate()
    queued = 0
    drafts = Assessment.objects.filter(state=Assessment.State.DRAFT, round__published_at=None).select_related("round__framework", "agency")
    for a in drafts:
        days = (a.round.deadline - today).days
        if days not in (a.round.reminder_days or []) and days >= 0:
            continue
        for user in _unit_people(a.agency):
            queued += remind(
                f"reform-remind:{a.pk}:{user.pk}:{today:%Y%m%d}",
                user,
                "reform.reminder",
                {
                    "name": user.get_full_name(),
                    "unit": a.agency.name,
                    "framework": a.round.framework.name,
                    "deadline": f"{a.round.deadline:%d/%m/%Y}",
                    "days": days,
                    "url": notifications.public_url(f"/reform/assessments/{a.pk}/"),
                },
            )
    tasks = RemediationTask.objects.exclude(state=RemediationTask.State.CLOSED).select_related("agency", "finding")
    for t in tasks:
        days = (t.due_on - today).days
        if days not in (7, 3, 1) and not (days < 0 and today.weekday() == 0):
            continue
        for user in _unit_people(t.agency):
            queued += remind(
                f"reform-task:{t.pk}:{user.pk}:{today:%Y%m%d}",
                user,
                "reform.remediation",
                {
                    "name": user.get_full_name(),
                    "unit": t.agency.name,
                    "action": t.action,
                    "due": f"{t.due_on:%d/%m/%Y}",
                    "days": days,
                    "url": notifications.public_url("/reform/remediation/"),
                },
            )
    return queued
