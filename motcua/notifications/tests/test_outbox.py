"""The notification outbox: recorded with the change, delivered later, never lost, never
sent twice, dead after the last try and retried on request."""

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from motcua.core.testing import FakeCounterpart, send_json
from motcua.dossiers import services as dossier_services
from motcua.dossiers.errors import Invalid
from motcua.dossiers.tests.fixtures import APPLICANT
from motcua.notifications import services
from motcua.notifications.models import Message, NotificationTemplate


class FakeGateway(FakeCounterpart):
    """An SMS gateway on 127.0.0.1 that can be down (503), slow, or up; it records what it got."""

    def __init__(self):
        self.mode = "up"
        self.received: list[dict] = []
        super().__init__()
        self.url = self.base + "/sms"

    def handler(self):
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server API
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if gateway.mode == "down":
                    return send_json(self, {"error": "unavailable"}, 503)
                if gateway.mode == "slow":
                    threading.Event().wait(2)
                if body["id"] not in {m["id"] for m in gateway.received}:  # idempotent on the message key
                    gateway.received.append(body)
                return send_json(self, {"id": "gw-" + body["id"][-6:]})

        return Handler


@pytest.fixture
def gateway(settings):
    gw = FakeGateway()
    settings.SMS_PROVIDER, settings.SMS_HTTP_URL, settings.SMS_HTTP_TIMEOUT = "http", gw.url, 1
    yield gw
    gw.close()


def _dossier_messages(d):
    return list(Message.objects.filter(dossier=d).order_by("id"))


def test_a_reception_records_its_notices_in_the_same_transaction(env, receive):
    d = receive()
    notices = _dossier_messages(d)
    assert {(m.medium, m.recipient) for m in notices} == {("email", APPLICANT.email), ("sms", "+84912345678")}
    assert all(m.state == "pending" and m.template_key == "dossier.received" for m in notices)
    sms = next(m for m in notices if m.medium == "sms")
    assert d.code in sms.body and d.lookup_secret in sms.body and sms.body.isascii()


def test_a_rolled_back_action_leaves_no_message(env, receive):
    d = receive()
    before = Message.objects.count()
    with pytest.raises(Invalid):
        dossier_services.perform(d, "request_payment", actor=env["staff"]["reception_a"], amount=-5)
    assert Message.objects.count() == before


def test_down_then_up_delivers_each_message_once_in_order(env, receive, gateway):
    first, second = receive(), receive()
    gateway.mode = "down"
    now = timezone.now()
    services.OUTBOX.deliver_due(now=now)
    pending = Message.objects.filter(medium="sms")
    assert all(m.state == "pending" and m.attempts == 1 and m.next_attempt_at > now and "503" in m.last_error for m in pending)
    assert services.OUTBOX.deliver_due(now=now) == {}  # not due again before the backoff
    for hour in range(1, 4):  # an hour of outage: retried, nothing lost
        services.OUTBOX.deliver_due(now=now + dt.timedelta(minutes=20 * hour))
    assert Message.objects.filter(medium="sms", state="pending").count() == 2
    gateway.mode = "up"
    later = now + dt.timedelta(hours=3)
    services.OUTBOX.deliver_due(now=later)
    services.OUTBOX.deliver_due(now=later + dt.timedelta(hours=1))
    assert [m["to"] for m in gateway.received] == ["+84912345678", "+84912345678"]
    assert [m["id"] for m in gateway.received] == [m.key for m in Message.objects.filter(medium="sms").order_by("id")]
    assert first.code in gateway.received[0]["text"] and second.code in gateway.received[1]["text"]
    assert set(Message.objects.filter(medium="sms").values_list("state", flat=True)) == {"sent"}
    assert len(mail.outbox) == 2  # the e-mails went through the mail backend meanwhile


def test_a_slow_gateway_times_out_and_is_retried(env, receive, gateway):
    receive()
    gateway.mode = "slow"
    now = timezone.now()
    services.OUTBOX.deliver_due(now=now)
    sms = Message.objects.get(medium="sms")
    assert sms.state == "pending" and sms.attempts == 1 and "Timeout" in sms.last_error
    gateway.mode = "up"
    services.OUTBOX.deliver_due(now=now + dt.timedelta(minutes=5))
    sms.refresh_from_db()
    assert sms.state == "sent" and sms.attempts == 2
    assert len([m for m in gateway.received if m["id"] == sms.key]) == 1


@override_settings(OUTBOX_MAX_ATTEMPTS=3)
def test_dead_after_the_last_try_then_retried_from_the_admin(env, receive, gateway, admin_client):
    receive()
    gateway.mode = "down"
    now = timezone.now()
    for hour in range(4):
        services.OUTBOX.deliver_due(now=now + dt.timedelta(hours=hour))
    sms = Message.objects.get(medium="sms")
    assert sms.state == "dead" and sms.attempts == 3
    gateway.mode = "up"
    services.OUTBOX.deliver_due(now=now + dt.timedelta(days=1))
    sms.refresh_from_db()
    assert sms.state == "dead"  # a dead message waits for a person
    r = admin_client.post("/admin/notifications/message/", {"action": "retry_selected", "_selected_action": [sms.pk]})
    assert r.status_code == 302
    sms.refresh_from_db()
    assert sms.state == "pending"
    assert services.OUTBOX.deliver(sms.pk) == "sent" and [m["id"] for m in gateway.received] == [sms.key]


def test_a_claimed_message_is_not_sent_by_a_second_worker(env, receive, gateway):
    receive()
    sms = Message.objects.get(medium="sms")
    now = timezone.now()
    assert services.OUTBOX.claim(sms.pk, now) is not None
    assert services.OUTBOX.deliver(sms.pk, now=now) == "sending"  # another worker holds it
    assert gateway.received == []
    assert services.OUTBOX.deliver(sms.pk, now=now + dt.timedelta(hours=1)) == "sent"  # the claim expired: sent once
    assert len(gateway.received) == 1


def test_queue_is_idempotent_on_the_key(db):
    kwargs = {
        "key": "k-1",
        "medium": "email",
        "recipient": "a@example.invalid",
        "template_key": "account.verify",
        "context": {"code": "123456"},
    }
    assert services.queue(**kwargs).pk == services.queue(**kwargs).pk
    assert Message.objects.count() == 1


def test_file_sms_provider_writes_one_line_per_message(env, receive, settings, tmp_path):
    settings.SMS_PROVIDER, settings.SMS_FILE_PATH = "file", str(tmp_path / "sms.jsonl")
    receive()
    services.OUTBOX.deliver_due()
    lines = [json.loads(line) for line in (tmp_path / "sms.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 1 and lines[0]["to"] == "+84912345678"


def test_templates_are_data_and_a_broken_one_is_refused(admin_client, db):
    template = NotificationTemplate.objects.get(key="dossier.received", medium="email")
    r = admin_client.post(
        f"/admin/notifications/notificationtemplate/{template.pk}/change/",
        {"key": template.key, "medium": "email", "subject": "Hồ sơ {% if code %}", "body": "x", "is_active": "on"},
    )
    assert r.status_code == 200 and "Mẫu không hợp lệ" in r.content.decode()
    template.refresh_from_db()
    assert template.subject.startswith("Hồ sơ {{ code }}")
    NotificationTemplate.objects.filter(key="dossier.received", medium="sms").update(is_active=False)
    rendered = services.render("dossier.received", "sms", {})
    assert rendered is None
