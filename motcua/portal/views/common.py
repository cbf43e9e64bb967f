"""What the portal screens share: rate limits, the applicant-only decorator, errors shown in place."""

from __future__ import annotations

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse

from motcua.core.throttle import ClientThrottle
from motcua.dossiers.errors import DossierError

from .. import selectors


def _throttled(request, scope: str) -> bool:
    return not ClientThrottle(scope, settings.PORTAL_FORM_RATE).allow_request(request)


def applicant_required(view):
    """Logged in with a verified applicant account; staff accounts are told to use the back office."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("portal:login"))
        if not selectors.is_applicant(request.user):
            return render(request, "portal/staff_account.html", status=403)
        if not request.user.applicant.verified:
            return redirect("portal:verify")
        return view(request, *args, **kwargs)

    return wrapper


def _error(request, exc: DossierError, template: str, context: dict):
    messages.error(request, exc.message_vi)
    return render(request, template, context, status=exc.status)
