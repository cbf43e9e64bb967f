"""What keeping the report cells costs the dossier actions (issue 19), on PostgreSQL.

    .venv/bin/python bench/facts_intake.py

As ``bench/outbox.py`` measures the outbox: counter receptions (``receive_at_counter``, the
whole service call, one transaction each) in interleaved rounds with the report cells'
subscriber off and on (it is the only difference), and the statements of one reception; then
the time to apply the marks those receptions left (``facts.store.drain``).
Environment: BENCH_RECEPTIONS (default 300 per round), BENCH_ROUNDS (default 5).
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = "motcua_bench_facts"
N = int(os.environ.get("BENCH_RECEPTIONS", 300))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 5))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from db import drop_postgres, recreate_postgres, use_postgres  # noqa: E402

use_postgres(DB)


def main():
    recreate_postgres(DB)
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from motcua.accounts.models import User
    from motcua.dossiers import effects, services
    from motcua.dossiers.services import Applicant
    from motcua.reports.facts.store import on_dossier_event
    from motcua.reports.models import ReportCell

    call_command("migrate", verbosity=0)
    call_command("load_demo", dossiers=0, verbosity=0)
    desk = User.objects.get(username="tiepnhan.xa3")
    applicant = Applicant(name="Nguyễn Thị Hương", id_number="068190001234", address="12 Trần Phú")
    subscribers = list(effects._IN_TRANSACTION)
    without_cells = [(order, h) for order, h in subscribers if h is not on_dossier_event]
    assert len(without_cells) == len(subscribers) - 1, "the report cells' subscriber is registered"

    def receive():
        return services.receive_at_counter(
            actor=desk, procedure_code="1.001193", receiving_agency_code="000.23.01.H38", applicant=applicant
        )

    def timed(n, run):
        times = []
        for _ in range(n):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        return times

    def switch(on):
        effects._IN_TRANSACTION[:] = subscribers if on else without_cells

    switch(True)
    timed(30, receive)  # warm caches
    with CaptureQueriesContext(connection) as with_cells_queries:
        receive()
    switch(False)
    with CaptureQueriesContext(connection) as without_queries:
        receive()
    results = {False: [], True: []}
    for _ in range(ROUNDS):
        for on in (False, True):
            switch(on)
            results[on] += timed(N, receive)
    a, b = statistics.median(results[False]), statistics.median(results[True])
    print(
        f"Counter reception ({ROUNDS} x {N} each, interleaved): without report cells median {a * 1000:.2f} ms, with them "
        f"{b * 1000:.2f} ms (+{(b - a) / a * 100:.1f}%); statements {len(without_queries)} -> {len(with_cells_queries)}",
        flush=True,
    )
    switch(True)
    from motcua.reports.facts.store import drain
    from motcua.reports.models import PendingFact

    marked = PendingFact.objects.count()
    t0 = time.perf_counter()
    applied = drain()
    took = time.perf_counter() - t0
    print(
        f"Applying the marks (the minute's job, or a report read on the primary): {applied:,} of {marked:,} marked dossiers in "
        f"{took * 1000:.0f} ms ({took / max(applied, 1) * 1000:.2f} ms a dossier); {ReportCell.objects.count():,} cells",
        flush=True,
    )
    connection.close()
    drop_postgres(DB)


if __name__ == "__main__":
    main()
