"""What the reform screens share: who may open them, errors shown in place, downloads."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from motcua.accounts.selectors import has_role, scoped_agencies

from ..choices import COUNCIL_ROLES, UNIT_ROLES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _reform_staff(request) -> None:
    if not has_role(request.user, *UNIT_ROLES, *COUNCIL_ROLES):
        raise PermissionDenied


def _error(request, exc: Exception, template: str, context: dict):
    message = getattr(exc, "message_vi", str(exc))
    messages.error(request, message)
    return render(request, template, context, status=getattr(exc, "status", 400))


def _download(data: bytes, filename: str, content_type: str = XLSX, inline: bool = False) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    return response


def _council_agencies(user):
    return scoped_agencies(user, COUNCIL_ROLES).filter(is_active=True).order_by("path")


def _organisers(user):
    """Where the user may run rounds and inspection plans: provincial or central agencies."""
    return _council_agencies(user).filter(level__in=("province", "central"))
