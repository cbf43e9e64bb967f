"""The outbox engine: every message to the outside (e-mail, SMS, the national portal, the post
office, the payment gateway) is a row written in the transaction of the change that causes
it, and delivered afterwards by this one engine.

- **Right after commit.** Every job worker runs a dispatcher (``Dispatcher``): it claims the
  rows that are due, a batch at a time, and sends them from a pool of threads
  (``OUTBOX_THREADS``, since a counterpart's latency, not our CPU, bounds the rate); when
  nothing is due it looks again after ``OUTBOX_POLL_SECONDS``. Intake writes the row and
  nothing else. A sweep job every minute (``sweep``) is the safety net.
- **One sender.** A row is claimed (``sending``, the worker's id, the time) before the
  counterpart is called, under ``SELECT ... FOR UPDATE SKIP LOCKED`` (PostgreSQL), so two
  workers never send it at once. A live worker's heartbeat renews its claims every
  ``OUTBOX_HEARTBEAT_SECONDS``; a claim older than ``OUTBOX_CLAIM_SECONDS`` belongs to a worker
  that died mid-send and is taken over; the interrupted send counts as an attempt, since the
  counterpart may have had it. The retry carries the row's key, the id the
  counterpart uses to drop a repeat.
- **In order.** Rows of one line (an outbox's ``line`` fields, e.g. one dossier towards one
  system) go in ``seq`` order: a row waits while an earlier row of its line is not sent (a
  dead one holds the line until someone retries it), and a batch takes one row per line.
- **Failures.** Any error of a send (a counterpart down, a bug in a payload) reschedules the
  row with exponential backoff and never stops the worker or the sweep; ``Rejected`` (the
  counterpart refused it) or the ``OUTBOX_MAX_ATTEMPTS``th failure makes it dead: kept, listed
  in the admin, sent again only when someone asks (``retry``)."""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from motcua.core.choices import AuditCategory
from motcua.core.services import record_event

from .choices import DeliveryState
from .runner import backoff_delay, job, periodic

logger = logging.getLogger("motcua.outbox")


class DeliveryError(Exception):
    """Not delivered this time (the counterpart is down, slow or answered 5xx): try later."""


class Rejected(DeliveryError):
    """The counterpart refused the message (a 4xx): retrying will not help."""


_worker: tuple[int, str] | None = None


def worker_id() -> str:
    """This process's id in claims and heartbeats (host, pid and a random part; new after a fork)."""
    global _worker
    if _worker is None or _worker[0] != os.getpid():
        _worker = (os.getpid(), f"{socket.gethostname()[:40]}-{os.getpid()}-{secrets.token_hex(3)}")
    return _worker[1]


