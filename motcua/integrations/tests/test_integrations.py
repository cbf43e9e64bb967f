"""The outbox against fake counterparts on 127.0.0.1: the national portal down for the whole
test then up (everything delivered once, in order), slow (timeouts retried), answering errors
(dead letter after N, retried from the admin); reconciliation finding injected drift; the
postal service's orders and signed webhook; the payment gateway's signed callback, forged and
replayed callbacks refused."""

import datetime as dt
import io
import json
from http.server import BaseHTTPRequestHandler

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import timezone

from motcua.core.testing import FakeCounterpart, send_json
from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import Dossier
from motcua.integrations import services
from motcua.integrations.adapters import sign
from motcua.integrations.models import OutboxMessage, Payment, PostalOrder


def sweep(hours: float = 0):
    return services.OUTBOX.deliver_due(now=timezone.now() + dt.timedelta(hours=hours))


def test_down_for_the_whole_test_then_up_delivers_everything_once_in_order(env, receive, portal):
    portal.mode = "down"
    first = receive()
    first = dossier_services.perform(first, "assign", actor=env["staff"]["reception_a"], to_user=env["staff"]["reception_a"].pk)
    second = receive()
    queued = OutboxMessage.objects.count()
    assert queued == 3  # one per action: receive (progress + sync), assign (progress), receive (progress + sync)
    calls = 5
    for hour in (0, 0.2, 0.5, 1):  # an hour of outage
        sweep(hour)
    assert OutboxMessage.objects.filter(state="pending").count() == queued and not portal.calls
    portal.mode = "up"
    for hour in (2, 3, 4):
        sweep(hour)
    assert OutboxMessage.objects.filter(state="sent").count() == queued
    assert len(portal.calls) == calls  # once each
    first_calls = [(s, b["MaHoSo"]) for s, b in portal.calls if b["MaHoSo"] == first.code]
    assert [s for s, _ in first_calls] == ["CapNhatTienDoHoSoMC", "DongBoHoSoMC", "CapNhatTienDoHoSoMC"]  # the dossier's order
    synced = portal.dossiers[second.code]
    assert synced["TrangThaiHoSo"] == "2" and synced["KenhThucHien"] == "1" and len(synced["NgayTiepNhan"]) == 14
    sweep(5)
    assert len(portal.calls) == calls  # nothing twice


def test_a_lost_answer_is_retried_with_the_same_key_and_not_duplicated(env, receive, portal):
    receive()
    message = OutboxMessage.objects.get()
    services.OUTBOX.deliver(message.pk)
    OutboxMessage.objects.filter(pk=message.pk).update(state="pending")  # as if the answer had been lost
    services.OUTBOX.deliver(message.pk)
    assert [c[0] for c in portal.calls] == ["CapNhatTienDoHoSoMC", "DongBoHoSoMC"]


def test_a_retry_after_the_sync_failed_sends_only_the_sync(env, receive, portal):
    receive()
    message = OutboxMessage.objects.get()
    portal.fail_once.add("DongBoHoSoMC")
    assert services.OUTBOX.deliver(message.pk) == "pending"
    message.refresh_from_db()
    assert message.attempts == 1 and message.response.get("progress")
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert services.OUTBOX.deliver(message.pk) == "sent"
    assert portal.received == [f"{message.key}:progress", f"{message.key}:sync"]  # the progress call was not sent again
    assert [c[0] for c in portal.calls] == ["CapNhatTienDoHoSoMC", "DongBoHoSoMC"]


def test_a_slow_portal_times_out_and_is_retried(env, receive, portal):
    receive()
    portal.mode = "slow"
    sweep()
    first = OutboxMessage.objects.order_by("seq").first()
    assert first.state == "pending" and first.attempts == 1 and "Timeout" in first.last_error
    portal.mode = "up"
    sweep(1)
    sweep(2)
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {"sent"}


