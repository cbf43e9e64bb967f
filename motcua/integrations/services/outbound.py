"""Writes of the integrations domain towards the outside, and the signed callbacks.

The outbox: ``queue`` writes a message in the caller's transaction (so it exists if and only
if the change committed); the one outbox engine (``jobs.outbox``) sends it right after commit, retries it with backoff while the
counterpart is down, keeps it dead
after ``OUTBOX_MAX_ATTEMPTS`` (or a 4xx) until someone retries it, and delivers the messages
of one dossier to one system in ``seq`` order. Each call carries the message's stable key,
which the counterpart uses to drop a repeat, so a retry after a lost answer sends nothing twice.

Inbound: the postal service's tracking webhook and the payment gateway's callback are signed
(HMAC-SHA256 of the body with the shared secret) and carry a nonce; a bad signature is refused,
a replayed nonce changes nothing."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import json
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from ninja.errors import HttpError

from motcua.accounts.choices import Role
from motcua.accounts.services import add_membership
from motcua.catalog.selectors import public_version
from motcua.core.choices import AuditCategory
from motcua.core.errors import BilingualError
from motcua.core.services import record_event
from motcua.core.throttle import ClientThrottle
from motcua.dossiers import actions as dossier_actions
from motcua.dossiers import effects
from motcua.dossiers import services as dossier_services
from motcua.dossiers.choices import Channel
from motcua.fees.services import receipt_online
from motcua.jobs import outbox
from motcua.notifications.services import public_url

from .. import national
from ..adapters import adapter_for, sign
from ..choices import PaymentState, PostalKind, PostalState, Target
from ..models import CallbackNonce, IntegrationKey, OutboxMessage, Payment, PostalOrder

STATE_CHANGES = dossier_actions.SYNCS_DOSSIER  # actions after which the portal gets the whole dossier again (declared with them)


class CallbackError(BilingualError):
    pass


def enabled(target: str) -> bool:
    return bool({"portal": settings.NATIONAL_PORTAL_URL, "postal": settings.POSTAL_URL, "payment": settings.PAYMENT_URL}[target])


# --------------------------------------------------------------------------- outbox
def queue(*, target: str, kind: str, payload: dict, key: str, dossier=None) -> OutboxMessage:
    """Record an outbound message in the current transaction (idempotent on ``key``)."""
    existing = OutboxMessage.objects.filter(key=key).first()
    if existing is not None:
        return existing
    seq = 0
    if dossier is not None:
        seq = (OutboxMessage.objects.filter(target=target, dossier=dossier).aggregate(m=Max("seq"))["m"] or 0) + 1
    return OutboxMessage.objects.create(key=key[:160], target=target, kind=kind, payload=payload, dossier=dossier, seq=seq)


def on_dossier_event(d, event) -> None:
    """The outbound messages an action causes (inside the action's transaction). Portal
    messages are only rows here; their payload is built when they are sent, from the dossier
    and the immutable event, so intake pays almost nothing for them."""
    if event.data.get("imported"):
        return
    if enabled(Target.NATIONAL_PORTAL) and (d.code or d.national_code):
        # One row per action (its progress update, then for a change of state the whole
        # dossier, each call with its own key); sent right after commit.
        _insert_event_message(d, event)
    if enabled(Target.POSTAL):
        if event.action == "submit" and d.channel == Channel.POSTAL and d.pickup_address:
            order_postal(d, PostalKind.PICKUP, d.pickup_address)
        if event.action == "resolve" and d.result_channel == Channel.POSTAL and d.result_address:
            order_postal(d, PostalKind.DELIVERY, d.result_address)
    if enabled(Target.PAYMENT) and event.action == "request_payment" and d.fee_amount:
        request_payment(d, d.fee_amount)


@functools.cache
def _event_message_sql() -> str:
    meta = OutboxMessage._meta
    return (
        f"INSERT INTO {meta.db_table} (key, target, kind, dossier_id, seq, event_seq, payload, state, attempts, next_attempt_at, "  # noqa: S608 - names from the model
        "claimed_by, last_error, response, created_at) VALUES (%s, %s, 'event', %s, %s, %s, '{}', 'pending', 0, %s, '', '', '{}', %s)"
    )


def _insert_event_message(d, event) -> None:
    """One plain INSERT: this runs in every counter reception, where an ORM object (even with
    a statement planned once) cost +15 to +17% and this costs nothing measurable
    (docs/benchmarks.md, "Outbox")."""
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(_event_message_sql(), [f"portal:{d.pk}:{event.seq}", Target.NATIONAL_PORTAL, d.pk, event.seq, event.seq, now, now])


def send(message: OutboxMessage) -> dict:
    """The call(s) of one message; the answer is kept with the sent state. An action's message
    sends its progress update and, for a change of state, the whole dossier, built now from the
    dossier and the immutable event. The progress call, once acknowledged, is kept with the
    message, so a retry after the sync call failed sends only the sync (a call repeated after a
    lost answer carries the same key, which the portal drops)."""
    adapter = adapter_for(message.target)
    if message.kind != "event":
        return {"response": adapter.send(message.kind, message.payload or national.dossier_payload(message.dossier), message.key) or {}}
    d = message.dossier
    assert d is not None and message.event_seq is not None, "an event message names its dossier and event"
    table = national.mapping()
    event = d.events.get(seq=message.event_seq)
    done = (message.response or {}).get("progress")
    response = done or adapter.send("progress", national.progress_payload(d, event, table), f"{message.key}:progress") or {"status": "ok"}
    if event.action in STATE_CHANGES:
        if not done:  # acknowledged: a retry after the sync call failed starts from the sync
            OutboxMessage.objects.filter(pk=message.pk).update(response={"progress": response})
        response = adapter.send("sync", national.dossier_payload(d, table), f"{message.key}:sync")
    return {"response": response or {}}


def on_sent(message: OutboxMessage, fields: dict) -> None:
    """What a successful answer tells us: the waybill of a postal order, the payment link; a
    dossier that reached the national portal is synchronised (the service index counts it)."""
    response = fields.get("response") or {}
    if message.target == Target.NATIONAL_PORTAL and message.dossier_id:
        effects.changed([message.dossier_id])
    if message.kind == "postal_order":
        PostalOrder.objects.filter(reference=message.payload.get("reference"), state=PostalState.REQUESTED).update(
            state=PostalState.CREATED,
            waybill=str(response.get("waybill", ""))[:40],
            fee=response.get("fee") if isinstance(response.get("fee"), int) else None,
        )
    elif message.kind == "payment_request":
        Payment.objects.filter(reference=message.payload.get("reference")).update(
            pay_url=str(response.get("pay_url", ""))[:500], transaction_id=str(response.get("transaction_id", ""))[:60]
        )


OUTBOX = outbox.register(outbox.Outbox(name="integrations", model=OutboxMessage, send=send, on_sent=on_sent, line=("target", "dossier_id")))


def order_postal(d, kind: str, address: str) -> PostalOrder:
    order = PostalOrder.objects.create(
        dossier=d, kind=kind, reference=f"BC-{d.pk}-{kind[0].upper()}{secrets.token_hex(3).upper()}", address=address
    )
    agency = d.receiving_agency
    payload = {
        "reference": order.reference,
        "service": "HCC",
        "kind": kind,
        "sender": {"name": agency.name, "address": agency.address}
        if kind == PostalKind.DELIVERY
        else {"name": d.applicant_name, "phone": d.applicant_phone, "address": address},
        "receiver": {"name": d.applicant_name, "phone": d.applicant_phone, "address": address}
        if kind == PostalKind.DELIVERY
        else {"name": agency.name, "address": agency.address},
        "dossier": d.code or str(d.public_id),
    }
    queue(target=Target.POSTAL, kind="postal_order", payload=payload, key=f"postal:{order.reference}", dossier=d)
    return order


@transaction.atomic
def cancel_postal(order: PostalOrder, *, actor=None) -> None:
    order = PostalOrder.objects.select_for_update().get(pk=order.pk)
    if order.state in (PostalState.DELIVERED, PostalState.CANCELLED, PostalState.PICKED_UP):
        raise CallbackError("Đơn bưu chính không thể hủy ở tình trạng này.", "The postal order cannot be cancelled now.", status=409)
    order.state = PostalState.CANCELLED
    order.save(update_fields=["state"])
    if order.waybill:
        queue(
            target=Target.POSTAL,
            kind="postal_cancel",
            payload={"waybill": order.waybill},
            key=f"postal:{order.reference}:cancel",
            dossier=order.dossier,
        )
    record_event(actor=actor, category=AuditCategory.DOSSIER, action="postal.cancelled", obj=order, summary=order.reference)


def request_payment(d, amount: int) -> Payment:
    payment = Payment.objects.create(dossier=d, reference=f"TT-{d.pk}-{secrets.token_hex(4).upper()}", amount=amount)
    payload = {
        "reference": payment.reference,
        "amount": amount,
        "description": f"Phí, lệ phí hồ sơ {d.code}"[:200],
        "merchant": settings.PAYMENT_MERCHANT,
        "callback_url": public_url("/integrations/payments/callback/"),
    }
    queue(target=Target.PAYMENT, kind="payment_request", payload=payload, key=f"payment:{payment.reference}", dossier=d)
    return payment


# --------------------------------------------------------------------------- reconciliation
def reconcile(dossiers, start: dt.date, end: dt.date) -> list[dict]:
    """Dossiers missing on one side or with a different status, between our received dossiers
    and the portal's listing for the same dates."""
    table = national.mapping()["state"]
    ours = {d.code: d for d in dossiers.filter(code__isnull=False, received_at__date__gte=start, received_at__date__lte=end)}
    theirs = {
        item.get("MaHoSo"): item for item in adapter_for(Target.NATIONAL_PORTAL).listing(start.strftime("%Y%m%d"), end.strftime("%Y%m%d"))
    }
    rows = []
    for code in sorted(set(ours) | set(theirs)):
        d, item = ours.get(code), theirs.get(code)
        expected = table.get(d.state, "") if d else ""
        if d is None and item is not None:
            rows.append({"code": code, "problem": "missing_here", "ours": "", "theirs": item.get("TrangThaiHoSo", ""), "dossier": None})
        elif item is None:
            rows.append({"code": code, "problem": "missing_there", "ours": expected, "theirs": "", "dossier": d})
        elif str(item.get("TrangThaiHoSo", "")) != expected:
            rows.append(
                {"code": code, "problem": "status_differs", "ours": expected, "theirs": str(item.get("TrangThaiHoSo", "")), "dossier": d}
            )
    return rows


@transaction.atomic
def resend(d, *, actor=None) -> OutboxMessage:
    """One click: send the dossier's whole data to the portal again."""
    message = queue(
        target=Target.NATIONAL_PORTAL, kind="sync", payload={}, key=f"portal:{d.pk}:resend:{timezone.now():%Y%m%d%H%M%S%f}", dossier=d
    )
    record_event(actor=actor, category=AuditCategory.DOSSIER, action="portal.resent", obj=d, summary=d.code or "")
    return message


# --------------------------------------------------------------------------- signed callbacks
def verify_signature(secret: str, body: bytes, signature: str) -> bool:
    return bool(secret) and bool(signature) and hmac.compare_digest(sign(secret, body), signature.strip().lower())


def _fresh(data: dict) -> None:
    try:
        at = dt.datetime.fromisoformat(str(data.get("at")))
    except ValueError:
        raise CallbackError("Thời điểm không hợp lệ.", "Invalid 'at'.") from None
    if timezone.is_naive(at) or abs((timezone.now() - at).total_seconds()) > settings.CALLBACK_MAX_AGE_SECONDS:
        raise CallbackError("Thông báo quá cũ hoặc sai đồng hồ.", "The callback is too old or from the future.", status=401)


def _remember(source: str, nonce: str) -> bool:
    """False if the nonce was seen before (a replay)."""
    if not nonce or len(nonce) > 80:
        raise CallbackError("Thiếu nonce.", "A nonce is required.")
    try:
        with transaction.atomic():
            CallbackNonce.objects.create(source=source, nonce=nonce)
    except IntegrityError:
        return False
    return True


def _parse(secret: str, body: bytes, signature: str) -> dict:
    if not verify_signature(secret, body, signature):
        raise CallbackError("Chữ ký không hợp lệ.", "Invalid signature.", status=401)
    try:
        data = json.loads(body)
    except ValueError:
        raise CallbackError("Nội dung không phải JSON.", "The body is not JSON.") from None
    if not isinstance(data, dict):
        raise CallbackError("Nội dung không hợp lệ.", "Invalid body.")
    _fresh(data)
    return data


POSTAL_STATES = {"picked_up": PostalState.PICKED_UP, "delivered": PostalState.DELIVERED, "failed": PostalState.FAILED}


@transaction.atomic
def postal_webhook(body: bytes, signature: str) -> str:
    """A tracking update: records the hand-over on the dossier; a result handed to the post
    office is the result returned by post."""
    data = _parse(settings.POSTAL_WEBHOOK_SECRET, body, signature)
    if not _remember(Target.POSTAL, str(data.get("nonce", ""))):
        return "replay"
    order = PostalOrder.objects.select_for_update().filter(waybill=str(data.get("waybill", ""))[:40]).exclude(waybill="").first()
    status = POSTAL_STATES.get(str(data.get("status")))
    if order is None or status is None:
        raise CallbackError("Không có vận đơn này hoặc trạng thái không hợp lệ.", "Unknown waybill or status.", status=404)
    at = dt.datetime.fromisoformat(str(data["at"]))
    order.history = [*order.history, {"status": status, "at": at.isoformat(), "note": str(data.get("note", ""))[:200]}]
    order.state = status
    if status == PostalState.PICKED_UP:
        order.picked_up_at = at
    elif status == PostalState.DELIVERED:
        order.delivered_at = at
    order.save()
    dossier_services.record_postal(order.dossier, order.kind, status, at, waybill=order.waybill)
    return status


@transaction.atomic
def payment_callback(body: bytes, signature: str) -> str:
    """The gateway confirms or fails a payment: a paid one gets its electronic receipt and the
    dossier resumes; a forged or replayed callback changes nothing."""
    data = _parse(settings.PAYMENT_SECRET, body, signature)
    if not _remember(Target.PAYMENT, str(data.get("nonce", ""))):
        return "replay"
    payment = Payment.objects.select_for_update().filter(reference=str(data.get("reference", ""))[:40]).first()
    if payment is None:
        raise CallbackError("Không có khoản thanh toán này.", "Unknown payment.", status=404)
    if payment.state != PaymentState.PENDING:
        return payment.state
    if data.get("status") == "paid":
        if data.get("amount") != payment.amount:
            raise CallbackError("Số tiền không khớp.", "The amount does not match.", status=409)
        payment.state, payment.paid_at = PaymentState.PAID, dt.datetime.fromisoformat(str(data["at"]))
        payment.channel = str(data.get("channel", "online"))[:30]
        payment.transaction_id = str(data.get("transaction_id", payment.transaction_id))[:60]
        # The receipt takes the next number of the receiving unit's book for the year (fees).
        receipt = receipt_online(
            payment.dossier, amount=payment.amount, at=payment.paid_at, reference=payment.transaction_id, channel=payment.channel
        )
        payment.receipt_number = receipt.display_number
        payment.save()
        d = payment.dossier
        if d.state == "awaiting_payment":
            dossier_services.perform(
                d, "payment_received", actor=None, receipt=payment.receipt_number, note=f"Thanh toán trực tuyến ({payment.channel})"
            )
        return PaymentState.PAID
    if data.get("status") == "failed":
        payment.state = PaymentState.FAILED
        payment.save(update_fields=["state"])
        return PaymentState.FAILED
    raise CallbackError("Trạng thái thanh toán không hợp lệ.", "Invalid payment status.")


# --------------------------------------------------------------------------- inbound API keys
SCOPES = ("dossiers:read", "dossiers:write", "reports:read", "organisations:read", "accounts:read")
KEY_PREFIX = "mk_"  # noqa: S105 - a public prefix


def required_scope(path: str, method: str) -> str:
    """The scope an /api/v1 call needs: the first path segment, read or write."""
    part = path.split("/api/v1/", 1)[-1].split("/", 1)[0]
    family = {"dossiers": "dossiers", "reports": "reports", "agencies": "organisations", "staff": "organisations", "me": "accounts"}.get(
        part, part
    )
    return f"{family}:{'read' if method in ('GET', 'HEAD', 'OPTIONS') else 'write'}"


@transaction.atomic
def create_integration_key(*, name: str, agency, scopes: list[str], rate: str = "120/m", actor=None):
    """A key for another system: a service account in ``agency`` (its scope), the scopes it may
    use and its rate limit. Only a hash is kept; the key is shown once."""
    unknown = set(scopes) - set(SCOPES)
    if unknown or not scopes:
        raise CallbackError(f"Quyền không hợp lệ: {', '.join(sorted(unknown)) or 'trống'}.", "Unknown or empty scopes.")

    try:
        ClientThrottle("check", rate)
    except Exception:  # noqa: BLE001 - ninja raises on a malformed rate
        raise CallbackError("Giới hạn phải có dạng n/s, n/m, n/h.", "rate must look like 120/m.") from None
    user = get_user_model().objects.create_user(username=f"integration:{name}"[:150], full_name=f"Hệ thống {name}"[:150])
    user.set_unusable_password()
    user.save()
    add_membership(user, agency, Role.RECEPTION if "dossiers:write" in scopes else Role.REPORT_VIEWER, actor=actor)
    raw = KEY_PREFIX + secrets.token_urlsafe(32)
    key = IntegrationKey.objects.create(
        name=name[:100],
        prefix=raw[:10],
        key_hash=hashlib.sha256(raw.encode()).hexdigest(),
        scopes=sorted(scopes),
        rate=rate,
        user=user,
        created_by=actor,
    )
    record_event(actor=actor, category=AuditCategory.ACCOUNT, action="integration_key.created", obj=key, agency=agency, summary=name)
    return key, raw


def authenticate_key(request, raw: str):
    """The service account behind an ``X-Api-Key`` if the key is active, allows this call's
    scope and is under its rate limit; the key is kept on the request for the request log."""
    if not raw or not raw.startswith(KEY_PREFIX) or len(raw) > 200:
        return None
    key = IntegrationKey.objects.select_related("user").filter(key_hash=hashlib.sha256(raw.encode()).hexdigest(), is_active=True).first()
    if key is None or not key.user.is_active:
        return None
    request.integration_key = key
    if not ClientThrottle("key", key.rate, ident=str(key.pk)).allow_request(request):  # every call counts
        raise HttpError(429, "Rate limit of this key reached.")
    scope = required_scope(request.path, request.method)
    if scope not in key.scopes:
        raise HttpError(403, f"This key may not use {scope}.")
    request.user = key.user
    return key.user


# --------------------------------------------------------------------------- look-ups
def pull_procedure(code: str) -> dict:
    """The portal's data of a procedure (``LayThuTuc``) beside our version in force: the fields
    that differ, for the catalogue administrator to review (nothing is overwritten)."""
    theirs = adapter_for(Target.NATIONAL_PORTAL).procedure(code)
    if theirs is None:
        raise CallbackError(f"Cổng DVC quốc gia không có thủ tục {code}.", f"The portal has no procedure {code}.", status=404)
    ours = public_version(code)
    mine = {
        "TenTTHC": ours.name if ours else None,
        "MaLinhVuc": ours.field.code if ours else None,
        "ThoiHanGiaiQuyet": f"{ours.statutory_value.normalize()} {ours.statutory_unit}" if ours else None,
        "MucDoDVC": ours.online_level if ours else None,
    }
    differences = {k: {"ours": v, "theirs": theirs.get(k)} for k, v in mine.items() if k in theirs and str(theirs.get(k)) != str(v)}
    return {"code": code, "theirs": theirs, "in_catalogue": ours is not None, "differences": differences}


def lookup(code: str) -> dict | None:
    """The portal's record of one dossier (``TraCuuHoSo``), or None if it does not have it."""
    return adapter_for(Target.NATIONAL_PORTAL).lookup(code)
