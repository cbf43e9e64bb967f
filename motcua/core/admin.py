from django.contrib import admin

from .models import AuditEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows are read in the admin, never added, changed or removed there (trails, logs)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the audit trail is append-only."""

    list_display = ("at", "actor", "category", "action", "object_type", "object_id", "agency", "summary")
    list_filter = ("category", "action")
    search_fields = ("object_id", "summary", "actor__username")
    date_hierarchy = "at"
