from django.contrib import admin

from .models import PeriodicJobRun


@admin.register(PeriodicJobRun)
class PeriodicJobRunAdmin(admin.ModelAdmin):
    list_display = ("name", "slot", "enqueued_at", "task_result_id")
    list_filter = ("name",)
