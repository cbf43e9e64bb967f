from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.admin import ReadOnlyAdmin

from .models import ArchivedDocument, RetentionRule, StoredDocument


@admin.register(StoredDocument)
class StoredDocumentAdmin(admin.ModelAdmin):
    list_display = ("owner_id", "owner_name", "kind", "name", "source_dossier", "stored_at", "valid_until")
    list_filter = ("kind",)
    search_fields = ("owner_id", "owner_name", "name", "source_dossier")
    readonly_fields = (
        "owner_id",
        "owner_name",
        "kind",
        "name",
        "key",
        "file",
        "content_type",
        "size",
        "sha256",
        "pages",
        "source_dossier",
        "source_file",
        "stored_at",
    )


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    list_display = ("procedure", "field", "years", "basis")
    autocomplete_fields = ("procedure",)
    search_fields = ("procedure__code", "procedure__name", "field__name", "basis")


class RetentionPassed(admin.SimpleListFilter):
    title = _("thời hạn lưu trữ")
    parameter_name = "retention"

    def lookups(self, request, model_admin):
        return [("passed", _("Đã hết thời hạn lưu trữ")), ("kept", _("Còn thời hạn hoặc vĩnh viễn"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "passed":
            return queryset.filter(retain_until__lt=today)
        if self.value() == "kept":
            return queryset.filter(Q(retain_until__isnull=True) | Q(retain_until__gte=today))
        return queryset


@admin.register(ArchivedDocument)
class ArchivedDocumentAdmin(ReadOnlyAdmin):
    """Read-only: the archive is append-only (``AppendOnlyModel``)."""

    list_display = ("dossier_code", "name", "procedure_code", "agency", "conformance", "signed_at", "retain_until")
    list_filter = (RetentionPassed, "conformance")
    search_fields = ("dossier_code", "name", "procedure_code", "sha256")
    date_hierarchy = "archived_at"
