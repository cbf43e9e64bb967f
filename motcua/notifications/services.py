"""Writes of the notification outbox: queue a message (inside the caller's transaction),
deliver it (after commit, by the job runner), retry it.

Delivery is at-least-once towards the provider and exactly-once in our records: a message is
claimed (state ``sending``) in a short transaction before the provider is called, so two
workers never send the same row; a worker that dies mid-send leaves a claim that expires after
``NOTIFICATION_CLAIM_TIMEOUT`` seconds and is retried with the same stable key, which the
provider may use to drop the duplicate. A failing provider reschedules the message with
exponential backoff; after ``NOTIFICATION_MAX_ATTEMPTS`` it is ``dead``: kept, listed in the
admin, and sent again only when someone asks."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template import Context, Engine
from django.utils import timezone

from motcua.core import revisions
from motcua.core.choices import AuditCategory
from motcua.core.inserts import insert
from motcua.core.services import record_event
from motcua.core.text import ascii_text
from motcua.jobs.runner import backoff_delay

from .choices import Medium, MessageState
from .models import Message, NotificationTemplate
from .providers import DeliveryError, provider_for

logger = logging.getLogger("motcua.notifications")
_ENGINE = Engine(autoescape=False)


@functools.lru_cache(maxsize=512)
def compile_template(text: str):
    """A compiled template per text (an edited template is a new text, so a new entry)."""
    return _ENGINE.from_string(text)


TEMPLATES = "notifications.template"


def _templates(template_key: str) -> dict[str, NotificationTemplate]:
    """The active templates of ``template_key`` by medium (cached in the process until a
    template changes)."""
    return revisions.cached(TEMPLATES, template_key, lambda: {t.medium: t for t in NotificationTemplate.objects.filter(key=template_key, is_active=True)})


def render(template_key: str, medium: str, context: dict[str, Any], template: NotificationTemplate | None = None) -> tuple[str, str] | None:
    """(subject, body) of the active template, or None when there is none for this medium."""
    template = template or _templates(template_key).get(medium)
    if template is None:
        return None
    ctx = Context(context, autoescape=False)
    subject = " ".join(compile_template(template.subject).render(ctx).split())[:200]
    body = compile_template(template.body).render(ctx).strip()
    if medium == Medium.SMS and settings.SMS_ASCII:
        body = ascii_text(body)
    return subject, body


def queue(*, key: str, medium: str, recipient: str, template_key: str, context: dict[str, Any], dossier=None, user=None,
          template: NotificationTemplate | None = None, attachment: tuple[str, bytes] | None = None, fresh: bool = False) -> Message | None:
    """Record a message to send (idempotent on ``key``) and have it delivered after commit.
    Returns None when there is no recipient or no active template for the medium. ``fresh``:
    the key names a row written in this very transaction (a dossier's new event), so it cannot
    exist yet and the insert needs no savepoint."""
    recipient = (recipient or "").strip()
    if not recipient:
        return None
    rendered = render(template_key, medium, context, template)
    if rendered is None:
        return None
    subject, body = rendered
    fields = {"key": key[:120], "medium": medium, "recipient": recipient[:254], "subject": subject, "body": body, "template_key": template_key, "dossier": dossier, "user": user}
    if fresh:
        message, created = insert(Message(**fields)), True
    else:  # insert first: almost every key is new, and a duplicate is caught by the unique key
        try:
            with transaction.atomic():
                message, created = Message.objects.create(**fields), True
        except IntegrityError:
            message, created = Message.objects.get(key=key[:120]), False
    if created:
        from .tasks import deliver_message

        if attachment is not None:
            from django.core.files.base import ContentFile

            name, data = attachment
            message.attachment_name = name[:200]
            message.attachment.save(f"{message.pk}-{name}"[:150], ContentFile(data), save=True)
        # The job row is written in the same transaction as the message (the task backend is the
        # database): both commit or neither, with no second commit after the action's.
        deliver_message.enqueue(message.pk)
    return message


def queue_both(*, key: str, email: str, phone: str, template_key: str, context: dict[str, Any], dossier=None, user=None, fresh: bool = False) -> list[Message]:
    """The same notice by e-mail and by SMS, to whichever of the two addresses is known (one
    read for both templates)."""
    if not (email or "").strip() and not (phone or "").strip():
        return []
    templates = _templates(template_key)
    sent = [queue(key=f"{key}:{medium}", medium=medium, recipient=address, template_key=template_key, context=context, dossier=dossier, user=user,
                  template=templates.get(medium), fresh=fresh)
            for medium, address in ((Medium.EMAIL, email), (Medium.SMS, phone)) if medium in templates]
    return [m for m in sent if m is not None]


def _claim(message_id: int, now: dt.datetime) -> Message | None:
    stale = now - dt.timedelta(seconds=settings.NOTIFICATION_CLAIM_TIMEOUT)
    with transaction.atomic():
        claimable = Q(state=MessageState.PENDING, next_attempt_at__lte=now) | Q(state=MessageState.SENDING, claimed_at__lt=stale)
        claimed = Message.objects.filter(claimable, pk=message_id).update(state=MessageState.SENDING, claimed_at=now)
    return Message.objects.get(pk=message_id) if claimed else None


def deliver(message_id: int, *, now: dt.datetime | None = None) -> str:
    """Try to deliver one message; returns its state afterwards. Never raises for a provider
    failure: the message is rescheduled (or dead after the last attempt)."""
    now = now or timezone.now()
    message = _claim(message_id, now)
    if message is None:
        return Message.objects.filter(pk=message_id).values_list("state", flat=True).first() or "missing"
    attempts = message.attempts + 1
    try:
        ref = provider_for(message.medium).send(message)
    except DeliveryError as exc:
        state = MessageState.DEAD if attempts >= settings.NOTIFICATION_MAX_ATTEMPTS else MessageState.PENDING
        Message.objects.filter(pk=message.pk).update(state=state, attempts=attempts, last_error=str(exc)[:500], next_attempt_at=now + backoff_delay(attempts, settings.NOTIFICATION_BACKOFF_SECONDS), claimed_at=None)
        logger.warning("notification not delivered", extra={"message": message.pk, "attempt": attempts, "state": state, "error": str(exc)[:200]})
        return state
    Message.objects.filter(pk=message.pk).update(state=MessageState.SENT, attempts=attempts, sent_at=timezone.now(), provider_ref=(ref or "")[:120], last_error="", claimed_at=None)
    return MessageState.SENT


def deliver_due(*, limit: int = 200, now: dt.datetime | None = None) -> dict[str, int]:
    """Deliver the messages whose time has come (oldest first); the periodic sweep."""
    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=settings.NOTIFICATION_CLAIM_TIMEOUT)
    due = (Message.objects.filter(Q(state=MessageState.PENDING, next_attempt_at__lte=now) | Q(state=MessageState.SENDING, claimed_at__lt=stale))
           .order_by("next_attempt_at", "id").values_list("pk", flat=True)[:limit])
    counts: dict[str, int] = {}
    for pk in list(due):
        state = deliver(pk, now=now)
        counts[state] = counts.get(state, 0) + 1
    return counts


def retry(message: Message, *, actor=None) -> bool:
    """Send a dead (or failed-for-now) message again from the admin."""
    from .tasks import deliver_message

    with transaction.atomic():
        updated = Message.objects.filter(pk=message.pk).exclude(state=MessageState.SENT).update(state=MessageState.PENDING, next_attempt_at=timezone.now(), claimed_at=None)
        if updated:
            record_event(actor=actor, category=AuditCategory.SYSTEM, action="notification.retried", obj=message, summary=message.key)
            transaction.on_commit(lambda: deliver_message.enqueue(message.pk))
    return bool(updated)


# --------------------------------------------------------------------------- dossier notices
DOSSIER_NOTICES = {
    "submit": "dossier.submitted", "receive": "dossier.received", "guide": "dossier.guided", "refuse": "dossier.refused",
    "request_supplement": "dossier.supplement_requested", "request_payment": "dossier.payment_requested", "apologize": "dossier.apologized",
    "resolve": "dossier.resolved", "stop": "dossier.stopped",
}


def _short_time(value) -> str:
    if not value:
        return ""
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")


def public_url(path: str) -> str:
    return (settings.PUBLIC_BASE_URL or "http://127.0.0.1:8000").rstrip("/") + path


def dossier_context(d, event) -> dict[str, Any]:
    from django.urls import reverse

    from motcua.dossiers.choices import Channel

    data = event.data or {}
    reference = data.get("reference") or (d.code or str(d.public_id)[:8].upper())
    track = public_url(reverse("dossiers:track") + f"?code={d.code}&secret={d.lookup_secret}") if d.code else public_url(reverse("dossiers:track"))
    portal = public_url(reverse("portal:dossier", args=[d.public_id])) if d.owner_id else public_url(reverse("portal:home"))
    result_note = {Channel.ONLINE: "Ông/Bà tải kết quả điện tử trên cổng dịch vụ công.", Channel.POSTAL: "Kết quả sẽ được gửi qua bưu chính công ích."}.get(
        d.result_channel, f"Mời Ông/Bà đến {d.receiving_agency.name} nhận kết quả.")
    return {
        "name": d.applicant_name, "code": d.code or "", "secret": d.lookup_secret, "reference": reference, "procedure": d.procedure.name,
        "agency": d.receiving_agency.name, "agency_short": d.receiving_agency.short_name or d.receiving_agency.name,
        "channel": {"online": "trực tuyến", "postal": "qua bưu chính công ích"}.get(d.channel, "trực tiếp"),
        "at": _short_time(event.at), "due": _short_time(d.due_at), "appointment": _short_time(d.appointment_at or d.due_at),
        "note": event.note, "missing": data.get("missing") or [], "amount": f"{d.fee_amount:,}".replace(",", ".") if d.fee_amount else "",
        "track_url": track, "portal_url": portal, "result_note": result_note,
    }


def notify_dossier_event(d, event) -> list[Message]:
    """The applicant's notice for a dossier event, written in the event's transaction."""
    template_key = DOSSIER_NOTICES.get(event.action)
    if template_key is None or event.data.get("imported"):
        return []
    owner = d.owner if d.owner_id else None
    email = d.applicant_email or (owner.email if owner else "")
    phone = d.applicant_phone or (owner.phone if owner else "")
    # The key names the event just written: no message can have it yet.
    return queue_both(key=f"dossier:{d.pk}:{event.seq}", email=email, phone=phone, template_key=template_key, context=dossier_context(d, event), dossier=d, user=owner,
                      fresh=True)
