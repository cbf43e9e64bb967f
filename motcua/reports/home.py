"""The leader's section of the home page (``core.home``): the unit's figures of the day, the
dossiers open past or near their due time (by ``dossiers.clock``), and the year's targets."""

from __future__ import annotations

from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone

from motcua.accounts.choices import Role
from motcua.accounts.selectors import has_role, scoped_agencies
from motcua.dossiers import clock
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import held_under

from . import dashboard
from .facts import read as facts
from .models import Target
from .periods import Period

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
    # The day's figures from the report cells, by the report's rules (a result late when ready
    # after its due time), so the home page and the reports never disagree.
    sums = facts.sums(dashboard.scope_of(agency), Period(today, today), "receiving", now).values()
    day = {
        "received": sum(s["received_total"] - s["carried_over"] for s in sums),
        "resolved": sum(s["results"] for s in sums),
        "resolved_late": sum(s["resolved_late"] for s in sums),
    }
    threshold = clock.nearly_due_before(now)
    time_class = clock.open_filters(now, threshold)
    # Overdue and nearly-due dossiers are all due before the threshold (one paused after its due
    # time was due before the pause): only that range of the open dossiers' index is read.
    held = Dossier.objects.filter(held_under(agency.path), state__in=clock.OPEN_STATES, due_at__lt=threshold)
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
