"""The portal home, logging in and out, registration with a verification code, the profile."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.catalog import selectors as catalog_selectors
from motcua.dossiers.errors import DossierError

from .. import selectors, services
from ..forms import PortalLoginForm, ProfileForm, RegisterForm, VerifyForm
from .common import _throttled, applicant_required


# --------------------------------------------------------------------------- home, accounts
@require_GET
def home(request):
    popular = catalog_selectors.public_procedures(online_level="full")[:8]
    return render(request, "portal/home.html", {"popular": popular})


class PortalLogin(LoginView):
    template_name = "portal/login.html"
    authentication_form = PortalLoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return reverse("portal:mine")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "oidc_enabled": settings.OIDC_ENABLED, "oidc_name": settings.OIDC_PROVIDER_NAME}


@require_POST
def logout(request):
    auth_logout(request)
    messages.info(request, _("Bạn đã đăng xuất. Hồ sơ nháp vẫn được lưu."))
    return redirect("portal:home")


@require_http_methods(["GET", "POST"])
def register(request):
    form = RegisterForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if _throttled(request, "register"):
            messages.error(request, _("Bạn thao tác quá nhiều lần; hãy thử lại sau."))
            return render(request, "portal/register.html", {"form": form}, status=429)
        if form.is_valid():
            c = form.cleaned_data
            try:
                user = services.register(full_name=c["full_name"], email=c["email"], phone=c["phone"], password=c["password1"])
            except DossierError as exc:
                form.add_error(None, exc.message_vi)
            else:
                auth_login(request, user, backend="motcua.portal.auth.PortalBackend")
                messages.success(request, _("Đã tạo tài khoản. Mã xác thực đã được gửi đến %(to)s.") % {"to": user.email or user.phone})
                return redirect("portal:verify")
        status = 422
    return render(request, "portal/register.html", {"form": form}, status=status)


@login_required(login_url="portal:login")
@require_http_methods(["GET", "POST"])
def verify(request):
    if not selectors.is_applicant(request.user):
        return render(request, "portal/staff_account.html", status=403)
    if request.user.applicant.verified:
        return redirect("portal:mine")
    form = VerifyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if "resend" in request.POST:
            try:
                services.send_code(request.user)
                messages.success(request, _("Đã gửi mã xác thực mới."))
            except DossierError as exc:
                messages.error(request, exc.message_vi)
            return redirect("portal:verify")
        if _throttled(request, "verify"):
            messages.error(request, _("Bạn thao tác quá nhiều lần; hãy thử lại sau."))
            return render(request, "portal/verify.html", {"form": form}, status=429)
        if form.is_valid() and services.verify(request.user, form.cleaned_data["code"]):
            messages.success(request, _("Tài khoản đã được xác thực."))
            return redirect(request.GET.get("next") if (request.GET.get("next") or "").startswith("/portal/") else "portal:mine")
        form.add_error("code", _("Mã xác thực không đúng hoặc đã hết hạn."))
        status = 422
    return render(request, "portal/verify.html", {"form": form}, status=status)


@applicant_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user, p = request.user, request.user.applicant
    initial = {
        "full_name": user.full_name,
        "kind": p.kind,
        "id_number": p.id_number,
        "birth_date": p.birth_date,
        "phone": user.phone,
        "address": p.address,
    }
    form = ProfileForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_profile(user, **form.cleaned_data)
            except DossierError as exc:
                form.add_error(None, exc.message_vi)
            else:
                messages.success(request, _("Đã lưu thông tin cá nhân."))
                return redirect("portal:profile")
        status = 422
    return render(request, "portal/profile.html", {"form": form}, status=status)