@override_settings(OUTBOX_MAX_ATTEMPTS=3)
def test_errors_end_in_the_dead_letters_and_the_admin_retries(env, receive, portal, admin_client):
    portal.mode = "down"
    d = receive()
    dossier_services.perform(d, "assign", actor=env["staff"]["reception_a"], to_user=env["staff"]["reception_a"].pk)
    for hour in range(5):
        sweep(hour)
    first = OutboxMessage.objects.order_by("seq").first()
    assert first.state == "dead" and first.attempts == 3
    later = OutboxMessage.objects.order_by("seq").last()
    assert later.state == "pending"  # held behind the dead one: the dossier's order is kept
    portal.mode = "up"
    sweep(10)
    assert later.__class__.objects.get(pk=later.pk).state == "pending" and not portal.calls
    r = admin_client.post("/admin/integrations/outboxmessage/", {"action": "retry_selected", "_selected_action": [first.pk]})
    assert r.status_code == 302
    sweep(11)
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {"sent"}


def test_a_rejected_message_goes_straight_to_the_dead_letters(env, receive, portal):
    receive()
    portal.mode = "error"
    sweep()
    assert OutboxMessage.objects.order_by("seq").first().state == "dead"


def test_reconciliation_finds_injected_drift_and_resends(env, receive, portal, client):
    a, b, c = receive(), receive(), receive()
    sweep()
    portal.dossiers.pop(b.code)  # lost on their side
    portal.dossiers[c.code]["TrangThaiHoSo"] = "4"  # a different status
    portal.dossiers["000.99.99.H99-250101-0001"] = {"MaHoSo": "000.99.99.H99-250101-0001", "TrangThaiHoSo": "2"}  # only there
    today = timezone.localdate()
    rows = {r["code"]: r["problem"] for r in services.reconcile(type(a).objects.all(), today - dt.timedelta(days=1), today)}
    assert rows == {b.code: "missing_there", c.code: "status_differs", "000.99.99.H99-250101-0001": "missing_here"}
    client.force_login(env["staff"]["admin"])
    page = client.get("/integrations/reconciliation/", {"start": (today - dt.timedelta(days=1)).isoformat(), "end": today.isoformat()})
    assert page.status_code == 200 and b.code in page.content.decode()
    assert client.post(f"/integrations/reconciliation/{b.pk}/resend/").status_code == 302
    sweep()
    assert b.code in portal.dossiers and a.code in portal.dossiers


def test_dossier_lookup_and_procedure_pull(env, receive, portal):
    d = receive()
    sweep()
    assert services.lookup(d.code)["TrangThaiHoSo"] == "2" and services.lookup("KHONG-CO") is None
    portal.procedures[env["code"]] = {
        "MaTTHC": env["code"],
        "TenTTHC": "Đăng ký khai sinh (sửa đổi)",
        "MaLinhVuc": "HT",
        "MucDoDVC": "full",
    }
    pulled = services.pull_procedure(env["code"])
    assert pulled["in_catalogue"] and set(pulled["differences"]) == {"TenTTHC"}
    with pytest.raises(services.CallbackError):
        services.pull_procedure("9.999999")


# --------------------------------------------------------------------------- post
class FakePostal(FakeCounterpart):
    def __init__(self):
        self.orders: dict[str, dict] = {}
        super().__init__()

    def handler(self):
        post = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                if self.path.endswith("/cancel"):
                    return send_json(self, {"status": "cancelled"})
                waybill = post.orders.setdefault(
                    self.headers["X-Idempotency-Key"], {"waybill": f"EB{len(post.orders) + 100000}VN", **body}
                )["waybill"]
                return send_json(self, {"waybill": waybill, "fee": 22000})

        return Handler


@pytest.fixture
def post(settings):
    fake = FakePostal()
    settings.POSTAL_URL, settings.POSTAL_TOKEN, settings.POSTAL_WEBHOOK_SECRET = fake.base, "tok", "postal-secret"
    yield fake
    fake.close()


def signed(client, url, secret, data, signature=None):
    body = json.dumps(data).encode()
    return client.post(url, body, content_type="application/json", HTTP_X_SIGNATURE=signature or sign(secret, body))


