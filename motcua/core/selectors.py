"""Reads of the core app."""

from __future__ import annotations

from django.db import connection
from django.db.models import Model, QuerySet

from .models import AuditEvent


def events_for(obj: Model) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("at", "id")


def database_ok() -> tuple[bool, str]:
    """True when the database answers a trivial query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - health checks report any failure
        return False, exc.__class__.__name__
    return True, connection.vendor
