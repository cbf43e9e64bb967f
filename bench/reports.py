"""Report benchmarks on PostgreSQL (issue 8).

    .venv/bin/python bench/reports.py                      # 1 million dossiers
    BENCH_DOSSIERS=10000000 .venv/bin/python bench/reports.py

1. A data generator: N dossiers over 3 years, 700 agencies (a Zipf-like skew: a few big
   centres, many small communes), 40 fields, 400 procedures; ~60% early, ~30% on time, ~5% late,
   2% withdrawn, 0.5% stopped, 1% refused, 8% with a supplement round (with its events), open
   dossiers in the last two months; loaded with COPY.
2. The report API (``GET /api/v1/reports/settlement``, one year, by agency, through Django's
   test client with a token) against ``bench/reference_settlement.sql``: one hand-written SQL
   query over the raw dossier table computing the same columns. Both results are compared
   column by column before anything is timed.
3. The overdue list (the province leader's first page of the "overdue" queue).
4. The Excel register export of 1,000,000 rows as the job worker makes it (count, then the rows
   streamed into rust_xlsxwriter): time and peak memory of the process (a subprocess, so the
   figure is the export's own).
Environment: BENCH_DOSSIERS (default 1,000,000), BENCH_REPEAT (default 5), BENCH_KEEP=1 keeps
the database for another run (BENCH_REUSE=1 uses it without regenerating), BENCH_SKIP_EXPORT=1.
"""

