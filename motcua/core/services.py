"""Writes of the core app: recording audit events."""

from __future__ import annotations

from typing import Any

from django.db import models

from .choices import AuditCategory
from .models import AuditEvent


def record_event(
    *,
    actor: Any,
    category: AuditCategory | str,
    action: str,
    obj: models.Model | None = None,
    agency: Any = None,
    summary: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event. ``actor`` may be None for system actions."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        category=category,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        agency=agency,
        summary=summary[:500],
        data=data or {},
    )