def test_postal_delivery_order_waybill_and_signed_tracking(env, receive, post, client):
    d = receive(result_channel="postal")
    Dossier.objects.filter(pk=d.pk).update(result_address="12 Trần Phú, xã A")
    d = dossier_services.perform(d, "resolve", actor=env["staff"]["leader_a"])
    sweep()
    order = PostalOrder.objects.get(dossier=d, kind="delivery")
    assert order.state == "created" and order.waybill.startswith("EB") and order.fee == 22000
    now = timezone.now()
    update = {"waybill": order.waybill, "status": "picked_up", "at": now.isoformat(), "nonce": "n-1"}
    assert signed(client, "/integrations/postal/webhook/", "wrong-secret", update).status_code == 401  # forged
    d.refresh_from_db()
    assert d.state == "resolved"
    r = signed(client, "/integrations/postal/webhook/", "postal-secret", update)
    assert r.status_code == 200 and r.json()["status"] == "picked_up"
    d.refresh_from_db()
    assert d.state == "returned" and d.result_channel == "postal" and d.national_status == 10
    assert signed(client, "/integrations/postal/webhook/", "postal-secret", update).json()["status"] == "replay"
    assert d.events.filter(action="return_result").count() == 1
    delivered = {**update, "status": "delivered", "nonce": "n-2", "at": (now + dt.timedelta(minutes=2)).isoformat()}
    r = signed(client, "/integrations/postal/webhook/", "postal-secret", delivered)
    assert r.json().get("status") == "delivered", r.json()
    order.refresh_from_db()
    assert order.state == "delivered" and order.delivered_at is not None and d.events.filter(action="postal").exists()
    stale = {**update, "nonce": "n-3", "at": (now - dt.timedelta(days=1)).isoformat()}
    assert signed(client, "/integrations/postal/webhook/", "postal-secret", stale).status_code == 401


def test_postal_submission_creates_a_pickup_order_and_can_be_cancelled(env, post):
    d = dossier_services.submit(
        actor=None,
        procedure_code=env["code"],
        receiving_agency_code=env["a_centre"].code,
        channel="postal",
        applicant=dossier_services.Applicant(name="Lê Văn Tám", id_number="068190001234"),
        pickup_address="Thôn 5, xã A",
        result_channel="counter",
    )
    sweep()
    order = PostalOrder.objects.get(dossier=d, kind="pickup")
    assert order.waybill and order.address == "Thôn 5, xã A"
    call_command("cancel_postal", order.reference, stdout=io.StringIO())
    sweep()
    order.refresh_from_db()
    assert order.state == "cancelled" and OutboxMessage.objects.filter(kind="postal_cancel", state="sent").exists()
    with pytest.raises(CommandError, match="cannot be cancelled"):  # once is enough
        call_command("cancel_postal", order.reference, stdout=io.StringIO())
    with pytest.raises(CommandError, match="No postal order"):
        call_command("cancel_postal", "BC-KHONG-CO", stdout=io.StringIO())


# --------------------------------------------------------------------------- payment
class FakeGateway(FakeCounterpart):
    def __init__(self, secret):
        self.secret, self.requests = secret, []
        super().__init__()

    def handler(self):
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if sign(gateway.secret, body) != self.headers.get("X-Signature"):
                    return send_json(self, {"error": "signature"}, 400)
                data = json.loads(body)
                gateway.requests.append(data)
                return send_json(
                    self, {"pay_url": f"https://pay.example.invalid/{data['reference']}", "transaction_id": "GW" + data["reference"][-6:]}
                )

        return Handler


@pytest.fixture
def gateway(settings):
    fake = FakeGateway("pay-secret")
    settings.PAYMENT_URL, settings.PAYMENT_MERCHANT, settings.PAYMENT_SECRET = fake.base, "MC01", "pay-secret"
    yield fake
    fake.close()


