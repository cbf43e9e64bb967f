"""Portal forms: thin; the rules live in ``services``."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.accounts.forms import LockoutAuthenticationForm
from motcua.core.forms import BootstrapMixin
from motcua.dossiers.choices import ApplicantKind, Channel

from .choices import Visibility
from .models import FeedbackCategory
from .services import find_account


class PortalLoginForm(BootstrapMixin, LockoutAuthenticationForm):
    """E-mail or phone and password; the lockout of the staff login applies."""

    username = forms.CharField(label=_("Thư điện tử hoặc số điện thoại"), max_length=254)
    error_messages = {**LockoutAuthenticationForm.error_messages, "invalid_login": _("Thư điện tử/số điện thoại hoặc mật khẩu không đúng.")}
    portal = True

    def clean(self):
        account = find_account(self.cleaned_data.get("username", ""))
        if account is not None:
            self.cleaned_data["username"] = account.username
        return super().clean()


class RegisterForm(BootstrapMixin, forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    email = forms.EmailField(label=_("Thư điện tử"), required=False, max_length=254)
    phone = forms.CharField(label=_("Số điện thoại"), required=False, max_length=20)
    password1 = forms.CharField(
        label=_("Mật khẩu (ít nhất 10 ký tự)"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), max_length=128
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), max_length=128
    )

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone"):
            raise forms.ValidationError(_("Cần thư điện tử hoặc số điện thoại để nhận mã xác thực."))
        if data.get("password1") != data.get("password2"):
            self.add_error("password2", _("Hai mật khẩu không khớp."))
        return data


class VerifyForm(BootstrapMixin, forms.Form):
    code = forms.RegexField(
        label=_("Mã xác thực (6 chữ số)"), regex=r"^\s*\d{6}\s*$", max_length=10, error_messages={"invalid": _("Mã xác thực gồm 6 chữ số.")}
    )


class ProfileForm(BootstrapMixin, forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    kind = forms.ChoiceField(label=_("Loại"), choices=ApplicantKind.choices)
    id_number = forms.CharField(label=_("Số định danh cá nhân / mã số thuế"), required=False, max_length=20)
    birth_date = forms.DateField(label=_("Ngày sinh"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    phone = forms.CharField(label=_("Số điện thoại"), required=False, max_length=20)
    address = forms.CharField(label=_("Địa chỉ"), required=False, max_length=300)


class DraftForm(BootstrapMixin, forms.Form):
    """The applicant fields of an online or postal submission."""

    name = forms.CharField(label=_("Họ tên người nộp / tên tổ chức"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Loại người nộp"), choices=ApplicantKind.choices, required=False)
    id_number = forms.CharField(label=_("Số định danh cá nhân / mã số thuế"), max_length=20, required=False)
    birth_date = forms.CharField(label=_("Ngày sinh"), required=False, max_length=10, widget=forms.DateInput(attrs={"type": "date"}))
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    email = forms.CharField(label=_("Thư điện tử"), max_length=254, required=False, widget=forms.EmailInput)
    address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    receiving_agency = forms.ChoiceField(label=_("Nơi nộp hồ sơ"), required=False)
    result_channel = forms.ChoiceField(label=_("Nhận kết quả"), widget=forms.RadioSelect, required=False)
    result_address = forms.CharField(label=_("Địa chỉ nhận kết quả qua bưu chính"), max_length=300, required=False)
    pickup_address = forms.CharField(label=_("Địa chỉ bưu điện đến nhận hồ sơ"), max_length=300, required=False)
    note = forms.CharField(
        label=_("Ghi chú cho cán bộ tiếp nhận"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, version, channel: str, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = version.receiving_agencies.filter(is_active=True).order_by("path")
        cast(forms.ChoiceField, self.fields["receiving_agency"]).choices = [("", _("— Chọn nơi nộp —"))] + [
            (a.code, a.name) for a in agencies
        ]
        results = [(Channel.ONLINE, _("Trực tuyến (tải kết quả điện tử trên cổng)")), (Channel.COUNTER, _("Tại bộ phận một cửa"))]
        if version.postal_allowed:
            results.append((Channel.POSTAL, _("Qua bưu chính công ích (trả phí theo bảng giá bưu điện)")))
        cast(forms.ChoiceField, self.fields["result_channel"]).choices = results
        if channel != Channel.POSTAL:
            del self.fields["pickup_address"]


class SupplementForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("Nội dung bổ sung"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class WithdrawForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do rút hồ sơ"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


SCORES = [
    (5, _("5 – Rất hài lòng")),
    (4, _("4 – Hài lòng")),
    (3, _("3 – Bình thường")),
    (2, _("2 – Không hài lòng")),
    (1, _("1 – Rất không hài lòng")),
]


class RatingForm(BootstrapMixin, forms.Form):
    comment = forms.CharField(label=_("Góp ý thêm"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for c in criteria:
            self.fields[f"c_{c.code}"] = forms.TypedChoiceField(label=c.label, choices=SCORES, coerce=int, widget=forms.RadioSelect)
        self.order_fields([f"c_{c.code}" for c in criteria] + ["comment"])

    def scores(self) -> dict[str, int]:
        return {c.code: self.cleaned_data[f"c_{c.code}"] for c in self.criteria}


class FeedbackForm(BootstrapMixin, forms.Form):
    category = forms.ModelChoiceField(
        label=_("Loại"), queryset=FeedbackCategory.objects.filter(is_active=True), to_field_name="code", empty_label=_("— Chọn —")
    )
    agency = forms.ChoiceField(label=_("Cơ quan nhận"), required=False)
    author_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    email = forms.CharField(label=_("Thư điện tử"), required=False, max_length=254, widget=forms.EmailInput)
    phone = forms.CharField(label=_("Số điện thoại"), required=False, max_length=20)
    title = forms.CharField(label=_("Tiêu đề"), max_length=200)
    content = forms.CharField(label=_("Nội dung phản ánh, kiến nghị"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", _("— Chọn cơ quan —"))] + [(a.code, a.name) for a in agencies]


class AnswerForm(BootstrapMixin, forms.Form):
    answer = forms.CharField(label=_("Nội dung trả lời"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    visibility = forms.ChoiceField(label=_("Công khai"), choices=Visibility.choices, widget=forms.RadioSelect, initial=Visibility.PUBLIC)


class LookupForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=_("Mã hồ sơ"), max_length=40)
    secret = forms.CharField(label=_("Mã tra cứu"), max_length=32)
