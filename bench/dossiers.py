"""Dossier benchmarks on PostgreSQL (issue 5).

    .venv/bin/python bench/dossiers.py            # needs PostgreSQL on 127.0.0.1 (user postgres)

1. Counter receptions per second through the HTTP API (gunicorn, several workers) against raw
   inserts of the same rows (counter, dossier, step, event) with psycopg on the same database,
   at the same concurrency.
2. Public lookups by code with 1,000,000 dossiers in the table at 50 concurrent clients:
   closed loop (as fast as the server answers) and paced (each client an independent user with
   Poisson arrivals, 4 then 1 lookups/s on average).
Environment: BENCH_WORKERS (gunicorn workers, default 2 x cores), BENCH_WORKER_CLASS (sync or
gthread, with BENCH_THREADS threads each), BENCH_RECEPTIONS (default 2000 per run), BENCH_PAIRS (runs of
each kind, default 3),
BENCH_ROWS (default 1,000,000), BENCH_REUSE=1 (keep the database of a previous run: lookups only).
"""

import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from http.client import HTTPConnection
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
DB = "motcua_bench"
URL = f"postgres://postgres@127.0.0.1:5432/{DB}"
PORT = 8765
WORKERS = int(os.environ.get("BENCH_WORKERS", 2 * (os.cpu_count() or 2)))
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "sync")  # or gthread (keep-alive, BENCH_THREADS threads per worker)
THREADS = int(os.environ.get("BENCH_THREADS", 4))
RECEPTIONS = int(os.environ.get("BENCH_RECEPTIONS", 2000))
ROWS = int(os.environ.get("BENCH_ROWS", 1_000_000))
CLIENTS = 8
PAIRS = int(os.environ.get("BENCH_PAIRS", 3))
ENV = {
    **os.environ,
    "DATABASE_URL": URL,
    "DJANGO_SETTINGS_MODULE": "motcua.config.settings.prod",
    "SECRET_KEY": secrets.token_urlsafe(40),
    "SECURE_SSL_REDIRECT": "false",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "PUBLIC_LOOKUP_RATE": "100000000/s",
    "LOG_LEVEL": "WARNING",
    "DATABASE_CONN_MAX_AGE": "600",
    "CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/3"),
}


def manage(*args):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=ENV, check=True, capture_output=True)


def setup():
    with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        c.execute(f"CREATE DATABASE {DB}")
    manage("migrate", "-v0")
    manage("load_demo", "--dossiers", "0", "-v0")
    out = subprocess.run(
        [PY, "manage.py", "create_api_token", "tiepnhan.xa1"], cwd=ROOT, env=ENV, check=True, capture_output=True, text=True
    ).stdout
    return next(w for w in out.split() if w.startswith("mc_"))


