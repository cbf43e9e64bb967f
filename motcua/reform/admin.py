from django.contrib import admin

from .models import Assessment, Framework, Node, Round


class NodeInline(admin.TabularInline):
    model = Node
    fk_name = "framework"
    extra = 0
    fields = ("code", "kind", "parent", "name", "max_score", "rule", "params", "source", "prefill", "position")


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ("name", "year", "level", "published")
    list_filter = ("year", "level")
    inlines = [NodeInline]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ("framework", "deadline", "published_at")


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("round", "agency", "state", "submitted_at")
    list_filter = ("state",)
    readonly_fields = ("round", "agency", "state", "submitted_at")
