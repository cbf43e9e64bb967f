"""Outbox benchmarks on PostgreSQL (issue 10).

    .venv/bin/python bench/outbox.py             # needs PostgreSQL on 127.0.0.1 (user postgres)

1. The cost the outbox adds to a counter reception: receptions (the whole service call, one
   transaction) with no counterpart configured, then with the national portal and the post
   office configured (each reception writes its portal progress and sync messages in the same
   transaction). Interleaved rounds, median per reception.
2. Delivery throughput: the sweep delivering the queued messages to a fake national portal on
   127.0.0.1 (HTTP, one worker), messages per second.
Environment: BENCH_RECEPTIONS (default 300 per round), BENCH_ROUNDS (default 5).
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = "motcua_bench_outbox"
N = int(os.environ.get("BENCH_RECEPTIONS", 300))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 5))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from db import drop_postgres, recreate_postgres, use_postgres  # noqa: E402

use_postgres(DB)


def main():
    recreate_postgres(DB)
    from django.conf import settings
    from django.core.management import call_command

    from motcua.accounts.models import User
    from motcua.dossiers import services
    from motcua.dossiers.services import Applicant
    from motcua.integrations import services as outbox
    from motcua.integrations.models import OutboxMessage
    from motcua.integrations.tests.test_integrations import FakePortal

    call_command("migrate", verbosity=0)
    call_command("load_demo", dossiers=0, verbosity=0)
    desk = User.objects.get(username="tiepnhan.xa3")
    applicant = Applicant(name="Nguyễn Thị Hương", id_number="068190001234", address="12 Trần Phú")  # no phone/e-mail: notices are not measured here
    portal = FakePortal()

    def receptions(n):
        times = []
        for _ in range(n):
            start = time.perf_counter()
            services.receive_at_counter(actor=desk, procedure_code="1.001193", receiving_agency_code="000.23.01.H38", applicant=applicant)
            times.append(time.perf_counter() - start)
        return times

    receptions(30)  # warm caches
    without, with_outbox = [], []
    for _ in range(ROUNDS):
        settings.NATIONAL_PORTAL_URL = ""
        without += receptions(N)
        settings.NATIONAL_PORTAL_URL = portal.base
        settings.NATIONAL_PORTAL_USERNAME, settings.NATIONAL_PORTAL_PASSWORD, settings.NATIONAL_PORTAL_AGENCY = "tinh", "secret", "000.00.00.H38"
        with_outbox += receptions(N)
    queued = OutboxMessage.objects.count()
    a, b = statistics.median(without), statistics.median(with_outbox)
    print(f"Counter reception ({ROUNDS} x {N} each, interleaved): without outbox median {a * 1000:.1f} ms, with the portal outbox {b * 1000:.1f} ms "
          f"(+{(b - a) / a * 100:.1f}%); {queued:,} messages queued")

    start = time.perf_counter()
    delivered = 0
    while True:
        counts = outbox.deliver_due(limit=1000)
        if not counts:
            break
        delivered += counts.get("sent", 0)
    elapsed = time.perf_counter() - start
    assert OutboxMessage.objects.exclude(state="sent").count() == 0 and len(portal.calls) >= queued
    print(f"Delivery to a fake portal on 127.0.0.1 (HTTP, one worker): {delivered:,} messages ({len(portal.calls):,} calls) in {elapsed:.1f} s = "
          f"{delivered / elapsed:,.0f} messages/s, {len(portal.calls) / elapsed:,.0f} calls/s")
    portal.close()
    drop_postgres(DB)


if __name__ == "__main__":
    main()
