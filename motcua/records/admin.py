from django.contrib import admin

from .models import StoredDocument


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
