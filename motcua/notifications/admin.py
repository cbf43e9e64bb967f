from django import forms
from django.contrib import admin
from django.template import TemplateSyntaxError
from django.utils.translation import gettext_lazy as _

from motcua.jobs.admin import OutboxAdmin

from . import services
from .models import Message, NotificationTemplate


class TemplateForm(forms.ModelForm):
    class Meta:
        model = NotificationTemplate
        fields = ["key", "medium", "subject", "body", "is_active"]

    def clean(self):
        data = super().clean()
        try:
            services.compile_template(data.get("subject", "") or "")
            services.compile_template(data.get("body", "") or "")
        except TemplateSyntaxError as exc:
            raise forms.ValidationError(_("Mẫu không hợp lệ: %(error)s") % {"error": exc}) from None
        return data


@admin.register(NotificationTemplate)
class NotificationTemplateAdmin(admin.ModelAdmin):
    form = TemplateForm
    list_display = ("key", "medium", "subject", "is_active", "updated_at")
    list_filter = ("medium", "is_active")
    search_fields = ("key", "subject", "body")


@admin.register(Message)
class MessageAdmin(OutboxAdmin):
    list_display = ("created_at", "medium", "recipient", "template_key", "state", "attempts", "next_attempt_at", "sent_at")
    list_filter = ("state", "medium", "template_key")
    search_fields = ("recipient", "key", "dossier__code")
    outbox = services.OUTBOX