def test_payment_request_signed_callback_receipt_and_refusals(env, receive, gateway, client):
    d = receive()
    d = dossier_services.perform(d, "request_payment", actor=env["staff"]["reception_a"], amount=50_000)
    sweep()
    payment = Payment.objects.get(dossier=d)
    assert payment.pay_url.endswith(payment.reference) and gateway.requests[0]["amount"] == 50_000
    paid = {
        "reference": payment.reference,
        "status": "paid",
        "amount": 50_000,
        "channel": "vnpay",
        "transaction_id": "T1",
        "nonce": "p-1",
        "at": timezone.now().isoformat(),
    }
    assert signed(client, "/integrations/payments/callback/", "pay-secret", paid, signature="0" * 64).status_code == 401  # forged
    assert signed(client, "/integrations/payments/callback/", "pay-secret", {**paid, "amount": 1}).status_code == 409  # tampered amount
    d.refresh_from_db()
    assert d.state == "awaiting_payment"
    r = signed(client, "/integrations/payments/callback/", "pay-secret", {**paid, "nonce": "p-2"})
    assert r.status_code == 200 and r.json()["status"] == "paid"
    payment.refresh_from_db()
    d.refresh_from_db()
    assert payment.receipt_number and payment.channel == "vnpay" and d.state == "processing"
    assert d.events.get(action="payment_received").data["receipt"] == payment.receipt_number
    receipt = d.receipts.get()  # issued from the receiving unit's book, its number on the payment
    assert (receipt.display_number, receipt.total, receipt.method, receipt.agency_id) == (
        payment.receipt_number,
        50_000,
        "online",
        d.receiving_agency_id,
    )
    assert receipt.number == 1
    assert signed(client, "/integrations/payments/callback/", "pay-secret", {**paid, "nonce": "p-2"}).json()["status"] == "replay"
    failed_late = {**paid, "status": "failed", "nonce": "p-3"}
    assert (
        signed(client, "/integrations/payments/callback/", "pay-secret", failed_late).json()["status"] == "paid"
    )  # a paid payment stays paid
    assert d.events.filter(action="payment_received").count() == 1
    assert (
        client.post(
            "/integrations/payments/callback/",
            b"not json",
            content_type="application/json",
            HTTP_X_SIGNATURE=sign("pay-secret", b"not json"),
        ).status_code
        == 422
    )


def test_nothing_is_queued_for_a_counterpart_that_is_not_configured(env, receive):
    receive()
    assert not OutboxMessage.objects.exists()


# --------------------------------------------------------------------------- inbound keys
def test_integration_keys_have_scopes_rate_limits_and_a_request_log(env, receive, client):
    from motcua.integrations.models import RequestLog

    d = receive()
    key, raw = services.create_integration_key(name="hethong-thongke", agency=env["a"], scopes=["dossiers:read"], rate="3/m")
    auth = {"HTTP_X_API_KEY": raw}
    assert client.get(f"/api/v1/dossiers/{d.code}", **auth).status_code == 200
    assert (
        client.get("/api/v1/reports/settlement", {"start": "2025-01-01", "end": "2025-01-31"}, **auth).status_code == 403
    )  # not its scope
    assert client.post("/api/v1/dossiers", {}, content_type="application/json", **auth).status_code == 403
    assert client.get(f"/api/v1/dossiers/{d.code}", **auth).status_code == 429  # three a minute
    assert client.get(f"/api/v1/dossiers/{d.code}", HTTP_X_API_KEY="mk_forged").status_code == 401
    assert list(RequestLog.objects.filter(key=key).order_by("id").values_list("status", flat=True)) == [200, 403, 403, 429]
    other, raw_b = services.create_integration_key(name="xa-b", agency=env["b"], scopes=["dossiers:read"])
    assert client.get(f"/api/v1/dossiers/{d.code}", HTTP_X_API_KEY=raw_b).status_code == 404  # another commune's dossier


def test_a_key_with_unknown_scopes_or_rate_is_refused(env):
    with pytest.raises(services.CallbackError):
        services.create_integration_key(name="x", agency=env["a"], scopes=["everything"])
    with pytest.raises(services.CallbackError):
        services.create_integration_key(name="y", agency=env["a"], scopes=["dossiers:read"], rate="fast")
