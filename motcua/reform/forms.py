"""Forms of the reform screens (the scorecard and the inspection record read their dynamic
rows in the views, each value checked by the services)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.forms import BootstrapMixin

from . import services
from .models import Framework, Inspection


class RoundForm(BootstrapMixin, forms.Form):
    form = forms.CharField(widget=forms.HiddenInput, initial="round")
    framework = forms.ModelChoiceField(label=_("Bộ chỉ số"), queryset=Framework.objects.none())
    organiser: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Cơ quan tổ chức đánh giá"), queryset=None)
    deadline = forms.DateField(label=_("Hạn tự đánh giá"), widget=forms.DateInput(attrs={"type": "date"}))
    reminder_days = forms.CharField(label=_("Nhắc trước hạn (ngày)"), initial="7, 3, 1", max_length=40)

    def __init__(self, *args, user=None, organisers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = Framework.objects.filter(rounds=None).order_by("-year", "level")
        self.fields["organiser"].queryset = organisers

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("Hạn tự đánh giá không được ở quá khứ."))
        return deadline

    def clean_reminder_days(self):
        raw = self.cleaned_data["reminder_days"]
        try:
            days = [int(part) for part in raw.replace(";", ",").split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError(_("Nhập các số ngày, cách nhau bởi dấu phẩy (ví dụ 7, 3, 1).")) from None
        if any(d < 1 or d > 60 for d in days):
            raise forms.ValidationError(_("Mỗi số ngày từ 1 đến 60."))
        return days


class PlanForm(BootstrapMixin, forms.Form):
    form = forms.CharField(widget=forms.HiddenInput, initial="plan")
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Tên kế hoạch"), max_length=300)
    issuer: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Cơ quan ban hành"), queryset=None)
    team = forms.CharField(label=_("Đoàn kiểm tra (mỗi dòng: Họ tên — vai trò)"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)

    def __init__(self, *args, issuers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = issuers
        self.fields["year"].initial = timezone.localdate().year

    def clean_team(self):
        try:
            return services.clean_team(self.cleaned_data["team"])
        except services.ReformError as exc:
            raise forms.ValidationError(exc.message_vi) from None


class ScheduleForm(BootstrapMixin, forms.Form):
    agency: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Đơn vị"), queryset=None)
    mode = forms.ChoiceField(label=_("Hình thức"), choices=Inspection.Mode.choices)
    scheduled_on = forms.DateField(label=_("Ngày kiểm tra"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class InspectionForm(BootstrapMixin, forms.Form):
    conclusion = forms.CharField(label=_("Kết luận"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)
