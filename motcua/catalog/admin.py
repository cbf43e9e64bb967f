"""Admin screens for editing drafts. Published versions are read-only here; publishing,
retiring and new versions go through the catalogue management page (services)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import services
from .choices import ApplicantType, CompetenceLevel
from .models import Component, Fee, Field, LegalBasis, Procedure, ProcedureVersion, Result, Route, RouteStep
from .selectors import detailed, spec_of


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "is_active")
    search_fields = ("code", "name")


class FrozenUnlessDraft:
    """Inline and model admins that only change drafts."""

    def _draft(self, obj) -> bool:
        version = obj if isinstance(obj, ProcedureVersion) else getattr(obj, "version", None)
        return version is None or version.is_draft

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or self._draft(obj))  # type: ignore[misc]

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (obj is None or self._draft(obj))  # type: ignore[misc]

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or self._draft(obj))  # type: ignore[misc]


def _inline(model, **options):
    return type(f"{model.__name__}Inline", (FrozenUnlessDraft, admin.TabularInline), {"model": model, "extra": 0, **options})


class ProcedureVersionForm(forms.ModelForm):
    """The draft's lists as ticks, never as raw JSON."""

    levels = forms.MultipleChoiceField(label=_("Cấp thẩm quyền"), choices=CompetenceLevel.choices, widget=forms.CheckboxSelectMultiple)
    applicant_types = forms.MultipleChoiceField(
        label=_("Đối tượng thực hiện"), choices=ApplicantType.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ProcedureVersion
        fields = "__all__"  # noqa: DJ007 - the admin shows what it lists and keeps its read-only fields


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(FrozenUnlessDraft, admin.ModelAdmin):
    form = ProcedureVersionForm
    list_display = ("procedure", "number", "name", "state", "effective_from", "published_at", "published_by")
    list_filter = ("state", "field")
    search_fields = ("procedure__code", "name")
    readonly_fields = ("procedure", "number", "state", "effective_from", "published_at", "published_by", "created_at", "created_by")
    filter_horizontal = ("competent_agencies", "receiving_agencies")
    inlines = [_inline(LegalBasis), _inline(Fee), _inline(Component), _inline(Result), _inline(Route, show_change_link=True)]

    def has_add_permission(self, request, obj=None):
        return False  # new procedures and versions come from the catalogue page or the import

    def has_delete_permission(self, request, obj=None):
        return False

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id and request.method == "POST":
            version = ProcedureVersion.objects.filter(pk=object_id).first()
            request._catalog_before = spec_of(detailed(ProcedureVersion.objects.filter(pk=version.pk)).get()) if version else None
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.record_draft_edit(form.instance, request.user, getattr(request, "_catalog_before", None))


class RouteStepInline(FrozenUnlessDraft, admin.TabularInline):
    model = RouteStep
    extra = 0

    def _draft(self, obj) -> bool:  # obj is the route
        return obj is None or obj.version.is_draft


@admin.register(Route)
class RouteAdmin(FrozenUnlessDraft, admin.ModelAdmin):
    list_display = ("version", "receiving_agency")
    inlines = [RouteStepInline]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "status", "current_version")
    list_filter = ("status", "field", "online_level")
    search_fields = ("code", "name")
    readonly_fields = ("code", "status", "current_version", "name", "field", "online_level")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
