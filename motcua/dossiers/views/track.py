"""The public status lookup by code and secret (also used by the portal and the kiosk)."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import machine, selectors
from ..api import LookupThrottle


# --------------------------------------------------------------------------- public status
def lookup_context(request) -> tuple[dict, int]:
    """The public lookup by code and lookup secret (the receipt's QR code carries both), rate
    limited per client address; shared by the status page and the kiosk."""
    code, secret = request.GET.get("code", "").strip()[:40], request.GET.get("secret", "").strip()[:32]
    d, status, error = None, 200, ""
    if code or secret:
        if not LookupThrottle().allow_request(request):
            error, status = _("Bạn tra cứu quá nhiều lần; hãy thử lại sau ít phút."), 429
        else:
            d = selectors.public_lookup(code, secret)
            if d is None:
                error, status = _("Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu này."), 404
    return {
        "d": d,
        "steps": d.steps if d else (),
        "code": code,
        "error": error,
        "initials": d.applicant_initials if d else "",
        "national_label": machine.national_screen_label(d.national_status) if d else "",
        "accesses": selectors.public_accesses(code=d.code) if d else [],
        "show_officer": settings.ACCESS_LOG_SHOWS_OFFICER,
    }, status


@require_GET
def track(request):
    """The status page the receipt's QR code opens (code and lookup secret)."""
    context, status = lookup_context(request)
    return render(request, "dossiers/track.html", context, status=status)
