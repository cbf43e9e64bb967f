from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import DayKind, DurationUnit


class BootstrapForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-check-input" if isinstance(field.widget, forms.CheckboxInput) else "form-control form-control-sm"
            if isinstance(field.widget, forms.Select):
                css = "form-select form-select-sm"
            field.widget.attrs.setdefault("class", css)


class DayForm(BootstrapForm):
    date = forms.DateField(label=_("Ngày"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Loại"), choices=DayKind.choices)
    reason = forms.CharField(label=_("Lý do"), max_length=255)
    confirmed = forms.BooleanField(label=_("Đã xác nhận (có văn bản chính thức)"), required=False)


class DueForm(BootstrapForm):
    received_at = forms.DateTimeField(
        label=_("Thời điểm tiếp nhận"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    value = forms.DecimalField(label=_("Thời hạn"), min_value=0, max_value=10000, decimal_places=2, initial=3)
    unit = forms.ChoiceField(label=_("Đơn vị"), choices=DurationUnit.choices, initial=DurationUnit.WORKING_DAYS)
    same_day_cutoff = forms.TimeField(
        label=_("Giờ chốt (thủ tục trong ngày)"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    pause_start = forms.DateTimeField(
        label=_("Tạm dừng từ"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    pause_end = forms.DateTimeField(
        label=_("Tạm dừng đến"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("pause_start")) != bool(data.get("pause_end")):
            raise forms.ValidationError(_("Nhập cả thời điểm bắt đầu và kết thúc tạm dừng."))
        if data.get("same_day_cutoff") and data.get("unit") != DurationUnit.SAME_DAY:
            raise forms.ValidationError(_("Giờ chốt chỉ dùng cho thủ tục trong ngày."))
        return data
