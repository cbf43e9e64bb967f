"""The desk's line on the home page (``core.home``): what its units collected today."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from motcua.accounts.choices import Role
from motcua.accounts.selectors import has_role

from . import selectors


def collections_section(request) -> str:
    if not has_role(request.user, Role.RECEPTION):
        return ""
    today = timezone.localdate()
    _rows, total = selectors.collections(request.user, today, today)
    return render_to_string("fees/_home_fees.html", {"total": total, "today": today}, request=request)