@dataclass(frozen=True)
class Outbox:
    """An outbox: its table (a model with ``jobs.models.OutboxRow``'s fields), how one row is
    sent (``send`` returns the fields to save with the sent state, e.g. the provider's
    reference; it raises ``DeliveryError`` when it could not deliver), what a success changes
    elsewhere (``on_sent``, in the transaction that marks the row sent) and the fields of a line
    delivered in ``seq`` order."""

    name: str
    model: type[models.Model]
    send: Callable[[Any], dict[str, Any]]
    on_sent: Callable[[Any, dict[str, Any]], None] | None = None
    line: tuple[str, ...] = ()

    @property
    def rows(self) -> models.QuerySet:
        return self.model._default_manager.all()  # type: ignore[attr-defined]

    # ------------------------------------------------------------------ claim
    def _blocked(self, row) -> bool:
        if not self.line:
            return False
        fields = {name: getattr(row, name) for name in self.line}
        if any(value is None for value in fields.values()):
            return False
        return self.rows.filter(seq__lt=row.seq, **fields).exclude(state=DeliveryState.SENT).exists()

    def claim(self, pk: int, now: dt.datetime):
        """The row, claimed by this worker, if it may be sent now; else None."""
        rows = self.claim_batch(now, 1, pks=[pk])
        return rows[0] if rows else None

    def claim_batch(self, now: dt.datetime, limit: int, pks: list[int] | None = None) -> list:
        """Up to ``limit`` rows due now (one per line, each line's first), claimed by this
        worker in one short transaction; rows another worker is claiming are skipped."""
        order = (*self.line, "seq", "id") if self.line else ("next_attempt_at", "id")
        with transaction.atomic():
            due = self.rows.select_for_update(skip_locked=True).filter(claimable_q(now))
            if pks is not None:
                due = due.filter(pk__in=pks)
            chosen, lines = [], set()
            for row in due.order_by(*order)[: limit * 4 if self.line else limit]:
                line = tuple(getattr(row, name) for name in self.line)
                if self.line and None not in line:  # a row outside any line (no dossier) is on its own
                    if line in lines or self._blocked(row):
                        continue
                    lines.add(line)
                chosen.append(row)
                if len(chosen) == limit:
                    break
            taken_over = [row for row in chosen if row.state == DeliveryState.SENDING]
            if chosen:
                self.rows.filter(pk__in=[row.pk for row in chosen]).update(
                    state=DeliveryState.SENDING, claimed_at=now, claimed_by=worker_id()
                )
            for row in taken_over:  # its worker died mid-send: that send counts, and its outcome is unknown
                row.attempts += 1
                row.last_error = f"interrupted: worker {row.claimed_by} stopped before recording the answer"[:500]
                self.rows.filter(pk=row.pk).update(attempts=row.attempts, last_error=row.last_error)
        for row in chosen:
            row.state, row.claimed_at, row.claimed_by = DeliveryState.SENDING, now, worker_id()
        return chosen

    # ------------------------------------------------------------------ deliver
    def deliver(self, pk: int, *, now: dt.datetime | None = None) -> str:
        """Try to deliver one row; returns its state afterwards. Never raises for a failed send."""
        now = now or timezone.now()
        row = self.claim(pk, now)
        if row is None:
            return self.rows.filter(pk=pk).values_list("state", flat=True).first() or "missing"
        return self.send_claimed(row, now)

    def send_claimed(self, row, now: dt.datetime) -> str:
        """Send a row this worker has claimed and record what came of it."""
        attempts = row.attempts + 1
        try:
            fields = self.send(row) or {}
        except Exception as exc:  # noqa: BLE001 - any failed send is rescheduled, never a crash of the worker or the sweep
            dead = isinstance(exc, Rejected) or attempts >= settings.OUTBOX_MAX_ATTEMPTS
            state = DeliveryState.DEAD if dead else DeliveryState.PENDING
            error = f"{type(exc).__name__}: {exc}" if not isinstance(exc, DeliveryError) else str(exc)
            self.rows.filter(pk=row.pk, claimed_by=row.claimed_by).update(
                state=state,
                attempts=attempts,
                last_error=error[:500],
                claimed_at=None,
                claimed_by="",
                next_attempt_at=now + backoff_delay(attempts, settings.OUTBOX_BACKOFF_SECONDS),
            )
            log = logger.warning if isinstance(exc, DeliveryError) else logger.exception
            log(
                "outbox delivery failed",
                extra={"outbox": self.name, "row": row.pk, "attempt": attempts, "state": state, "error": error[:200]},
            )
            return state
        with transaction.atomic():
            self.rows.filter(pk=row.pk).update(
                state=DeliveryState.SENT, attempts=attempts, sent_at=timezone.now(), last_error="", claimed_at=None, claimed_by="", **fields
            )
            if self.on_sent is not None:
                self.on_sent(row, fields)
        return DeliveryState.SENT

    def deliver_due(
        self, *, limit: int = 1000, now: dt.datetime | None = None, budget_seconds: float | None = None, batch: int = 50
    ) -> dict[str, int]:
        """Deliver the rows whose time has come (each line in order), at most ``limit`` of
        them or for ``budget_seconds``: the sweep, and the tests' way to run the outbox."""
        now = now or timezone.now()
        started = time.monotonic()
        counts: dict[str, int] = {}
        done = 0
        while done < limit:
            rows = self.claim_batch(now, min(batch, limit - done))
            if not rows:
                break
            for row in rows:
                state = self.send_claimed(row, now)
                counts[state] = counts.get(state, 0) + 1
            done += len(rows)
            if budget_seconds is not None and time.monotonic() - started > budget_seconds:
                break
        return counts

    def retry(self, row, *, actor=None) -> bool:
        """Send a dead (or waiting) row again, now (the admin's action)."""
        with transaction.atomic():
            updated = (
                self.rows.filter(pk=row.pk)
                .exclude(state__in=(DeliveryState.SENT, DeliveryState.SENDING))
                .update(state=DeliveryState.PENDING, next_attempt_at=timezone.now(), claimed_at=None, claimed_by="")
            )
            if updated:
                record_event(
                    actor=actor,
                    category=AuditCategory.SYSTEM,
                    action="outbox.retried",
                    obj=row,
                    summary=row.key,
                    data={"outbox": self.name},
                )
        return bool(updated)

    def renew_claims(self, worker: str, now: dt.datetime) -> int:
        return self.rows.filter(state=DeliveryState.SENDING, claimed_by=worker).update(claimed_at=now)