import datetime as dt
import os
import random
import secrets
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
N = int(os.environ.get("BENCH_DOSSIERS", 1_000_000))
REPEAT = int(os.environ.get("BENCH_REPEAT", 5))
DB = os.environ.get("BENCH_DB", f"motcua_bench_reports_{N // 1_000_000 or 1}m")
ENV = {
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
    "DJANGO_SETTINGS_MODULE": "motcua.config.settings.prod",
    "SECRET_KEY": secrets.token_urlsafe(40),
    "SECURE_SSL_REDIRECT": "false",
    "ALLOWED_HOSTS": "testserver,127.0.0.1",
    "LOG_LEVEL": "ERROR",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
}
os.environ.update(ENV)
sys.path.insert(0, str(ROOT))
END = dt.datetime(2026, 11, 20, 17, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
START = END - dt.timedelta(days=3 * 365)
AGENCIES, FIELDS, PROCEDURES = 700, 40, 400


def seconds(values):
    values = sorted(values)
    return f"median {statistics.median(values):.2f} s (min {values[0]:.2f}, max {values[-1]:.2f})"


def setup_reference_data():
    """Agencies, fields and procedures through the ORM (small), returns their ids."""
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, Concat
    from django.utils import timezone

    from motcua.catalog.models import Field, Procedure, ProcedureVersion
    from motcua.organisations.models import AdministrativeUnit, Agency
    from motcua.organisations.services import create_agency

    province = AdministrativeUnit.objects.create(level="province", code="B01", name="Tỉnh thử nghiệm")
    root = create_agency(code="000.00.00.B01", name="UBND tỉnh thử nghiệm", kind="peoples_committee", level="province", admin_unit=province)
    Agency.objects.bulk_create(
        [
            Agency(
                code=f"000.{i // 100:02d}.{i % 100:02d}.B01",
                name=f"Đơn vị thử nghiệm {i}",
                kind="service_centre",
                level="commune",
                parent=root,
                admin_unit=province,
                path="",
            )
            for i in range(1, AGENCIES)
        ]
    )
    Agency.objects.filter(parent=root).update(path=Concat(Value(root.path), Cast("id", CharField()), Value("/")))
    fields = Field.objects.bulk_create([Field(code=f"F{i:02d}", name=f"Lĩnh vực {i}") for i in range(FIELDS)])
    procedures = Procedure.objects.bulk_create(
        [
            Procedure(code=f"9.{i:06d}", status="active", name=f"Thủ tục thử {i}", field=fields[i % FIELDS], online_level="partial")
            for i in range(PROCEDURES)
        ]
    )
    versions = ProcedureVersion.objects.bulk_create(
        [
            ProcedureVersion(
                procedure=p,
                number=1,
                state="published",
                effective_from=dt.date(2020, 1, 1),
                published_at=timezone.now(),
                name=p.name,
                field=p.field,
                statutory_value=5,
                statutory_unit="working_days",
                online_level="partial",
            )
            for p in procedures
        ]
    )
    ids = list(Agency.objects.exclude(pk=root.pk).values_list("pk", flat=True))
    return root, ids, [(p.pk, v.pk) for p, v in zip(procedures, versions, strict=True)]


def generate(agency_ids, procedures, conn):
    """COPY N dossiers (and the events of their supplement rounds)."""
    rnd = random.Random(2026)
    weights = [1 / (k + 1) ** 0.9 for k in range(len(agency_ids))]
    span = (END - START).total_seconds()
    cols = (
        "id, public_id, code, lookup_secret, procedure_id, procedure_version_id, receiving_agency_id, competent_agency_id, "
        "current_agency_id, current_step, "
        "channel, applicant_kind, applicant_name, applicant_id_number, applicant_phone, applicant_email, applicant_address, components, "
        "pickup_address, "
        "result_address, sets, state, national_status, submitted_at, received_at, due_at, original_due_at, resolved_at, returned_at, "
        "closed_at, "
        "result_channel, supplement_count, apology_count, rating_criteria, imported, version, created_at, updated_at, "
        "branches_open, applicant_sex, risk_step, clock_paused_at"
    )
    event_cols = "id, dossier_id, seq, action, at, recorded_at, actor_label, from_state, to_state, note, data"
    agency_choice = rnd.choices(agency_ids, weights=weights, k=N)
    event_id = 0
    with conn.cursor() as cur, cur.copy(f"COPY dossiers_dossier ({cols}) FROM STDIN") as copy:
        events = []
        for i in range(1, N + 1):
            received = START + dt.timedelta(seconds=rnd.random() * span)
            received = received.replace(hour=rnd.randint(7, 16))
            agency = agency_choice[i - 1]
            proc, version = procedures[rnd.randrange(len(procedures))]
            r = rnd.random()
            channel = "online" if r < 0.3 else "postal" if r < 0.35 else "counter"
            due = received + dt.timedelta(days=rnd.choice((1, 3, 5, 7, 10, 15, 21)))
            supplement = rnd.random() < 0.08
            if supplement:
                due += dt.timedelta(days=rnd.randint(1, 5))
            fate = rnd.random()
            resolved = returned = closed = None
            recent = (END - received).days < 60
            if fate < 0.01:
                state, code_, rec = "refused", None, None
                closed = received
            else:
                rec = received
                code_ = f"B{i:09d}"
                if fate < 0.03:
                    state, closed = "withdrawn", received + dt.timedelta(days=rnd.randint(0, 5))
                elif fate < 0.035:
                    state, closed = "stopped", received + dt.timedelta(days=rnd.randint(1, 10))
                elif recent and fate < 0.30:
                    state = "processing"
                else:
                    k = rnd.random()
                    resolved = (
                        (due - dt.timedelta(days=rnd.randint(1, 5)))
                        if k < 0.62
                        else (due - dt.timedelta(hours=rnd.randint(0, 5)))
                        if k < 0.95
                        else (due + dt.timedelta(days=rnd.randint(1, 20)))
                    )
                    resolved = max(resolved, received + dt.timedelta(hours=1))
                    state = "resolved"
                    if rnd.random() < 0.85:
                        returned = resolved + dt.timedelta(days=rnd.randint(0, 3))
                        state, closed = "returned", returned
                if any(t is not None and t > END for t in (resolved, returned, closed)):
                    state, resolved, returned, closed = "processing", None, None, None
            ask = back = paused = None
            if supplement and rec is not None:
                ask = received + dt.timedelta(hours=rnd.randint(2, 40))
                back = ask + dt.timedelta(days=rnd.randint(1, 5))
                if state == "processing" and ask <= END < back:  # still waiting for the supplement at the end
                    state, paused = "supplement_requested", ask
            national = {
                "refused": 3,
                "withdrawn": 7,
                "stopped": 8,
                "processing": 4,
                "supplement_requested": 5,
                "resolved": 9,
                "returned": 10,
            }[state]
            copy.write_row(
                (
                    i,
                    uuid.UUID(int=rnd.getrandbits(128)),
                    code_,
                    "ABCD2345",
                    proc,
                    version,
                    agency,
                    agency,
                    agency,
                    1,
                    channel,
                    "person",
                    "Người nộp thử",
                    "068190001234",
                    "",
                    "",
                    "",
                    "[]",
                    "",
                    "",
                    1,
                    state,
                    national,
                    received,
                    rec,
                    due if rec else None,
                    due if rec else None,
                    resolved,
                    returned,
                    closed,
                    channel if channel != "postal" else "postal",
                    int(supplement),
                    0,
                    "{}",
                    False,
                    1,
                    received,
                    received,
                    0,
                    "",
                    "",
                    paused,
                )
            )
            if ask is not None and back is not None:
                for seq, (action, at) in enumerate((("request_supplement", ask), ("supplement_received", back)), start=2):
                    if at <= END and (resolved is None or at < resolved):
                        event_id += 1
                        events.append((event_id, i, seq, action, at, at, "Cán bộ thử", "processing", "processing", "", "{}"))
    with conn.cursor() as cur, cur.copy(f"COPY dossiers_dossierevent ({event_cols}) FROM STDIN") as copy:
        for row in events:
            copy.write_row(row)
    with conn.cursor() as cur:
        cur.execute("SELECT setval('dossiers_dossier_id_seq', %s)", [N])
        cur.execute("SELECT setval('dossiers_dossierevent_id_seq', %s)", [max(event_id, 1)])
        cur.execute("ANALYZE dossiers_dossier")
        cur.execute("ANALYZE dossiers_dossierevent")
    return len(events)


def main():
    fresh = not os.environ.get("BENCH_REUSE")
    if fresh:
        with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
            c.execute(f"CREATE DATABASE {DB}")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from motcua.accounts.models import User
    from motcua.accounts.services import create_api_token
    from motcua.organisations.models import Agency
    from motcua.reports.settlement import COLUMNS

    if fresh:
        call_command("migrate", verbosity=0)
        call_command("load_calendar", verbosity=0)
        root, agency_ids, procedures = setup_reference_data()
        started = time.perf_counter()
        connection.ensure_connection()
        events = generate(agency_ids, procedures, connection.connection)
        print(f"Generated {N:,} dossiers and {events:,} events with COPY in {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        call_command("rebuild_report_facts", "--no-progress", stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"rebuild_report_facts over {N:,} dossiers: {time.perf_counter() - started:.0f} s")
        admin = User.objects.create_superuser("bench", password=secrets.token_urlsafe(16))
    else:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        call_command("rebuild_report_facts", "--no-progress", stdout=open(os.devnull, "w"))  # noqa: SIM115  (resumes or starts over)
        print(f"rebuild_report_facts over {N:,} dossiers: {time.perf_counter() - started:.0f} s")
        root = Agency.objects.get(code="000.00.00.B01")
        admin = User.objects.get(username="bench")
    _, token = create_api_token(admin, name="bench")
    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    params = {"start": "2025-11-21", "end": "2026-11-20", "group_by": "agency"}

    reference = (ROOT / "bench" / "reference_settlement.sql").read_text()
    with connection.cursor() as cur:
        cur.execute(reference, {"start": params["start"], "end": params["end"]})
        names = [d.name for d in cur.description]
        ref_rows = {row[0]: dict(zip(names, row, strict=True)) for row in cur.fetchall()}
    api = client.get("/api/v1/reports/settlement", params, **auth).json()
    api_rows = {row["key"]: row for row in api["rows"]}
    assert set(api_rows) == set(ref_rows), "different agencies"
    for key, row in api_rows.items():
        for column in COLUMNS:
            assert row[column] == ref_rows[key][column], (key, column, row[column], ref_rows[key][column])
    print(
        f"Report API and the reference agree on {len(api_rows)} agencies x {len(COLUMNS)} columns "
        f"(received {api['totals']['received_total']:,}, resolved {api['totals']['resolved_total']:,}, open "
        f"{api['totals']['in_progress_total']:,})"
    )

    api_times, ref_times = [], []
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(reference, {"start": params["start"], "end": params["end"]})
            cur.fetchall()
        ref_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        response = client.get("/api/v1/reports/settlement", params, **auth)
        api_times.append(time.perf_counter() - t0)
        assert response.status_code == 200
    print(
        f"One year by agency ({N:,} dossiers): report API {seconds(api_times)}; reference SQL {seconds(ref_times)}; "
        f"ratio {statistics.median(api_times) / statistics.median(ref_times):.2f}"
    )

    from motcua.accounts.services import add_membership
    from motcua.dossiers.selectors import queue

    leader = User.objects.filter(username="bench-leader").first() or User.objects.create_user(
        "bench-leader", password=secrets.token_urlsafe(16)
    )
    add_membership(leader, root, "leader")
    times = []
    for _ in range(REPEAT):
        leader.__dict__.pop("_motcua_work_scope", None)
        t0 = time.perf_counter()
        first_page = list(queue(leader, "overdue")[:50])
        times.append(time.perf_counter() - t0)
    print(f"Overdue list, first page of 50 for the province leader: {seconds(times)} ({len(first_page)} rows)")

    if os.environ.get("BENCH_SKIP_EXPORT"):
        return finish(connection)
    days = max(int(3 * 365 * min(1.0, 1_000_000 / N)), 1)  # a range of about a million received dossiers
    first = (END - dt.timedelta(days=days)).date()
    script = (
        "import os, resource, tempfile, datetime as dt, django; django.setup();"
        "from motcua.documents import excel, rendering; from motcua.dossiers.models import Dossier; from motcua.organisations.models "
        "import Agency;"
        f"first, last = dt.date.fromisoformat('{first}'), dt.date.fromisoformat('{END.date()}');"
        "rows = rendering.register_queryset(Dossier.objects.all(), first, last);"
        "path = tempfile.mktemp(suffix='.xlsx'); n = rows.count();"
        "excel.register_workbook(rows, first, last, Agency.objects.get(code='000.00.00.B01'), path);"
        "print(os.path.getsize(path), n, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss); os.remove(path)"
    )
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env={**os.environ}, cwd=ROOT, check=True
    ).stdout.split()
    print(
        f"Excel register of {int(out[1]):,} rows: {int(out[0]) / 1e6:.0f} MB file in {time.perf_counter() - t0:.0f} s, peak memory "
        f"{int(out[2]) / 1024:.0f} MB"
    )

    finish(connection)


def finish(connection):
    if not os.environ.get("BENCH_KEEP"):
        connection.close()
        with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")


if __name__ == "__main__":
    main()
