from django.contrib import admin

from .models import IndexIndicator, Subscription, Target


@admin.register(IndexIndicator)
class IndexIndicatorAdmin(admin.ModelAdmin):
    list_display = ("name", "group", "formula", "max_points", "threshold", "is_active")
    list_filter = ("group", "is_active")
    list_editable = ("max_points", "threshold", "is_active")


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ("agency", "year", "formula", "value", "set_by", "updated_at")
    list_filter = ("year", "formula")
    readonly_fields = ("set_by", "updated_at")


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("user", "agency", "frequency", "layout", "is_active")
    list_filter = ("frequency", "is_active")
