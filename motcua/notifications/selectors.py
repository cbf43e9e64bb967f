"""Reads of the notification outbox."""

from __future__ import annotations

from .models import Message


def messages_for_dossier(dossier) -> list[Message]:
    return list(Message.objects.filter(dossier=dossier).order_by("created_at", "id"))


def latest_for(recipient: str, template_key: str) -> Message | None:
    return Message.objects.filter(recipient=recipient, template_key=template_key).order_by("-created_at", "-id").first()


def queued(key: str, *, prefix: bool = False) -> bool:
    """Whether a message with that key (or, with ``prefix``, any of its media) was already
    queued: what a sender checks so that a person gets a thing once."""
    rows = Message.objects.filter(key__startswith=key) if prefix else Message.objects.filter(key=key)
    return rows.exists()
