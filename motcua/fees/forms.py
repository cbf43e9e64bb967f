"""The desk's fee dialog: one line per fee of the procedure; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import COUNTER_METHODS, Method


class FeeLineForm(forms.Form):
    take = forms.BooleanField(label=_("Chọn"), required=False, initial=True)
    copies = forms.IntegerField(label=_("Số bản"), min_value=1, max_value=1000, initial=1)
    pages = forms.IntegerField(label=_("Số trang mỗi bản"), min_value=1, max_value=10_000, initial=1)
    reduction = forms.ChoiceField(
        label=_("Miễn, giảm"), required=False, choices=[("", _("Không")), ("exempt", _("Miễn")), ("reduce", _("Giảm còn"))]
    )
    reduced_to = forms.IntegerField(label=_("Số tiền sau giảm (đồng)"), min_value=0, max_value=10**12, required=False)
    ground = forms.CharField(label=_("Căn cứ miễn, giảm"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("reduction") == "reduce" and data.get("reduced_to") is None:
            self.add_error("reduced_to", _("Nhập số tiền sau khi giảm."))
        if data.get("reduction") and not (data.get("ground") or "").strip():
            self.add_error("ground", _("Ghi căn cứ miễn, giảm."))
        return data


class CollectForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Hình thức thanh toán"),
        choices=[(m, Method(m).label) for m in COUNTER_METHODS],
        initial=Method.CASH,
        widget=forms.RadioSelect,
    )
    payer_name = forms.CharField(label=_("Người nộp tiền"), max_length=200, required=False)
    payer_id = forms.CharField(label=_("Số định danh / mã số thuế người nộp"), max_length=20, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("Từ ngày"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Đến ngày"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and (end < start or (end - start).days > 366):
            raise forms.ValidationError(_("Khoảng thời gian từ một ngày đến một năm, ngày kết thúc sau ngày bắt đầu."))
        return data
