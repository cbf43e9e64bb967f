"""The officer's section of the home page (``core.home``): every queue's size, and the first
dossiers of the most urgent queue that is not empty."""

from __future__ import annotations

from django.template.loader import render_to_string

from motcua.accounts.selectors import has_role

from . import clock, selectors
from .choices import OPERATIONAL_ROLES

URGENCY = ("overdue", "nearly_due", "mine", "to_receive", "unit", "to_return", "paused")
FIRST_ROWS = 5


def work_section(request) -> str:
    user = request.user
    if not has_role(user, *OPERATIONAL_ROLES):
        return ""
    scope = selectors.work_scope(user)
    counts = selectors.queue_counts(user, scope)
    urgent = next((name for name in URGENCY if counts[name]), None)
    rows = []
    if urgent is not None:
        for d in selectors.queue(user, urgent, scope=scope)[:FIRST_ROWS]:
            rows.append(
                {"d": d, "flag": str(clock.classify_open(d, scope.now, scope.nearly_due_before)) if d.state in clock.OPEN_STATES else ""}
            )
    queues = [{"name": name, "label": selectors.QUEUE_LABELS[name], "count": counts[name]} for name in selectors.QUEUES]
    return render_to_string(
        "dossiers/_home_work.html",
        {"queues": queues, "urgent": urgent, "urgent_label": selectors.QUEUE_LABELS.get(urgent or "", ""), "rows": rows},
        request=request,
    )
