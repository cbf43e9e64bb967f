"""Counter and back-office benchmarks on PostgreSQL (issue 6).

    .venv/bin/python bench/counter.py            # needs PostgreSQL on 127.0.0.1 (user postgres)

1. Receipt PDF (form 01) rendering: the whole form, QR code and fonts, in-process, warm.
2. The work queue page of an officer whose unit holds 10,000 open dossiers (server time through
   Django's test client, the whole request: session, scope, counts of every queue, one page of
   rows), with the number of queries.
Environment: BENCH_QUEUE_ROWS (default 10,000), BENCH_REPEAT (default 40).
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = "motcua_bench_counter"
ROWS = int(os.environ.get("BENCH_QUEUE_ROWS", 10_000))
REPEAT = int(os.environ.get("BENCH_REPEAT", 40))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from db import drop_postgres, recreate_postgres, use_postgres  # noqa: E402

use_postgres(DB)


def ms(values):
    values = sorted(values)
    p95 = values[int(len(values) * 0.95) - 1]
    return f"p50 {statistics.median(values) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {values[-1] * 1000:.0f} ms"


def main():
    recreate_postgres(DB)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from motcua.accounts.models import User
    from motcua.documents import rendering
    from motcua.dossiers import selectors, services
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.services import Applicant
    from motcua.organisations.models import Agency

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo", dossiers=0, verbosity=0)
    desk, officer = User.objects.get(username="tiepnhan.xa3"), User.objects.get(username="xuly.xa3")
    centre, commune = Agency.objects.get(code="000.23.01.H38"), Agency.objects.get(code="000.23.00.H38")
    d = services.receive_at_counter(
        actor=desk,
        procedure_code="1.001193",
        receiving_agency_code=centre.code,
        applicant=Applicant(name="Nguyễn Thị Hương", id_number="068190001234", phone="0912345678", address="12 Trần Phú"),
    )
    cold = time.perf_counter()
    rendering.render_form(d, "receipt")
    cold = time.perf_counter() - cold
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        pdf = rendering.render_form(d, "receipt").pdf
        times.append(time.perf_counter() - start)
    print(f"Receipt PDF (form 01, {len(pdf) // 1024} KB): first {cold * 1000:.0f} ms; warm {ms(times)}")

    now = timezone.now()
    rnd = random.Random(6)
    template = Dossier.objects.get(pk=d.pk)
    rows = []
    for i in range(ROWS):
        received = now - timezone.timedelta(days=rnd.randint(0, 40), minutes=rnd.randint(0, 600))
        rows.append(
            Dossier(
                code=f"BENCH-{i:07d}",
                lookup_secret="ABCDEFGH",
                procedure=template.procedure,
                procedure_version=template.procedure_version,
                route=template.route,
                receiving_agency=centre,
                competent_agency=commune,
                current_agency=commune,
                current_step=2,
                channel=rnd.choice(["counter", "online", "postal"]),
                applicant_name=f"Người nộp {i}",
                applicant_id_number=f"0681900{i:05d}",
                state="processing",
                national_status=4,
                submitted_at=received,
                received_at=received,
                due_at=received + timezone.timedelta(days=rnd.randint(1, 20)),
                current_assignee=officer if i % 10 == 0 else None,
            )
        )
    Dossier.objects.bulk_create(rows, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client = Client()
    client.force_login(officer)
    for queue in ("unit", "mine", "overdue", "nearly_due"):
        client.get(f"/work/{queue}/")
        times = []
        for _ in range(REPEAT):
            start = time.perf_counter()
            response = client.get(f"/work/{queue}/")
            times.append(time.perf_counter() - start)
        assert response.status_code == 200
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/work/{queue}/")
        size = selectors.queue_counts(officer)[queue]
        print(f"Work queue '{queue}' ({size} dossiers, {ROWS} open in the unit): {ms(times)}; {len(queries)} queries")
    dossier_page(client, desk, officer, d)
    drop_postgres(DB)


def dossier_page(client, desk, officer, d):
    """The dossier page as its processing officer opens it (the whole request, which records the
    access), beside the access record alone: what the record costs a page (issue 24, goal 5%)."""
    from motcua.dossiers import services
    from motcua.dossiers.models import DossierAccess

    d = services.perform(d, "forward", actor=desk, to_user=officer.pk)
    url = f"/dossiers/{d.code}/?via=mine"
    client.get(url)
    pages, records = [], []
    for _ in range(REPEAT):
        start = time.perf_counter()
        response = client.get(url)
        pages.append(time.perf_counter() - start)
        start = time.perf_counter()
        services.record_access(officer, d, DossierAccess.What.PAGE, reason="mine", in_work=True)
        records.append(time.perf_counter() - start)
    assert response.status_code == 200
    share = statistics.median(records) / statistics.median(pages) * 100
    print(
        f"Dossier page (with its access record): {ms(pages)}; the access record alone: p50 {statistics.median(records) * 1000:.2f} ms = "
        f"{share:.1f}% of the page"
    )


if __name__ == "__main__":
    main()
