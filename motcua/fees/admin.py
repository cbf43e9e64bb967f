from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from motcua.core.admin import ReadOnlyAdmin

from .models import Receipt, ReceiptBook


@admin.register(ReceiptBook)
class ReceiptBookAdmin(admin.ModelAdmin):
    """The unit's series for a year: its symbol and form code may be set before it is used."""

    list_display = ("agency", "year", "form_code", "symbol")
    list_filter = ("year",)
    search_fields = ("agency__name", "symbol")
    autocomplete_fields = ("agency",)


@admin.register(Receipt)
class ReceiptAdmin(ReadOnlyAdmin):
    list_display = ("receipt_number", "agency", "dossier", "payer_name", "total", "method", "collected_at")
    list_filter = ("method",)
    search_fields = ("dossier__code", "payer_name", "number")
    date_hierarchy = "collected_at"

    @admin.display(description=_("số biên lai"), ordering="number")
    def receipt_number(self, obj: Receipt) -> str:
        return obj.display_number
