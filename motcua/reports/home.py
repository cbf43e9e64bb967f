"""The leader's section of the home page (``core.home``): the unit's figures of the day, the
dossiers open past or near their due time (by ``dossiers.clock``), and the year's targets."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from motcua.accounts.choices import Role
from motcua.accounts.selectors import has_role, scoped_agencies
from motcua.dossiers import clock
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import held_under

from . import dashboard
from .models import Target

LEADER_ROLES = (Role.LEADER, Role.REPORT_VIEWER, Role.ADMIN)


def leader_section(request) -> str:
    user = request.user
    if not has_role(user, *LEADER_ROLES):
        return ""
    agency = scoped_agencies(user, LEADER_ROLES).filter(is_active=True).order_by("path").first()
    if agency is None:
        return ""
    now = timezone.now()
    today = timezone.localdate()
    opens = dt.datetime.combine(today, dt.time.min, tzinfo=timezone.get_current_timezone())
    ours = dashboard.dossiers_of(agency)
    day = ours.aggregate(
        received=Count("pk", filter=Q(received_at__gte=opens)),
        resolved=Count("pk", filter=Q(resolved_at__gte=opens)),
        resolved_late=Count("pk", filter=Q(resolved_at__gte=opens, resolved_at__gt=F("due_at"))),
    )
    time_class = clock.open_filters(now, clock.nearly_due_before(now))
    held = Dossier.objects.filter(held_under(agency.path), state__in=clock.OPEN_STATES)
    open_counts = held.aggregate(
        overdue=Count("pk", filter=time_class[clock.OpenClass.OVERDUE]), nearly=Count("pk", filter=time_class[clock.OpenClass.NEARLY_DUE])
    )
    _nearly, overdue = dashboard.open_lists(agency, limit=5, now=now)
    targets = Target.objects.filter(agency=agency, year=today.year).order_by("formula")
    return render_to_string(
        "reports/_home_leader.html",
        {"agency": agency, "day": day, "open": open_counts, "overdue": overdue, "targets": targets, "today": today},
        request=request,
    )
