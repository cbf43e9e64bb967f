from django.contrib import admin

from . import services
from .models import CalendarDay, CalendarYear, OfficeHours


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "reason", "confirmed", "source", "agency", "updated_by", "updated_at")
    list_filter = ("kind", "confirmed", "source")
    search_fields = ("reason",)
    date_hierarchy = "date"
    readonly_fields = ("created_at", "created_by", "updated_at", "updated_by")

    def save_model(self, request, obj, form, change):
        saved = services.set_day(
            date=obj.date, kind=obj.kind, reason=obj.reason, confirmed=obj.confirmed, agency=obj.agency, actor=request.user
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.remove_day(obj, actor=request.user)


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ("year", "confirmed", "confirmed_by", "confirmed_at", "note")
    readonly_fields = ("confirmed_at", "confirmed_by", "created_at", "created_by", "updated_at", "updated_by")


@admin.register(OfficeHours)
class OfficeHoursAdmin(admin.ModelAdmin):
    list_display = ("agency", "effective_from", "morning_start", "morning_end", "afternoon_start", "afternoon_end")

    def save_model(self, request, obj, form, change):
        saved = services.set_office_hours(
            agency=obj.agency,
            effective_from=obj.effective_from,
            morning=(obj.morning_start, obj.morning_end),
            afternoon=(obj.afternoon_start, obj.afternoon_end),
            actor=request.user,
        )
        obj.pk = saved.pk
