"""The leaders' screens at province scale (issue 19), whole requests through Django with
production settings, beside the direct computation of the same figures over the dossier table.

    .venv/bin/python bench/leaders.py                          # 1 million dossiers
    BENCH_DOSSIERS=10000000 .venv/bin/python bench/leaders.py  # 10 million

The database is the one ``bench/reports.py`` generates and keeps (made first when missing: COPY,
then ``rebuild_report_facts``). Each screen is asked once to warm it, then BENCH_REPEAT times
(default 5): the median is printed. The direct computation (``settlement.compute`` over the
dossier table, what every screen did before the report cells) runs BENCH_DIRECT_REPEAT times
(default 1; it takes seconds to minutes). The figures of both are compared before timing.
BENCH_ONLY=drill-down,badges runs only the screens whose name holds one of those words;
BENCH_DIRECT=0 times the screens alone (no direct computation, no comparison of figures).
"""

import datetime as dt
import os
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import reports as generator  # noqa: E402  (sets the environment: production settings, the bench database)

REPEAT = int(os.environ.get("BENCH_REPEAT", 5))
DIRECT_REPEAT = int(os.environ.get("BENCH_DIRECT_REPEAT", 1))
DIRECT = os.environ.get("BENCH_DIRECT", "1") != "0"  # 0: the screens alone (no direct computation, no comparison)
ONLY = [word for word in os.environ.get("BENCH_ONLY", "").split(",") if word]  # screens whose name holds one of these
ROOT_AGENCY = "000.00.00.B01"
YEAR = generator.END.year


def median_ms(run, repeat):
    run()  # warm
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def ensure_database():
    with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
        exists = c.execute("SELECT 1 FROM pg_database WHERE datname = %s", (generator.DB,)).fetchone()
    if not exists:
        env = {**os.environ, "BENCH_KEEP": "1", "BENCH_SKIP_EXPORT": "1", "BENCH_REPEAT": "1"}
        subprocess.run([sys.executable, str(ROOT / "bench" / "reports.py")], env=env, cwd=ROOT, check=True)


