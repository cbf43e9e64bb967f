from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from motcua.accounts.models import Membership
from motcua.accounts.selectors import scoped_agencies, scoped_staff

from .selectors import agency_tree


@login_required
def agency_list(request):
    agencies = agency_tree(scoped_agencies(request.user))
    return render(request, "organisations/agency_list.html", {"agencies": agencies})


@login_required
def agency_detail(request, code: str):
    agency = get_object_or_404(agency_tree(scoped_agencies(request.user)), code=code)
    staff = (
        agency.memberships.filter(is_active=True).select_related("user").order_by("user__full_name", "role")
    )
    return render(request, "organisations/agency_detail.html", {"agency": agency, "memberships": staff})


@login_required
def staff_list(request):
    in_scope = Membership.objects.filter(agency__in=scoped_agencies(request.user), is_active=True).select_related("agency")
    staff = scoped_staff(request.user).prefetch_related(Prefetch("memberships", queryset=in_scope))
    page = Paginator(staff, 50).get_page(request.GET.get("page"))
    return render(request, "organisations/staff_list.html", {"page": page})
