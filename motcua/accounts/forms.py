from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from . import services


class LockoutAuthenticationForm(AuthenticationForm):
    """Django's login form, refusing locked accounts and counting failures."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "locked": _("Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau %(until)s."),
    }

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        if username:
            until = services.login_blocked_until(username)
            if until is not None:
                raise forms.ValidationError(
                    self.error_messages["locked"],
                    code="locked",
                    params={"until": formats.time_format(timezone.localtime(until), "H:i")},
                )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                services.record_failed_login(username)
            raise
        services.record_successful_login(self.get_user())
        return cleaned