def main():
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from motcua.accounts.models import User
    from motcua.accounts.services import add_membership, create_api_token
    from motcua.dossiers.models import Dossier
    from motcua.organisations.models import Agency
    from motcua.reports import dashboard, indicators, settlement
    from motcua.reports.facts import read
    from motcua.reports.models import FactsRebuild
    from motcua.reports.periods import Period, period_for

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)  # pages render with production's manifest storage
    if not FactsRebuild.objects.filter(finished_at__isnull=False).exists():
        t0 = time.perf_counter()
        call_command("rebuild_report_facts", "--no-progress", stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"rebuild_report_facts: {time.perf_counter() - t0:.0f} s")
    from django.db import connection

    with connection.cursor() as cursor:  # autovacuum is off on this machine's server; production's has done this by now
        cursor.execute("VACUUM (ANALYZE)")
    n = Dossier.objects.count()
    root = Agency.objects.get(code=ROOT_AGENCY)
    admin = User.objects.filter(username="bench").first() or User.objects.create_superuser("bench", password=secrets.token_urlsafe(16))
    leader = User.objects.filter(username="bench-leader").first() or User.objects.create_user(
        "bench-leader", password=secrets.token_urlsafe(16)
    )
    add_membership(leader, root, "leader")
    _, token = create_api_token(admin, name="bench-leaders")
    api = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    browser = Client()
    browser.force_login(leader)
    anonymous = Client()

    def get(client, url, params=None, **extra):
        def run():
            response = client.get(url, params or {}, **extra)
            assert response.status_code == 200, (url, params, response.status_code)

        return run

    year = period_for("year", year=YEAR)
    everything = Dossier.objects.all()
    under_root = dashboard.dossiers_of(root)
    rows = []

    def screen(name, run, direct=None, check=None):
        if ONLY and not any(word in name for word in ONLY):
            return
        if not DIRECT:
            direct = check = None
        if check is not None:
            fast, slow = check
            assert [(r.key, r.counts) for r in fast()] == [(r.key, r.counts) for r in slow()], name
        fast_ms = median_ms(run, REPEAT)
        direct_ms = median_ms(direct, DIRECT_REPEAT) if direct is not None else None
        rows.append((name, fast_ms, direct_ms))
        shown = f"{direct_ms:,.0f} ms" if direct_ms is not None else "—"
        print(f"| {name} | {fast_ms:,.0f} ms | {shown} |", flush=True)

    print(f"\n{n:,} dossiers, warm, median of {REPEAT} (direct: of {DIRECT_REPEAT})\n")
    print("| screen | now | direct computation |\n|---|---|---|")

    def months_direct():
        today = dt.date(YEAR, 12, 31)
        for m in range(1, 13):
            end = dt.date(YEAR + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)
            settlement.compute(under_root, Period(dt.date(YEAR, m, 1), min(end, today)), "agency")
        settlement.compute(under_root, year, "agency")

    screen("leaders' dashboard, province, this year", get(browser, "/reports/dashboard/", {"year": YEAR}), months_direct)
    screen(
        "settlement page, province, one year",
        get(browser, "/reports/", {"kind": "year", "year": YEAR}),
        lambda: settlement.compute(under_root, year, "agency"),
    )
    periods = {
        "week": period_for("week", year=YEAR, number=20),
        "month": period_for("month", year=YEAR, number=6),
        "quarter": period_for("quarter", year=YEAR, number=2),
        "half-year, cut-off 15": period_for("half", year=YEAR, number=1, cutoff_day=15),
        "year": year,
        "this month (not ended)": period_for("month", year=YEAR, number=generator.END.month),
        "any range (2 years 3 months)": Period(dt.date(YEAR - 2, 8, 9), dt.date(YEAR, 11, 7)),
    }
    for label, period in periods.items():
        params = {"start": period.start.isoformat(), "end": period.end.isoformat(), "group_by": "agency"}
        screen(
            f"settlement API, {label}, by agency",
            get(Client(), "/api/v1/reports/settlement", params, **api),
            lambda period=period: settlement.compute(everything, period, "agency"),
            check=(
                lambda period=period: read.compute(read.Scope(), period, "agency"),
                lambda period=period: settlement.compute(everything, period, "agency"),
            ),
        )
    for group_by in ("competent", "current", "field", "procedure"):
        params = {"start": year.start.isoformat(), "end": year.end.isoformat(), "group_by": group_by}
        screen(
            f"settlement API, year, by {group_by}",
            get(Client(), "/api/v1/reports/settlement", params, **api),
            lambda group_by=group_by: settlement.compute(everything, year, group_by),
            check=(
                lambda group_by=group_by: read.compute(read.Scope(), year, group_by),
                lambda group_by=group_by: settlement.compute(everything, year, group_by),
            ),
        )
    for column in (*settlement.COLUMNS, *settlement.COMPOSITES):
        screen(
            f"drill-down, first page ({column}, one year)",
            get(browser, "/reports/settlement/dossiers/", {"kind": "year", "year": YEAR, "column": column}),
        )
    screen("menu badges (asked after each page), province leader", get(browser, "/nav/badges/"))
    screen("leader's home page, province", get(browser, "/"))
    screen(
        "public statistics, one year",
        get(anonymous, "/reports/public/", {"year": YEAR}),
        lambda: settlement.compute(everything, year, "agency"),
    )
    screen(
        "public statistics, one year, by field",
        get(anonymous, "/reports/public/", {"year": YEAR, "by": "field"}),
        lambda: settlement.compute(everything, year, "field"),
    )
    screen(
        "service-index API, province, this year",
        get(Client(), "/api/v1/reports/service-index", {"agency": ROOT_AGENCY, "year": YEAR}, **api),
    )
    screen(
        "reform index pre-fill (one-stop figures), province, one year",
        lambda: indicators.compute(under_root, dashboard.subtree(root), year),
    )


if __name__ == "__main__":
    main()
