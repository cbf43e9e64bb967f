from django.contrib import admin

from motcua.jobs.admin import OutboxAdmin

from . import services
from .models import IntegrationKey, OutboxMessage, Payment, PostalOrder, StatusMapping


@admin.register(OutboxMessage)
class OutboxMessageAdmin(OutboxAdmin):
    list_display = ("created_at", "target", "kind", "dossier", "seq", "state", "attempts", "next_attempt_at", "last_error")
    list_filter = ("state", "target", "kind")
    search_fields = ("key", "dossier__code")
    outbox = services.OUTBOX


@admin.register(StatusMapping)
class StatusMappingAdmin(admin.ModelAdmin):
    list_display = ("target", "field", "ours", "theirs")
    list_filter = ("target", "field")


@admin.register(PostalOrder)
class PostalOrderAdmin(admin.ModelAdmin):
    list_display = ("reference", "kind", "dossier", "waybill", "state", "created_at", "picked_up_at", "delivered_at")
    list_filter = ("kind", "state")
    search_fields = ("reference", "waybill", "dossier__code")
    readonly_fields = [f.name for f in PostalOrder._meta.fields]


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ("reference", "dossier", "amount", "state", "channel", "receipt_number", "paid_at")
    list_filter = ("state", "channel")
    search_fields = ("reference", "dossier__code", "receipt_number")
    readonly_fields = [f.name for f in Payment._meta.fields]


@admin.register(IntegrationKey)
class IntegrationKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "scopes", "rate", "user", "is_active", "created_at")
    readonly_fields = ("prefix", "key_hash", "user", "created_at", "created_by")
