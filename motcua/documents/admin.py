"""Form templates are data: the administrator corrects wording or adds a new form set (new
effective date) here. A body that does not compile, or does not render, is refused."""

from django import forms
from django.contrib import admin
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.utils.translation import gettext_lazy as _

from .models import FormTemplate


class FormTemplateForm(forms.ModelForm):
    class Meta:
        model = FormTemplate
        fields = ("kind", "number", "title", "form_set", "effective_from", "body", "is_active")
        widgets = {"body": forms.Textarea(attrs={"rows": 20, "style": "font-family: monospace; width: 100%"})}

    def clean_body(self):
        body = self.cleaned_data["body"]
        try:
            engines["django"].from_string(body).render({})  # extends and includes resolve only when rendered
        except (TemplateSyntaxError, TemplateDoesNotExist, LookupError, ValueError, TypeError, AttributeError) as exc:
            raise forms.ValidationError(_("Mẫu không hợp lệ: %(error)s") % {"error": exc}) from None
        return body


@admin.register(FormTemplate)
class FormTemplateAdmin(admin.ModelAdmin):
    form = FormTemplateForm
    list_display = ("number", "title", "kind", "form_set", "effective_from", "is_active", "updated_at")
    list_filter = ("kind", "form_set", "is_active")
    search_fields = ("title", "form_set")

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
