from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.forms import BootstrapMixin, LongSelect

from .periods import Period, PeriodError, period_for

KIND_CHOICES = [
    ("month", _("Tháng")),
    ("quarter", _("Quý")),
    ("half", _("6 tháng")),
    ("year", _("Năm")),
    ("week", _("Tuần")),
    ("custom", _("Tùy chọn")),
]
GROUP_CHOICES = [
    ("agency", _("Nơi tiếp nhận")),
    ("competent", _("Cơ quan giải quyết")),
    ("current", _("Cơ quan đang giữ hồ sơ")),
    ("field", _("Lĩnh vực")),
    ("procedure", _("Thủ tục")),
]
LAYOUT_CHOICES = [("official", _("Mẫu II.06a (chính thức)")), ("extended", _("Mở rộng"))]


class ReportForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kỳ báo cáo"), choices=KIND_CHOICES, initial="month")
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, required=False)
    number = forms.IntegerField(label=_("Tháng / quý / tuần / nửa năm số"), min_value=1, max_value=53, required=False)
    start = forms.DateField(label=_("Từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    group_by = forms.ChoiceField(label=_("Theo"), choices=GROUP_CHOICES, initial="agency", required=False)
    agency = forms.ChoiceField(label=_("Cơ quan"), required=False, widget=LongSelect)
    rollup = forms.BooleanField(label=_("Gộp đơn vị cũ vào đơn vị kế thừa"), required=False)
    layout = forms.ChoiceField(label=_("Mẫu biểu"), choices=LAYOUT_CHOICES, initial="official", required=False)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", _("— Tất cả trong phạm vi —"))] + [(a.code, a.name) for a in agencies]

    def clean(self):
        data = super().clean()
        data["group_by"] = data.get("group_by") or "agency"
        data["layout"] = data.get("layout") or "official"
        today = timezone.localdate()
        try:
            data["period"] = period_for(
                data.get("kind") or "month",
                year=data.get("year") or today.year,
                number=data.get("number") or (today.month if data.get("kind") in (None, "", "month") else 1),
                start=data.get("start"),
                end=data.get("end"),
                cutoff_day=settings.REPORT_PERIOD_CUTOFF_DAY,
            )
        except PeriodError as exc:
            raise forms.ValidationError(exc.message_vi) from None
        return data


def default_period() -> Period:
    today = timezone.localdate()
    return period_for("month", year=today.year, number=today.month, cutoff_day=settings.REPORT_PERIOD_CUTOFF_DAY)
