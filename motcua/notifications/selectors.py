"""Reads of the notification outbox."""

from __future__ import annotations

from .models import Message


def messages_for_dossier(dossier) -> list[Message]:
    return list(Message.objects.filter(dossier=dossier).order_by("created_at", "id"))


def latest_for(recipient: str, template_key: str) -> Message | None:
    return Message.objects.filter(recipient=recipient, template_key=template_key).order_by("-created_at", "-id").first()
