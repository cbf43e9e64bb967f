"""Read-only admin: dossiers change only through actions; events are append-only."""

from django.contrib import admin

from .models import Dossier, DossierEvent


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = DossierEvent
    extra = 0
    can_delete = False
    fields = ("seq", "action", "at", "actor_label", "from_state", "to_state", "from_step", "to_step", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Dossier)
class DossierAdmin(ReadOnly):
    list_display = ("code", "procedure", "state", "national_status", "received_at", "due_at", "receiving_agency", "current_agency")
    list_filter = ("state", "channel")
    search_fields = ("code", "applicant_id_number")
    inlines = [EventInline]


@admin.register(DossierEvent)
class DossierEventAdmin(ReadOnly):
    list_display = ("dossier", "seq", "action", "at", "actor_label")
    list_filter = ("action",)
