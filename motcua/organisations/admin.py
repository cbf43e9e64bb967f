from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from . import services
from .models import AdministrativeUnit, Agency


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "kind", "parent", "valid_from", "valid_to", "successor")
    list_filter = ("level", "kind")
    search_fields = ("code", "name")
    raw_id_fields = ("parent", "successor")


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "level", "admin_unit", "parent", "is_active", "valid_to")
    list_filter = ("kind", "level", "is_active")
    search_fields = ("code", "name", "short_name")
    autocomplete_fields = ("parent", "successor")
    raw_id_fields = ("admin_unit",)
    readonly_fields = ("path",)

    def save_model(self, request, obj, form, change):
        # Through the services, so the tree path and the audit trail stay right.
        fields = {f: form.cleaned_data[f] for f in form.cleaned_data}
        try:
            if change:
                saved = services.update_agency(obj, actor=request.user, **fields)
            else:
                saved = services.create_agency(actor=request.user, **fields)
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
            return
        obj.pk, obj.path = saved.pk, saved.path

    def has_delete_permission(self, request, obj=None):
        return False  # agencies are deactivated or merged, never deleted
