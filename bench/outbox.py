"""Outbox benchmarks on PostgreSQL (issues 10 and 20).

    .venv/bin/python bench/outbox.py             # needs PostgreSQL on 127.0.0.1 (user postgres)

1. The cost the outbox adds to a counter reception: receptions (the whole service call, one
   transaction) with no counterpart configured, then with the national portal configured (each
   reception writes its portal message in the same transaction, one plain INSERT; the
   workers' dispatchers find it). Interleaved rounds, median per reception.
2. Portal sync with two job workers (``manage.py run_worker`` processes, as in production):
   BENCH_MESSAGES receptions queue their messages with the workers stopped, then two workers
   deliver them to a fake national portal on 127.0.0.1; messages per minute from start to the
   last one sent.
   a. a steady portal;
   b. a flaky portal: every call fails (503) with probability 1/2 (OUTBOX_BACKOFF_SECONDS=1 for
      the run): the rate of the first minute, and after BENCH_FLAKY_WINDOW seconds what is sent,
      still waiting for its next try, and dead (kept for an administrator: not lost);
   c. a worker killed (SIGKILL) mid-load and started again, as systemd would: every message
      arrives (0 lost); a call the killed worker had sent is sent again under the same key
      (counted: the portal drops it), and the interrupted send is taken over once its claim is
      no longer renewed.
Environment: BENCH_RECEPTIONS (default 300 per round), BENCH_ROUNDS (default 5),
BENCH_MESSAGES (default 3000), BENCH_FLAKY_WINDOW (default 180 s), BENCH_PARTS (default
"intake,delivery").
"""

import collections
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = "motcua_bench_outbox"
N = int(os.environ.get("BENCH_RECEPTIONS", 300))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 5))
MESSAGES = int(os.environ.get("BENCH_MESSAGES", 3000))
FLAKY_WINDOW = int(os.environ.get("BENCH_FLAKY_WINDOW", 180))
PARTS = set(os.environ.get("BENCH_PARTS", "intake,delivery").split(","))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from db import drop_postgres, recreate_postgres, use_postgres  # noqa: E402

use_postgres(DB)


