"""The work queues (mine, my unit's, to receive, to return) with filters, flags and bulk actions."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.selectors import scoped_staff
from motcua.core.text import is_number

from .. import clock, machine, selectors, services
from ..errors import DossierError
from ..forms import QueueFilterForm
from .common import _staff


# --------------------------------------------------------------------------- queues
@login_required
def work(request, queue: str = ""):
    _staff(request)
    scope = selectors.work_scope(request.user)
    counts = selectors.queue_counts(request.user, scope)
    if not queue:
        queue = next((q for q in ("mine", "to_receive", "unit", "to_return") if counts[q]), "mine")
        return redirect("dossiers:queue", queue=queue)
    if queue not in selectors.QUEUES:
        raise Http404
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.queue(
        request.user, queue, q=filters.get("q", ""), channel=filters.get("channel", ""), sort=filters.get("sort") or "due", scope=scope
    )
    paginator = Paginator(qs, _page_size())
    if not (filters.get("q") or filters.get("channel")):
        paginator.count = counts[queue]  # already counted for the tabs: no second COUNT
    page = paginator.get_page(request.GET.get("page"))
    rows = [{"d": d, "flag": _flag(d, scope), "at_risk": clock.is_at_risk(d, scope.now)} for d in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    tabs = [{"name": n, "label": selectors.QUEUE_LABELS[n], "count": counts[n], "active": n == queue} for n in selectors.QUEUES]
    template = "dossiers/_queue_table.html" if request.htmx and request.htmx.target == "queue-table" else "dossiers/work.html"
    return render(
        request,
        template,
        {
            "queue": queue,
            "label": selectors.QUEUE_LABELS[queue],
            "tabs": tabs,
            "page": page,
            "rows": rows,
            "form": form,
            "query": query.urlencode(),
            "sort": filters.get("sort") or "due",
            "bulk": queue in ("mine", "unit", "at_risk", "nearly_due", "overdue"),
            "staff_choices": list(scoped_staff(request.user).only("pk", "full_name", "username")[:300]) if rows else [],
        },
    )


def _page_size() -> int:
    return settings.WORK_QUEUE_PAGE_SIZE


def _flag(d, scope) -> str:
    time_class = clock.classify_open(d, scope.now, scope.nearly_due_before)
    return str(time_class) if time_class in (clock.OpenClass.OVERDUE, clock.OpenClass.NEARLY_DUE) else ""


@login_required
@require_POST
def bulk(request):
    """Bulk assign / forward: first a preview listing conflicts, then all or nothing."""
    _staff(request)
    action = request.POST.get("action", "")
    items = []
    for raw in request.POST.getlist("item")[: services.BULK_LIMIT + 1]:
        pk, _sep, version = raw.partition(":")
        if is_number(pk) and is_number(version, 9):
            items.append((int(pk), int(version)))
    params = {}
    to_user = request.POST.get("to_user", "")
    if to_user:
        if not is_number(to_user):
            return render(request, "dossiers/_bulk.html", {"error": _("Cán bộ không hợp lệ.")}, status=422)
        params["to_user"] = int(to_user)
    confirm = request.POST.get("confirm") == "1"
    try:
        outcome = services.bulk_perform(items, action, actor=request.user, dry_run=not confirm, **params)
    except DossierError as exc:
        return render(request, "dossiers/_bulk.html", {"error": exc.message_vi}, status=exc.status)
    status = 409 if outcome.conflicts else 200
    by_pk = dict(items)
    return render(
        request,
        "dossiers/_bulk.html",
        {
            "outcome": outcome,
            "action": action,
            "action_label": machine.action_title(action),
            "to_user": to_user,
            "confirm": confirm,
            "ok_items": [f"{pk}:{by_pk[pk]}" for pk, _code in outcome.ok],
            "back": _safe_back(request),
        },
        status=status,
    )


def _safe_back(request) -> str:
    back = request.POST.get("back", "")
    return (
        back
        if back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
        else reverse("dossiers:work")
    )