def start_server():
    extra = ["-k", "gthread", "--threads", str(THREADS)] if WORKER_CLASS == "gthread" else []
    proc = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "motcua.config.wsgi",
            "-w",
            str(WORKERS),
            *extra,
            "-b",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=ENV,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
            return proc
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def run_threads(n, fn):
    threads = [threading.Thread(target=fn, args=(i,)) for i in range(n)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start


def api_receptions(token):
    body = json.dumps(
        {
            "procedure": "1.004873",
            "receiving_agency": "000.21.01.H38",
            "channel": "counter",
            "applicant": {"name": "Nguyễn Văn Thử", "id_number": "068090001234", "birth_date": "1990-01-01", "phone": "0912345678"},
        }
    )
    per, errors = RECEPTIONS // CLIENTS, []

    def client(i):
        conn = HTTPConnection("127.0.0.1", PORT, timeout=30)
        for _ in range(per):
            conn.request("POST", "/api/v1/dossiers", body, {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
            r = conn.getresponse()
            r.read()
            if r.status != 201:
                errors.append(r.status)

    seconds = run_threads(CLIENTS, client)
    assert not errors, errors[:5]
    return per * CLIENTS / seconds


def raw_receptions():
    """The same rows as one API reception, written with plain SQL in one transaction: the daily
    counter, the dossier, its first step, its event, the applicant's SMS notice and the job
    that delivers it."""
    with psycopg.connect(URL) as c:
        ids = dict(c.execute("SELECT code, id FROM organisations_agency WHERE code IN ('000.21.01.H38','000.21.00.H38')").fetchall())
        proc, ver = c.execute(
            "SELECT p.id, v.id FROM catalog_procedure p JOIN catalog_procedureversion v ON v.procedure_id = p.id WHERE p.code = '1.004873'"
        ).fetchone()
        user = c.execute("SELECT id FROM accounts_user WHERE username = 'tiepnhan.xa1'").fetchone()[0]
    centre, ubnd = ids["000.21.01.H38"], ids["000.21.00.H38"]
    per = RECEPTIONS // CLIENTS

    def client(i):
        with psycopg.connect(URL) as c:
            for _ in range(per):
                with c.transaction():
                    seq = c.execute(
                        "INSERT INTO dossiers_dossiercounter (agency_id, series, day, last) VALUES (%s, '', '2000-01-01', 1) "
                        "ON CONFLICT (agency_id, series, day) DO UPDATE SET last = dossiers_dossiercounter.last + 1 RETURNING last",
                        (centre,),
                    ).fetchone()[0]
                    did = c.execute(
                        "INSERT INTO dossiers_dossier (public_id, code, lookup_secret, procedure_id, procedure_version_id, "
                        "receiving_agency_id, competent_agency_id, current_agency_id, "
                        "current_step, channel, applicant_kind, applicant_name, applicant_id_number, applicant_birth_date, "
                        "applicant_phone, applicant_email, applicant_address, components, sets, "
                        "state, national_status, submitted_at, received_at, due_at, original_due_at, result_channel, supplement_count, "
                        "apology_count, rating_criteria, register_number, imported, "
                        "version, created_at, updated_at, pickup_address, result_address) "
                        "VALUES (%s, %s, 'ABCDEFGH', %s, %s, %s, %s, %s, 1, 'counter', 'person', 'Nguyễn Văn Thử', '068090001234', "
                        "'1990-01-01', '+84912345678', '', '', '[]', 1, "
                        "'received', 2, now(), now(), now(), now(), 'counter', 0, 0, '{}', %s, false, 1, now(), now(), '', '') RETURNING "
                        "id",
                        (uuid.uuid4(), f"RAW-{uuid.uuid4().hex[:20]}", proc, ver, centre, ubnd, centre, seq),
                    ).fetchone()[0]
                    c.execute(
                        "INSERT INTO dossiers_dossierstep (dossier_id, position, name, kind, agency_id, started_at, status) VALUES (%s, "
                        "1, 'Tiếp nhận', 'reception', %s, now(), 'open')",
                        (did, centre),
                    )
                    c.execute(
                        "INSERT INTO dossiers_dossierevent (dossier_id, seq, action, at, recorded_at, actor_id, actor_label, agency_id, "
                        "from_state, to_state, to_step, to_agency_id, note, data) "
                        "VALUES (%s, 1, 'receive', now(), now(), %s, 'x', %s, '', 'received', 1, %s, '', '{}')",
                        (did, user, centre, centre),
                    )
                    c.execute(
                        "INSERT INTO notifications_message (key, medium, recipient, subject, body, template_key, state, attempts, "
                        "next_attempt_at, last_error, provider_ref, "
                        "created_at, attachment, attachment_name, dossier_id, claimed_by) VALUES (%s, 'sms', '+84912345678', '', %s, "
                        "'dossier.received', 'pending', 0, now(), '', '', now(), '', '', %s, '')",
                        (
                            f"dossier:{did}:1:sms",
                            "TTPVHCC: ho so da duoc tiep nhan, hen tra ket qua 10:00 25/11/2026. Tra cuu: http://127.0.0.1/track/",
                            did,
                        ),
                    )

    seconds = run_threads(CLIENTS, client)
    return per * CLIENTS / seconds


def fill(rows):
    with psycopg.connect(URL) as c:
        proc, ver = c.execute(
            "SELECT p.id, v.id FROM catalog_procedure p JOIN catalog_procedureversion v ON v.procedure_id = p.id WHERE p.code = '1.004873'"
        ).fetchone()
        centre, ubnd = c.execute(
            "SELECT (SELECT id FROM organisations_agency WHERE code='000.21.01.H38'), (SELECT id FROM organisations_agency WHERE "
            "code='000.21.00.H38')"
        ).fetchone()
        c.execute(
            "INSERT INTO dossiers_dossier (public_id, code, lookup_secret, procedure_id, procedure_version_id, receiving_agency_id, "
            "competent_agency_id, current_agency_id, "
            "current_step, channel, applicant_kind, applicant_name, applicant_id_number, applicant_phone, applicant_email, "
            "applicant_address, components, sets, "
            "state, national_status, submitted_at, received_at, due_at, result_channel, supplement_count, apology_count, rating_criteria, "
            "imported, version, created_at, updated_at, "
            "pickup_address, result_address) "
            "SELECT gen_random_uuid(), 'BENCH-' || lpad(g::text, 8, '0'), 'S' || lpad(g::text, 7, '0'), %s, %s, %s, %s, %s, 4, 'counter', "
            "'person', 'Người thử ' || g, "
            "'068090' || lpad((g %% 1000000)::text, 6, '0'), '', '', '', '[]', 1, 'processing', 4, now() - (g || ' minutes')::interval, "
            "now() - (g || ' minutes')::interval, now(), "
            "'counter', 0, 0, '{}', true, 1, now(), now(), '', '' FROM generate_series(1, %s) g",
            (proc, ver, centre, ubnd, ubnd, rows),
        )
        c.execute("ANALYZE dossiers_dossier")


def lookups(rows, seconds=15, pace=None):
    """50 clients looking up random dossiers. Closed loop: each sends its next lookup as soon as
    it has the answer. Paced: each client is an independent user with exponentially distributed
    pauses of mean 1/pace seconds (Poisson arrivals), starting at a random moment, so the
    clients do not fire in lockstep bursts."""
    latencies, errors = [], []
    start = time.perf_counter()
    stop = start + seconds

    def client(i):
        rnd = random.Random(i)
        conn = HTTPConnection("127.0.0.1", PORT, timeout=30)
        mine = []
        if pace:
            time.sleep(rnd.uniform(0, 1 / pace))
        while time.perf_counter() < stop:
            g = rnd.randint(1, rows)
            t0 = time.perf_counter()
            conn.request("GET", f"/api/v1/public/dossiers/BENCH-{g:08d}?secret=S{g:07d}")
            r = conn.getresponse()
            r.read()
            mine.append((time.perf_counter() - t0) * 1000)
            if r.status != 200:
                errors.append(r.status)
            if pace:
                time.sleep(rnd.expovariate(pace))
        latencies.extend(mine)

    elapsed = run_threads(50, client)
    latencies.sort()
    assert not errors, errors[:5]
    q = statistics.quantiles(latencies, n=100)
    return len(latencies) / elapsed, statistics.median(latencies), q[94], q[98]


def server_side_lookup_ms(rows, n=2000):
    """Server time of one lookup (Django test client inside one process, no HTTP, no queueing)."""
    code = (
        "import os, random, time, statistics, django; django.setup(); from django.test import Client; c = Client(); r = random.Random(1); "
        "s = []\n"
        f"for _ in range({n}):\n g = r.randint(1, {rows}); t = time.perf_counter(); c.get(f'/api/v1/public/dossiers/BENCH-{{g:08d}}', "
        f"{{'secret': f'S{{g:07d}}'}}, HTTP_HOST='127.0.0.1'); s.append((time.perf_counter()-t)*1000)\n"
        "q = statistics.quantiles(s, n=100); print(f'{statistics.median(s):.2f} {q[98]:.2f}')"
    )
    out = subprocess.run([PY, "-c", code], cwd=ROOT, env=ENV, check=True, capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1])


def main():
    if os.environ.get("BENCH_REUSE"):
        return lookups_only()
    kind = f"{WORKER_CLASS} workers" + (f" × {THREADS} threads" if WORKER_CLASS == "gthread" else "")
    print(f"PostgreSQL on 127.0.0.1, gunicorn with {WORKERS} {kind}, {os.cpu_count()} cores; load generator on the same machine")
    token = setup()
    server = start_server()
    try:
        api_receptions(token) if RECEPTIONS >= 200 else None  # warm-up of the workers
        print(
            f"Counter receptions, {CLIENTS} concurrent clients, {RECEPTIONS:,} each run, {PAIRS} pairs of runs (API then raw, back to "
            "back):"
        )
        ratios = []
        for _ in range(PAIRS):  # back-to-back pairs: a drift in the machine's speed hits both sides of a pair alike
            api = api_receptions(token)
            raw = raw_receptions()
            ratios.append(api / raw)
            print(f"  through the API: {api:8.1f}/s   raw psycopg inserts of the same rows: {raw:8.1f}/s   ratio {api / raw:.0%}")
        print(f"  median ratio {statistics.median(ratios):.0%}")
        fill(ROWS)
        total = psycopg.connect(URL).execute("SELECT count(*) FROM dossiers_dossier").fetchone()[0]
        print(f"Public lookups by code with {total:,} dossiers, 50 concurrent clients (client-side latency, ms):")
        rate, p50, p95, p99 = lookups(ROWS)
        print(f"  closed loop:          {rate:7.0f} lookups/s   p50 {p50:6.1f}   p95 {p95:6.1f}   p99 {p99:6.1f}")
        for pace in (4, 1):
            rate, p50, p95, p99 = lookups(ROWS, seconds=30, pace=pace)
            print(f"  paced, {pace}/s per client:{rate:7.0f} lookups/s   p50 {p50:6.1f}   p95 {p95:6.1f}   p99 {p99:6.1f}")
        median, p99 = server_side_lookup_ms(ROWS)
        print(f"  one lookup, server time without HTTP or queueing: p50 {median:.2f} ms, p99 {p99:.2f} ms")
    finally:
        server.terminate()
        server.wait()


def lookups_only():
    """Lookups against the database a previous run left (BENCH_REUSE=1)."""
    server = start_server()
    try:
        total = psycopg.connect(URL).execute("SELECT count(*) FROM dossiers_dossier").fetchone()[0]
        print(
            f"gunicorn with {WORKERS} {WORKER_CLASS} workers; public lookups with {total:,} dossiers, 50 concurrent clients (client-side "
            "latency, ms):"
        )
        lookups(ROWS, seconds=5)  # warm-up
        rate, p50, p95, p99 = lookups(ROWS)
        print(f"  closed loop:          {rate:7.0f} lookups/s   p50 {p50:6.1f}   p95 {p95:6.1f}   p99 {p99:6.1f}")
        for pace in (4, 1):
            rate, p50, p95, p99 = lookups(ROWS, seconds=30, pace=pace)
            print(f"  paced, {pace}/s per client:{rate:7.0f} lookups/s   p50 {p50:6.1f}   p95 {p95:6.1f}   p99 {p99:6.1f}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    sys.exit(main())
