from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from motcua.core.admin import ReadOnlyAdmin

from .choices import DeliveryState
from .models import PeriodicJobRun, WorkerBeat
from .outbox import Outbox


class OutboxAdmin(admin.ModelAdmin):
    """An outbox in the admin: rows are read, never added, edited or deleted; dead ones are
    sent again with the "retry" action of their outbox."""

    actions = ["retry_selected"]
    outbox: Outbox

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
        count = sum(self.outbox.retry(row, actor=request.user) for row in queryset.exclude(state=DeliveryState.SENT))
        self.message_user(request, _("Đã đưa %(count)d tin vào hàng đợi gửi lại.") % {"count": count})


@admin.register(PeriodicJobRun)
class PeriodicJobRunAdmin(admin.ModelAdmin):
    list_display = ("name", "slot", "enqueued_at", "task_result_id")
    list_filter = ("name",)


@admin.register(WorkerBeat)
class WorkerBeatAdmin(ReadOnlyAdmin):
    list_display = ("worker_id", "host", "pid", "started_at", "seen_at")
