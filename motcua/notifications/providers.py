"""Delivery providers. E-mail goes through Django's mail backend (EMAIL_BACKEND: a file or the
console on the embedded default, SMTP in production). SMS goes through ``SMS_PROVIDER``:

- ``file`` (embedded default): one JSON line per message in ``SMS_FILE_PATH``;
- ``console``: the log;
- ``http``: a JSON POST to ``SMS_HTTP_URL`` (bearer ``SMS_HTTP_TOKEN``), the shape most
  Vietnamese SMS brandname gateways accept behind a thin adapter.

A provider raises ``DeliveryError`` when it could not deliver; the outbox then retries later.
Every provider receives the message's stable key so a gateway can drop a duplicate."""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from pathlib import Path
from typing import Protocol

import requests
from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

from motcua.core.http import http
from motcua.jobs.outbox import DeliveryError

logger = logging.getLogger("motcua.notifications")
_file_lock = threading.Lock()


class Outgoing(Protocol):
    key: str
    recipient: str
    subject: str
    body: str


class Provider(Protocol):
    name: str

    def send(self, message: Outgoing) -> str:
        """Deliver ``message``; return the provider's reference. Raise DeliveryError if not delivered."""


def message_id(key: str) -> str:
    """A Message-ID made from the outbox key alone (stable across retries and workers)."""
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >") or "motcua.local"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"


class EmailProvider:
    name = "email"

    def send(self, message: Outgoing) -> str:
        # The same Message-ID on every attempt: a retry after a lost answer is the same message.
        mail = EmailMessage(
            message.subject or "Thông báo",
            message.body,
            settings.DEFAULT_FROM_EMAIL,
            [message.recipient],
            headers={"X-Motcua-Key": message.key, "Message-ID": message_id(message.key)},
        )
        attachment = getattr(message, "attachment", None)
        try:
            if attachment:
                with attachment.open("rb") as handle:
                    mail.attach(getattr(message, "attachment_name", "") or attachment.name.rsplit("/", 1)[-1], handle.read())
            mail.send(fail_silently=False)
        except Exception as exc:  # noqa: BLE001 - any transport error means "not delivered yet"
            raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc
        return message.key


class FileSMSProvider:
    name = "file"

    def send(self, message: Outgoing) -> str:
        path = Path(settings.SMS_FILE_PATH)
        line = json.dumps(
            {"at": timezone.now().isoformat(), "to": message.recipient, "text": message.body, "key": message.key}, ensure_ascii=False
        )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with _file_lock, path.open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")
        except OSError as exc:
            raise DeliveryError(str(exc)) from exc
        return message.key


class ConsoleSMSProvider:
    name = "console"

    def send(self, message: Outgoing) -> str:
        logger.info("sms", extra={"to": message.recipient, "text": message.body, "key": message.key})
        return message.key


class HttpSMSProvider:
    name = "http"

    def send(self, message: Outgoing) -> str:
        try:
            response = http().post(
                settings.SMS_HTTP_URL,
                json={"to": message.recipient, "text": message.body, "id": message.key},
                headers={"Authorization": f"Bearer {settings.SMS_HTTP_TOKEN}"},
                timeout=settings.SMS_HTTP_TIMEOUT,
            )
        except requests.RequestException as exc:
            raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc
        if not 200 <= response.status_code < 300:
            raise DeliveryError(f"HTTP {response.status_code}: {response.text[:200]}")
        try:
            return str(response.json().get("id") or message.key)[:120]
        except ValueError:
            return message.key


SMS_PROVIDERS: dict[str, type[Provider]] = {"file": FileSMSProvider, "console": ConsoleSMSProvider, "http": HttpSMSProvider}


def provider_for(medium: str) -> Provider:
    if medium == "email":
        return EmailProvider()
    return SMS_PROVIDERS[settings.SMS_PROVIDER]()
