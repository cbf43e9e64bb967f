"""The kiosk at the one-stop desk: procedures to browse and the status lookup, reset when idle."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from motcua.catalog import selectors as catalog_selectors
from motcua.dossiers.views import lookup_context


# --------------------------------------------------------------------------- kiosk
@require_GET
def kiosk(request):
    return render(request, "portal/kiosk/home.html", {"idle": settings.KIOSK_IDLE_SECONDS})


@require_GET
def kiosk_procedures(request):
    q = (request.GET.get("q") or "")[:100]
    fields = catalog_selectors.public_procedures().values_list("field__code", "field__name").distinct().order_by("field__name")
    field = (request.GET.get("field") or "")[:30]
    results = catalog_selectors.public_procedures(q=q, field=field)[:30] if (q or field) else []
    return render(
        request,
        "portal/kiosk/procedures.html",
        {"q": q, "field": field, "fields": fields, "results": results, "idle": settings.KIOSK_IDLE_SECONDS},
    )


@require_GET
def kiosk_procedure(request, code: str):
    version = catalog_selectors.public_version(code)
    if version is None:
        raise Http404
    return render(request, "portal/kiosk/procedure.html", {"version": version, "idle": settings.KIOSK_IDLE_SECONDS})


@require_GET
def kiosk_track(request):
    context, status = lookup_context(request)
    return render(request, "portal/kiosk/track.html", {**context, "idle": settings.KIOSK_IDLE_SECONDS}, status=status)
