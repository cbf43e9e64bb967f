from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from .forms import LockoutAuthenticationForm
from .selectors import roles_of, scoped_agencies


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LockoutAuthenticationForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


@method_decorator(never_cache, name="dispatch")
class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


@login_required
def profile(request):
    memberships = request.user.memberships.filter(is_active=True).select_related("agency").order_by("agency__path")
    return render(
        request,
        "accounts/profile.html",
        {"memberships": memberships, "roles": roles_of(request.user), "agency_count": scoped_agencies(request.user).count()},
    )
