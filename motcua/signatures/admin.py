from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from .models import IssuedDocument, SigningKey


@admin.register(SigningKey)
class SigningKeyAdmin(admin.ModelAdmin):
    list_display = ("subject", "agency", "user", "kind", "serial", "not_after", "is_demo", "revoked_at")
    list_filter = ("kind", "is_demo")
    search_fields = ("subject", "serial", "agency__code", "agency__name")
    readonly_fields = ("certificate", "subject", "serial", "fingerprint", "not_before", "not_after", "revoked_at", "created_at")
    actions = ["revoke"]

    @admin.action(description=_("Thu hồi khóa đã chọn (giấy tờ ký sau đó không còn hợp lệ)"))
    def revoke(self, request, queryset):
        for row in queryset.filter(revoked_at__isnull=True):
            services.revoke(row, reason=f"Thu hồi bởi {request.user.get_username()}")
        messages.success(request, _("Đã thu hồi."))


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(admin.ModelAdmin):
    list_display = ("signed_at", "kind", "dossier_code", "agency", "signer", "size")
    search_fields = ("sha256", "dossier_code")
    readonly_fields = [f.name for f in IssuedDocument._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
