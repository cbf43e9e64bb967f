from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import CURRENT_ONLINE_LEVELS, CompetenceLevel
from .models import Field

MAX_IMPORT_BYTES = 10 * 1024 * 1024


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm thủ tục"), required=False, max_length=200)
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    level = forms.ChoiceField(label=_("Cấp thực hiện"), required=False, choices=[("", _("Tất cả các cấp"))] + list(CompetenceLevel.choices))
    online_level = forms.ChoiceField(
        label=_("Mức độ DVCTT"), required=False, choices=[("", _("Tất cả"))] + [(c.value, c.label) for c in CURRENT_ONLINE_LEVELS]
    )
    agency = forms.CharField(label=_("Mã cơ quan"), required=False, max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("Tất cả lĩnh vực"))] + list(Field.objects.filter(is_active=True).values_list("code", "name"))


class PublishForm(forms.Form):
    effective_from = forms.DateField(label=_("Áp dụng từ ngày"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Nội dung thay đổi"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["effective_from"].initial = timezone.localdate()

    def clean_effective_from(self):
        value = self.cleaned_data["effective_from"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("Ngày áp dụng không được ở quá khứ."))
        return value


class RetireForm(forms.Form):
    reason = forms.CharField(label=_("Lý do bãi bỏ"), max_length=500)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))
    effective_from = forms.DateField(label=_("Áp dụng từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Chỉ nhận tệp Excel .xlsx."))
        if f.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 10 MB)."))
        head = f.read(4)
        f.seek(0)
        if head != b"PK\x03\x04":
            raise forms.ValidationError(_("Tệp không phải là tệp Excel .xlsx hợp lệ."))
        return f

    def clean_effective_from(self):
        value = self.cleaned_data.get("effective_from")
        if value and value < timezone.localdate():
            raise forms.ValidationError(_("Ngày áp dụng không được ở quá khứ."))
        return value
