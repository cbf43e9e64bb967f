from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.network import client_ip

from . import lockout, services


class LockoutAuthenticationForm(AuthenticationForm):
    """Django's login form behind the login budgets of ``accounts.lockout``: a place is
    reserved before the password is checked, so racing requests cannot check more passwords
    than the policy allows. An empty field is a field error, never a 500."""

    portal = False
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "locked": _("Tạm khóa đăng nhập từ máy này do nhập sai nhiều lần. Vui lòng thử lại sau %(until)s."),
    }

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        password = self.cleaned_data.get("password") or ""
        if not username or not password:
            return self.cleaned_data  # the required fields report themselves
        agent = self.request.headers.get("User-Agent", "") if self.request is not None else ""
        ip = client_ip(self.request) if self.request is not None else ""
        try:
            reservation = lockout.reserve(username, ip, portal=self.portal, user_agent=agent)
        except lockout.Locked as exc:
            raise forms.ValidationError(
                self.error_messages["locked"], code="locked", params={"until": formats.time_format(timezone.localtime(exc.until), "H:i")}
            ) from None
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            lockout.failed(reservation, user_agent=agent)
            raise
        user = self.get_user()
        lockout.succeeded(reservation, user, user_agent=agent)
        services.record_successful_login(user)
        return cleaned
