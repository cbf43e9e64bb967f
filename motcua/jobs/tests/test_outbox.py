"""The one outbox engine: failures never stop a sweep, a dead worker's claim is taken over
(with the same key), a live worker's is not, and jobs left RUNNING by a dead worker run again."""

import datetime as dt
import logging
from concurrent.futures import Future

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from motcua.integrations.models import OutboxMessage
from motcua.jobs import outbox, services
from motcua.jobs.models import WorkerBeat
from motcua.notifications import services as notifications
from motcua.notifications.models import Message

pytestmark = pytest.mark.django_db


def _messages(n: int) -> list[Message]:
    queued = [
        notifications.queue(
            key=f"t-{i}", medium="email", recipient=f"a{i}@example.invalid", template_key="account.verify", context={"code": "123456"}
        )
        for i in range(n)
    ]
    assert all(queued)  # each queued, none deduplicated away
    return [m for m in queued if m is not None]


def test_a_failing_counterpart_is_logged_and_the_sweep_goes_on(caplog):
    """The log record of a failure once raised KeyError ('message' is a LogRecord attribute)
    and stopped the sweep at the first failed row."""
    rows = _messages(3)
    calls = []

    def send(row):
        calls.append(row.pk)
        raise outbox.DeliveryError("HTTP 503")

    box = outbox.Outbox(name="test", model=Message, send=send)
    with caplog.at_level(logging.WARNING, logger="motcua.outbox"):
        assert box.deliver_due() == {"pending": 3}
    assert calls == [r.pk for r in rows]
    failures = [r for r in caplog.records if r.getMessage() == "outbox delivery failed"]
    assert [r.row for r in failures] == [r.pk for r in rows] and all(r.attempt == 1 and r.outbox == "test" for r in failures)


def test_a_bug_in_a_send_reschedules_the_row_instead_of_crashing():
    first, second = _messages(2)
    sent = []

    def send(row):
        if row.pk == first.pk:
            return {}["missing"]  # a KeyError, as a malformed payload would raise
        sent.append(row.pk)
        return {"provider_ref": "ok"}

    box = outbox.Outbox(name="test", model=Message, send=send)
    assert box.deliver_due() == {"pending": 1, "sent": 1}
    first.refresh_from_db()
    assert first.state == "pending" and first.attempts == 1 and "KeyError" in first.last_error and first.claimed_by == ""
    assert sent == [second.pk]


def test_a_dead_workers_claim_is_taken_over_and_a_live_one_is_not(settings):
    settings.OUTBOX_CLAIM_SECONDS = 45
    (row,) = _messages(1)
    now = timezone.now()
    Message.objects.filter(pk=row.pk).update(state="sending", claimed_by="other-host-1-abc", claimed_at=now)
    box = notifications.OUTBOX
    # The other worker is alive: its heartbeat renews the claim, so an hour later it is still its own.
    later = now + dt.timedelta(hours=1)
    assert outbox.renew_claims("other-host-1-abc", later) == 1
    assert box.deliver(row.pk, now=later + dt.timedelta(seconds=30)) == "sending"
    assert len(mail.outbox) == 0
    # It dies: no renewal; 45 s after its last heartbeat the row is sent by this worker, once.
    assert box.deliver(row.pk, now=later + dt.timedelta(seconds=46)) == "sent"
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.attempts == 2  # the interrupted send counts: the counterpart may have had it
    assert box.deliver(row.pk, now=later + dt.timedelta(hours=1)) == "sent" and len(mail.outbox) == 1


def test_an_email_keeps_its_message_id_across_retries(settings):
    (row,) = _messages(1)
    box = notifications.OUTBOX
    assert box.deliver(row.pk) == "sent"
    Message.objects.filter(pk=row.pk).update(state="pending")  # as if the answer had been lost
    assert box.deliver(row.pk) == "sent"
    first, second = mail.outbox
    assert first.extra_headers["Message-ID"] == second.extra_headers["Message-ID"]
    assert first.extra_headers["Message-ID"].startswith("<") and "@" in first.extra_headers["Message-ID"]


def _running(worker: str, started: dt.datetime) -> DBTaskResult:
    result = outbox.sweep.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(status="RUNNING", worker_ids=[worker], started_at=started)
    return DBTaskResult.objects.get(pk=result.id)


def test_jobs_of_a_dead_worker_run_again_and_a_live_workers_do_not(settings):
    settings.WORKER_LOST_SECONDS = 60
    now = timezone.now()
    services.beat("alive-1", now=now - dt.timedelta(seconds=5))
    services.beat("dead-1", now=now - dt.timedelta(minutes=10))
    alive = _running("alive-1", now - dt.timedelta(minutes=20))
    dead = _running("dead-1", now - dt.timedelta(minutes=20))
    unknown = _running("never-beat", now - dt.timedelta(minutes=20))
    just_started = _running("never-beat-yet", now - dt.timedelta(seconds=10))
    assert services.recover_orphans(now=now) == 2
    states = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert states[alive.pk] == "RUNNING" and states[just_started.pk] == "RUNNING"
    assert states[dead.pk] == "READY" and states[unknown.pk] == "READY"
    assert not WorkerBeat.objects.filter(worker_id="dead-1").exists()


def test_a_worker_that_stops_cleanly_leaves_no_heartbeat():
    services.beat("w-1")
    assert WorkerBeat.objects.filter(worker_id="w-1").exists()
    services.stopped("w-1")
    assert not WorkerBeat.objects.exists()


class InlinePool:
    """An executor that runs each task at once in the test's thread (and its transaction)."""

    def submit(self, fn, *args):
        future = Future()
        future.set_result(fn(*args))
        return future


def test_the_dispatcher_sends_what_is_due_and_keeps_each_line_in_order(env, receive, monkeypatch):
    monkeypatch.setattr(outbox, "close_old_connections", lambda: None)  # the sends run in the test's thread and connection
    d = receive()
    sent = []
    for i in range(3):
        OutboxMessage.objects.create(key=f"line-{i}", target="postal", kind="postal_order", payload={}, dossier=d, seq=i + 1)
    OutboxMessage.objects.create(key="alone", target="postal", kind="postal_order", payload={}, seq=0)
    box = outbox.Outbox(name="test-line", model=OutboxMessage, send=lambda row: sent.append(row.key) or {}, line=("target", "dossier_id"))
    assert sorted(row.key for row in box.claim_batch(timezone.now(), 10)) == ["alone", "line-0"]  # one row per line; no line, no wait
    OutboxMessage.objects.update(state="pending", claimed_by="", claimed_at=None)
    dispatcher = outbox.Dispatcher(threads=2, poll=0)
    original = dict(outbox.OUTBOXES)
    outbox.OUTBOXES.clear()
    outbox.OUTBOXES.update({"notifications": notifications.OUTBOX, "test-line": box})
    try:
        rounds = [dispatcher.round(InlinePool()) for _ in range(4)]
    finally:
        outbox.OUTBOXES.clear()
        outbox.OUTBOXES.update(original)
    assert Message.objects.count() == 2 and set(Message.objects.values_list("state", flat=True)) == {"sent"} and len(mail.outbox) == 1
    assert [key for key in sent if key.startswith("line")] == ["line-0", "line-1", "line-2"] and rounds[-1] == 0
