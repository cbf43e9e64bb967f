from django import forms
from django.utils.translation import gettext_lazy as _


class RegisterForm(forms.Form):
    start = forms.DateField(label=_("Từ ngày"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Đến ngày"), widget=forms.DateInput(attrs={"type": "date"}))
    agency = forms.ChoiceField(label=_("Nơi tiếp nhận"))

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.code, a.name) for a in agencies]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("Ngày kết thúc trước ngày bắt đầu."))
            if (end - start).days > 366:
                raise forms.ValidationError(_("Khoảng thời gian tối đa một năm."))
        return data
