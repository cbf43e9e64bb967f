"""Writes of the notification outbox: queue a message (inside the caller's transaction); the
delivery, its retries, dead letters and the admin's retry are those of the one outbox engine
(``jobs.outbox``), which calls ``send`` below."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template import Context, Engine
from django.urls import reverse
from django.utils import timezone

from motcua.core import revisions
from motcua.core.inserts import insert
from motcua.core.text import ascii_text, digits
from motcua.dossiers import actions as dossier_actions
from motcua.dossiers.choices import Channel
from motcua.jobs import outbox

from .choices import Medium
from .models import Message, NotificationTemplate
from .providers import provider_for

_ENGINE = Engine(autoescape=False)


TEMPLATES = "notifications.template"  # the revision (core.revisions) every template edit bumps


def compile_template(text: str):
    """A compiled template per text, kept in the process until the templates next change."""
    return revisions.cached(TEMPLATES, ("compiled", text), lambda: _ENGINE.from_string(text), shared=True)


def _templates(template_key: str) -> dict[str, NotificationTemplate]:
    """The active templates of ``template_key`` by medium (cached in the process until a
    template changes)."""
    return revisions.cached(
        TEMPLATES, template_key, lambda: {t.medium: t for t in NotificationTemplate.objects.filter(key=template_key, is_active=True)}
    )


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


def queue(
    *,
    key: str,
    medium: str,
    recipient: str,
    template_key: str,
    context: dict[str, Any],
    dossier=None,
    user=None,
    template: NotificationTemplate | None = None,
    attachment: tuple[str, bytes] | None = None,
    fresh: bool = False,
) -> Message | None:
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
    fields = {
        "key": key[:160],
        "medium": medium,
        "recipient": recipient[:254],
        "subject": subject,
        "body": body,
        "template_key": template_key,
        "dossier": dossier,
        "user": user,
    }
    if fresh:
        message, created = insert(Message(**fields)), True
    else:  # insert first: almost every key is new, and a duplicate is caught by the unique key
        try:
            with transaction.atomic():
                message, created = Message.objects.create(**fields), True
        except IntegrityError:
            message, created = Message.objects.get(key=key[:160]), False
    if created:
        if attachment is not None:
            name, data = attachment
            message.attachment_name = name[:200]
            message.attachment.save(f"{message.pk}-{name}"[:150], ContentFile(data), save=True)
        # The workers' dispatchers send it once this transaction commits.
    return message


def queue_both(
    *, key: str, email: str, phone: str, template_key: str, context: dict[str, Any], dossier=None, user=None, fresh: bool = False
) -> list[Message]:
    """The same notice by e-mail and by SMS, to whichever of the two addresses is known (one
    read for both templates)."""
    if not (email or "").strip() and not (phone or "").strip():
        return []
    templates = _templates(template_key)
    sent = [
        queue(
            key=f"{key}:{medium}",
            medium=medium,
            recipient=address,
            template_key=template_key,
            context=context,
            dossier=dossier,
            user=user,
            template=templates.get(medium),
            fresh=fresh,
        )
        for medium, address in ((Medium.EMAIL, email), (Medium.SMS, phone))
        if medium in templates
    ]
    return [m for m in sent if m is not None]


def send(message: Message) -> dict[str, Any]:
    """One message through its provider; the provider's reference is kept with the sent state."""
    return {"provider_ref": (provider_for(message.medium).send(message) or "")[:120]}


OUTBOX = outbox.register(outbox.Outbox(name="notifications", model=Message, send=send))


# --------------------------------------------------------------------------- dossier notices
DOSSIER_NOTICES = dossier_actions.NOTICES  # the notice of each action, as the actions declare it


def _short_time(value) -> str:
    if not value:
        return ""
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")


def public_url(path: str) -> str:
    return (settings.PUBLIC_BASE_URL or "http://127.0.0.1:8000").rstrip("/") + path


def dossier_context(d, event) -> dict[str, Any]:
    data = event.data or {}
    reference = data.get("reference") or (d.code or str(d.public_id)[:8].upper())
    track = (
        public_url(reverse("dossiers:track") + f"?code={d.code}&secret={d.lookup_secret}")
        if d.code
        else public_url(reverse("dossiers:track"))
    )
    portal = public_url(reverse("portal:dossier", args=[d.public_id])) if d.owner_id else public_url(reverse("portal:home"))
    result_note = {
        Channel.ONLINE: "Ông/Bà tải kết quả điện tử trên cổng dịch vụ công.",
        Channel.POSTAL: "Kết quả sẽ được gửi qua bưu chính công ích.",
    }.get(d.result_channel, f"Mời Ông/Bà đến {d.receiving_agency.name} nhận kết quả.")
    return {
        "name": d.applicant_name,
        "code": d.code or "",
        "secret": d.lookup_secret,
        "reference": reference,
        "procedure": d.procedure.name,
        "agency": d.receiving_agency.name,
        "agency_short": d.receiving_agency.short_name or d.receiving_agency.name,
        "channel": {"online": "trực tuyến", "postal": "qua bưu chính công ích"}.get(d.channel, "trực tiếp"),
        "at": _short_time(event.at),
        "due": _short_time(d.due_at),
        "appointment": _short_time(d.appointment_at or d.due_at),
        "note": event.note,
        "missing": data.get("missing") or [],
        "amount": digits(d.fee_amount) if d.fee_amount else "",
        "track_url": track,
        "portal_url": portal,
        "result_note": result_note,
    }


def notify_dossier_event(d, event) -> list[Message]:
    """The applicant's notice for a dossier event, written in the event's transaction."""
    template_key = DOSSIER_NOTICES.get(event.action)
    if template_key is None or event.data.get("imported") or event.data.get("notify") is False:
        return []
    owner = d.owner if d.owner_id else None
    email = d.applicant_email or (owner.email if owner else "")
    phone = d.applicant_phone or (owner.phone if owner else "")
    # The key names the event just written: no message can have it yet.
    return queue_both(
        key=f"dossier:{d.pk}:{event.seq}",
        email=email,
        phone=phone,
        template_key=template_key,
        context=dossier_context(d, event),
        dossier=d,
        user=owner,
        fresh=True,
    )
