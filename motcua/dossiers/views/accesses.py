"""Accesses outside work: the dossiers the staff of a leader's units opened without work on them
(``docs/rules.md`` §10), for the leader to review."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from motcua.accounts.selectors import has_role
from motcua.core.text import as_number

from .. import selectors, services

PERIODS = (7, 30, 90)


def recent_outside_work(user) -> int | None:
    """The menu's badge: accesses outside work in the leader's units over the last 7 days."""
    if not has_role(user, *selectors.LEADING_ROLES):
        return None
    return selectors.accesses_outside_work(user, since=timezone.now() - dt.timedelta(days=7)).count() or None


@login_required
@require_GET
def accesses(request):
    if not has_role(request.user, *selectors.LEADING_ROLES):
        raise PermissionDenied
    days = as_number(request.GET.get("days", ""), 30)
    days = days if days in PERIODS else 30
    rows = selectors.accesses_outside_work(request.user, since=timezone.now() - dt.timedelta(days=days))
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    for row in page.object_list:
        row.reason_label = services.reason_label(row.reason)
    return render(request, "dossiers/accesses.html", {"page": page, "days": days, "periods": PERIODS})
