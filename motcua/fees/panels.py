"""The fees panel on the dossier's pages (``dossiers.panels``): what is due by the catalogue,
what was collected, and the desk's button to collect."""

from __future__ import annotations

from django.template.loader import render_to_string

from motcua.accounts.selectors import in_scope
from motcua.dossiers.choices import COUNTER_ROLES

from . import selectors, services


def fees_panel(request, d, where: str) -> str:
    if where not in ("detail", "print") or not d.code or not d.procedure_version.fees.exists():
        return ""
    summary = selectors.summary(d)
    if not summary.due and not summary.receipts:
        return ""
    may_collect = d.state not in services.NOT_COLLECTABLE and in_scope(request.user, d.receiving_agency, COUNTER_ROLES)
    return render_to_string(
        "fees/_panel.html", {"d": d, "summary": summary, "may_collect": may_collect and bool(summary.due), "where": where}, request=request
    )
