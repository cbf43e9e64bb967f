"""Bringing a former system's dossiers in from a spreadsheet, all or nothing."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from motcua.accounts.choices import Role
from motcua.accounts.selectors import has_role
from motcua.catalog.excel import CellError, ImportFileError

from .. import legacy, services

# --------------------------------------------------------------------------- legacy import
LEGACY_MAX_MB = 20


@login_required
def legacy_import(request):
    """Administrators bring a former system's dossiers in from a spreadsheet (Excel, or CSV
    files), all or nothing; every problem is listed by sheet, row and column."""
    if not has_role(request.user, Role.ADMIN):
        raise PermissionDenied
    if request.method == "GET" and request.GET.get("template"):
        response = HttpResponse(legacy.template(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = 'attachment; filename="mau-chuyen-doi-ho-so.xlsx"'
        return response
    context: dict = {}
    status = 200
    if request.method == "POST":
        upload, events = request.FILES.get("file"), request.FILES.get("events")
        too_big = any(f is not None and f.size > LEGACY_MAX_MB * 1024 * 1024 for f in (upload, events))
        if upload is None or too_big:
            context["errors"] = [
                CellError(
                    "-",
                    0,
                    "-",
                    _("Cần chọn một tệp Excel (.xlsx) hoặc CSV, tối đa %(mb)d MB.") % {"mb": LEGACY_MAX_MB},
                    "A file is required.",
                )
            ]
            status = 422
        else:
            try:
                parsed = legacy.read(upload.read(), name=upload.name or "", events=events.read() if events else None)
            except ImportFileError as exc:
                context["errors"], status = exc.errors, 422
            else:
                outcomes, kept = services.import_many(parsed.dossiers, actor=request.user)
                if kept:
                    context["created"] = sum(o.status == "created" for o in outcomes)
                    context["existing"] = sum(o.status == "exists" for o in outcomes)
                else:
                    context["errors"] = [
                        legacy.locate(parsed, o.code, o.event_index, o.message, o.message_en) for o in outcomes if o.status == "rejected"
                    ]
                    status = 422
    return render(request, "dossiers/legacy_import.html", context, status=status)