OUTBOXES: dict[str, Outbox] = {}


def register(outbox: Outbox) -> Outbox:
    OUTBOXES[outbox.name] = outbox
    return outbox


def claimable_q(now: dt.datetime) -> Q:
    """Rows due now, or claimed by a worker that stopped renewing its claim."""
    stale = now - dt.timedelta(seconds=settings.OUTBOX_CLAIM_SECONDS)
    return Q(state=DeliveryState.PENDING, next_attempt_at__lte=now) | Q(state=DeliveryState.SENDING, claimed_at__lt=stale)


def renew_claims(worker: str, now: dt.datetime | None = None) -> int:
    """The heartbeat of a worker: its claims stay its own while it lives."""
    now = now or timezone.now()
    return sum(outbox.renew_claims(worker, now) for outbox in OUTBOXES.values())


SWEEP_BUDGET_SECONDS = 45


@periodic(every=dt.timedelta(minutes=1))
@job(queue="outbox", max_attempts=1)
def sweep() -> dict[str, dict[str, int]]:
    """Every outbox's due rows: retries whose time has come, and anything no job delivered."""
    started = time.monotonic()
    out = {}
    for outbox in OUTBOXES.values():
        left = max(SWEEP_BUDGET_SECONDS - (time.monotonic() - started), 1)
        out[outbox.name] = outbox.deliver_due(limit=5000, budget_seconds=left)
    return out


class Dispatcher:
    """A job worker's outbox delivery: one thread claims what is due, a pool of
    ``OUTBOX_THREADS`` threads sends it; when nothing is due it waits ``OUTBOX_POLL_SECONDS``.
    Every claim carries this process's ``worker_id``, which the worker's heartbeat renews."""

    def __init__(self, threads: int | None = None, poll: float | None = None):
        self.threads = threads or settings.OUTBOX_THREADS
        self.poll = settings.OUTBOX_POLL_SECONDS if poll is None else poll
        self.stopping = threading.Event()

    def _send(self, outbox: Outbox, row, now: dt.datetime) -> str:
        try:
            return outbox.send_claimed(row, now)
        finally:
            close_old_connections()

    def round(self, pool: ThreadPoolExecutor) -> int:
        """One pass over every outbox; returns how many rows it sent or rescheduled."""
        now = timezone.now()
        futures = [
            pool.submit(self._send, outbox, row, now) for outbox in OUTBOXES.values() for row in outbox.claim_batch(now, self.threads * 2)
        ]
        wait(futures)
        return len(futures)

    def run(self) -> None:
        with ThreadPoolExecutor(self.threads, thread_name_prefix="outbox") as pool:
            while not self.stopping.is_set():
                try:
                    close_old_connections()
                    busy = self.round(pool)
                except Exception:  # noqa: BLE001 - the dispatcher must survive a bad pass (a database restart)
                    logger.exception("outbox pass failed")
                    busy = 0
                    connection.close()
                if not busy:
                    self.stopping.wait(self.poll)
        connection.close()

    def stop(self) -> None:
        self.stopping.set()
