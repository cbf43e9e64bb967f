from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import access, navigation
from . import home as home_sections
from .selectors import database_ok


def home(request):
    """Staff land on their home page; citizens (anonymous or with a portal account) on the portal."""
    if not request.user.is_authenticated:
        return redirect("portal:home")
    roles = access.roles_of(request.user)
    if hasattr(request.user, "applicant") and not roles:
        return redirect("portal:mine")
    agencies = access.scoped_agencies(request.user).filter(is_active=True)[:20]
    return render(request, "core/home.html", {"roles": sorted(roles), "agencies": agencies, "sections": home_sections.render(request)})


@never_cache
@require_GET
def nav_badges(request):
    """The numbers beside the bar's entries, asked by the page once it is shown (htmx swaps each
    into its place; a 0 stays hidden)."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    return render(request, "core/_nav_badges.html", {"badges": navigation.badges(request.user, access.roles_of(request.user))})


@never_cache
@require_GET
def healthz(request):
    ok, detail = database_ok()
    return JsonResponse({"status": "ok" if ok else "error", "database": detail}, status=200 if ok else 503)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    return render(request, "500.html", status=500)
