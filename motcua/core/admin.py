from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent


class OutboxAdmin(admin.ModelAdmin):
    """An outbox in the admin: rows are read, never added, edited or deleted; the dead ones are
    sent again with the "retry" action (``retry`` is the domain's retry function)."""

    actions = ["retry_selected"]
    retry = None

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return request.method in ("GET", "HEAD")

    @admin.action(description=_("Gửi lại các tin đã chọn"))
    def retry_selected(self, request, queryset):
        count = sum(bool(type(self).retry(m, actor=request.user)) for m in queryset.exclude(state="sent"))
        self.message_user(request, _("Đã đưa %(count)d tin vào hàng đợi gửi lại.") % {"count": count})


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is append-only."""

    list_display = ("at", "actor", "category", "action", "object_type", "object_id", "agency", "summary")
    list_filter = ("category", "action")
    search_fields = ("object_id", "summary", "actor__username")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