def fake_portal(fail_ratio: float = 0.0, delay: float = 0.0):
    """The national portal's integration API: sessions and calls idempotent on the key; every
    call fails with probability ``fail_ratio`` and takes ``delay`` seconds."""
    from motcua.core.testing import FakeCounterpart, send_json

    class Portal(FakeCounterpart):
        def __init__(self):
            self.lock = threading.Lock()
            self.keys: collections.Counter = collections.Counter()  # successful calls per key
            self.failures = 0
            self.sessions: set[str] = set()
            super().__init__()

        def handler(self):
            portal = self

            class Handler(BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"  # keep-alive, as a real gateway offers

                def do_POST(self):  # noqa: N802
                    self.rfile.read(int(self.headers.get("Content-Length") or 0))
                    if delay:
                        time.sleep(delay)
                    if self.path == "/auth":
                        token = uuid.uuid4().hex
                        with portal.lock:
                            portal.sessions.add(token)
                        return send_json(self, {"session": token})
                    if random.random() < fail_ratio:
                        with portal.lock:
                            portal.failures += 1
                        return send_json(self, {"error": "busy"}, 503)
                    with portal.lock:
                        portal.keys[self.headers.get("X-Idempotency-Key", "")] += 1
                    return send_json(self, {"status": "ok"})

            return Handler

    return Portal()


def start_worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def stop(worker: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, sig)
    worker.wait(timeout=30)


def main():
    recreate_postgres(DB)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from motcua.accounts.models import User
    from motcua.dossiers import services
    from motcua.dossiers.services import Applicant
    from motcua.integrations.models import OutboxMessage

    call_command("migrate", verbosity=0)
    call_command("load_demo", dossiers=0, verbosity=0)
    desk = User.objects.get(username="tiepnhan.xa3")
    applicant = Applicant(
        name="Nguyễn Thị Hương", id_number="068190001234", address="12 Trần Phú"
    )  # no phone/e-mail: notices are not measured here

    def receptions(n):
        times = []
        for _ in range(n):
            start = time.perf_counter()
            services.receive_at_counter(actor=desk, procedure_code="1.001193", receiving_agency_code="000.23.01.H38", applicant=applicant)
            times.append(time.perf_counter() - start)
        return times

    def configure(portal):
        settings.NATIONAL_PORTAL_URL = portal.base
        settings.NATIONAL_PORTAL_USERNAME, settings.NATIONAL_PORTAL_PASSWORD, settings.NATIONAL_PORTAL_AGENCY = (
            "tinh",
            "secret",
            "000.00.00.H38",
        )

    # 1. Intake cost.
    portal = fake_portal()
    rounds = ROUNDS if "intake" in PARTS else 0
    receptions(30)  # warm caches
    without, with_outbox = [], []
    for _ in range(rounds):
        settings.NATIONAL_PORTAL_URL = ""
        without += receptions(N)
        configure(portal)
        with_outbox += receptions(N)
    if rounds:
        a, b = statistics.median(without), statistics.median(with_outbox)
        print(
            f"Counter reception ({ROUNDS} x {N} each, interleaved): without outbox median {a * 1000:.1f} ms, with the portal message "
            f"{b * 1000:.1f} ms (+{(b - a) / a * 100:.1f}%)",
            flush=True,
        )
    portal.close()

    # 2. Portal sync with two workers.
    def scenario(label, fail_ratio=0.0, delay=0.0, kill=False, window=None):
        connection.cursor().execute("DELETE FROM integrations_outboxmessage")
        portal = fake_portal(fail_ratio, delay)
        configure(portal)
        receptions(MESSAGES)  # each queues one portal message (progress + sync calls)
        keys = list(OutboxMessage.objects.values_list("key", flat=True))
        env = {
            **os.environ,
            "NATIONAL_PORTAL_URL": portal.base,
            "NATIONAL_PORTAL_USERNAME": "tinh",
            "NATIONAL_PORTAL_PASSWORD": "secret",
            "NATIONAL_PORTAL_AGENCY": "000.00.00.H38",
            "OUTBOX_BACKOFF_SECONDS": "1",
            "LOG_LEVEL": "ERROR",
        }
        start = time.perf_counter()
        workers = [start_worker(env), start_worker(env)]
        killed_at, first_minute = None, None
        try:
            while True:
                elapsed = time.perf_counter() - start
                if first_minute is None and elapsed >= 60:
                    first_minute = OutboxMessage.objects.filter(state="sent").count()
                if not OutboxMessage.objects.filter(state__in=("pending", "sending")).exists() or (window and elapsed >= window):
                    break
                if kill and killed_at is None and elapsed > 5:
                    stop(workers[0], signal.SIGKILL)  # mid-send: its claims and its running jobs are orphaned
                    killed_at = elapsed
                    workers[0] = start_worker(env)
                if elapsed > 900:
                    raise SystemExit(f"{label}: messages still waiting after 900 s")
                time.sleep(0.2)
            elapsed = time.perf_counter() - start
        finally:
            for worker in workers:
                stop(worker)
        states = collections.Counter(OutboxMessage.objects.values_list("state", flat=True))
        sent_keys = set(OutboxMessage.objects.filter(state="sent").values_list("key", flat=True))
        expected = {f"{key}:{call}" for key in sent_keys for call in ("progress", "sync")}
        lost = expected - set(portal.keys)  # marked sent but never acknowledged by the portal
        unaccounted = len(keys) - sum(states.values())
        repeats = sum(count - 1 for key, count in portal.keys.items() if count > 1)
        attempts = sum(OutboxMessage.objects.values_list("attempts", flat=True))
        rate = states["sent"] / elapsed * 60 if first_minute is None else first_minute
        line = (
            f"{label}: {len(keys):,} messages, 2 workers, {elapsed:.1f} s: sent {states['sent']:,}, waiting "
            f"{states['pending'] + states['sending']:,}, "
            f"dead {states['dead']:,} ({rate:,.0f} messages/min{' in the first minute' if first_minute is not None else ''}); "
            f"{attempts:,} attempts, "
            f"{portal.failures:,} failed calls; lost {len(lost) + unaccounted}; a key received again after it succeeded {repeats} (the "
            "portal drops such a repeat)"
        )
        if killed_at is not None:
            line += f"; worker killed at {killed_at:.1f} s and restarted"
        print(line, flush=True)
        portal.close()
        return lost

    if "delivery" not in PARTS:
        drop_postgres(DB)
        return
    assert not scenario("Steady portal")
    assert not scenario("Flaky portal (50% of calls fail)", fail_ratio=0.5, window=FLAKY_WINDOW)
    assert not scenario("Worker killed mid-load (20 ms per call)", delay=0.02, kill=True)
    drop_postgres(DB)


if __name__ == "__main__":
    main()
