"""The dossier page's offer of documents already digitised for its applicant (``dossiers.panels``)."""

from __future__ import annotations

from django.template.loader import render_to_string

from motcua.accounts.selectors import in_scope
from motcua.dossiers import machine

from . import selectors


def reuse_panel(request, d, where: str) -> str:
    if where != "detail" or d.state in machine.TERMINAL:
        return ""
    if not any(in_scope(request.user, a) for a in (d.receiving_agency, d.current_agency)):
        return ""
    rows = selectors.offers(d)
    if not rows:
        return ""
    return render_to_string("records/_reuse_panel.html", {"d": d, "rows": rows}, request=request)
