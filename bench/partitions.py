"""The dossier table partitioned by month against one table, at 10 million rows (issue 19,
docs/deploy.md section 3), on PostgreSQL 15.

    .venv/bin/python bench/partitions.py            # BENCH_ROWS (default 10,000,000)

Two tables with the columns and indexes the one-stop screens read (reception time, receiving
agency, procedure, state, due and finish times, the code), filled with the same rows by
``generate_series`` over four years and 700 agencies: ``plain``, and ``parted`` partitioned by
month of reception (``PARTITION BY RANGE (received_at)``, 48 months and a default partition).
Each query runs once to warm, then BENCH_REPEAT times (default 5); the median is printed:
- a month's and a year's receptions per agency (the direct report's shape);
- the open dossiers of 700 agencies by state (the queues' shape);
- one dossier by its code, without and with its month (a unique index holds per partition only);
- the fill time of each table.
The database is dropped at the end (BENCH_KEEP=1 keeps it).
"""

import os
import statistics
import time

import psycopg

ROWS = int(os.environ.get("BENCH_ROWS", 10_000_000))
REPEAT = int(os.environ.get("BENCH_REPEAT", 5))
DB = "motcua_bench_partitions"
ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
COLUMNS = """
    id bigint NOT NULL,
    code varchar(40) NOT NULL,
    receiving_agency_id integer NOT NULL,
    procedure_id integer NOT NULL,
    state varchar(20) NOT NULL,
    channel varchar(10) NOT NULL,
    received_at timestamptz NOT NULL,
    due_at timestamptz,
    resolved_at timestamptz,
    closed_at timestamptz
"""
# Four years of receptions ending now-ish; about 2% still open (the newest), as a province's table holds.
FILL = """
INSERT INTO {table}
SELECT g,
       'H38.' || lpad((g % 700)::text, 3, '0') || '-' || to_char(t, 'YYMMDD') || '-' || lpad(g::text, 8, '0'),
       1 + g % 700, 1 + (g * 7) % 400,
       CASE WHEN g > {rows} * 0.98 THEN (ARRAY['received', 'processing', 'supplement'])[1 + g % 3] ELSE 'returned' END,
       (ARRAY['counter', 'online', 'postal'])[1 + g % 3],
       t, t + interval '10 days',
       CASE WHEN g > {rows} * 0.98 THEN NULL ELSE t + interval '8 days' END,
       CASE WHEN g > {rows} * 0.98 THEN NULL ELSE t + interval '9 days' END
FROM (SELECT g, timestamptz '2022-12-01 08:00+07' + (g::float8 / {rows}) * interval '1460 days' AS t
      FROM generate_series(1, {rows}) AS g) AS s
"""
INDEXES = """
CREATE INDEX ON {table} (received_at);
CREATE INDEX ON {table} (receiving_agency_id, received_at);
CREATE INDEX ON {table} (state) WHERE state <> 'returned';
CREATE INDEX ON {table} (code);
"""


def median_ms(cursor, sql, params=()):
    cursor.execute(sql, params)
    cursor.fetchall()
    times = []
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        cursor.execute(sql, params)
        cursor.fetchall()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def months():
    year, month = 2022, 12
    for _ in range(49):
        nxt = (year + month // 12, month % 12 + 1)
        yield f"{year}-{month:02d}-01", f"{nxt[0]}-{nxt[1]:02d}-01"
        year, month = nxt


def main():
    with psycopg.connect(ADMIN, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DB}")
        admin.execute(f"CREATE DATABASE {DB}")
    with psycopg.connect(f"postgres://postgres@127.0.0.1:5432/{DB}", autocommit=True) as db, db.cursor() as c:
        c.execute("SET jit = off")
        c.execute(f"CREATE TABLE plain ({COLUMNS})")
        c.execute(f"CREATE TABLE parted ({COLUMNS}) PARTITION BY RANGE (received_at)")
        for lo, hi in months():
            c.execute(f"CREATE TABLE parted_{lo[:7].replace('-', '_')} PARTITION OF parted FOR VALUES FROM ('{lo}+07') TO ('{hi}+07')")
        c.execute("CREATE TABLE parted_default PARTITION OF parted DEFAULT")
        fill = {}
        for table in ("plain", "parted"):
            t0 = time.perf_counter()
            c.execute(FILL.format(table=table, rows=ROWS))
            for statement in INDEXES.format(table=table).strip().splitlines():
                c.execute(statement)
            c.execute(f"ANALYZE {table}")
            fill[table] = time.perf_counter() - t0
        c.execute(
            "SELECT pg_total_relation_size('plain'), (SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits "
            "WHERE inhparent = 'parted'::regclass)"
        )
        sizes = c.fetchone()
        agencies = list(range(1, 701))
        queries = {
            "receptions per agency, one month": (
                "SELECT receiving_agency_id, count(*) FROM {t} WHERE received_at >= '2026-06-01+07' AND received_at < '2026-07-01+07' "
                "GROUP BY 1",
                (),
            ),
            "receptions per agency, one year": (
                "SELECT receiving_agency_id, count(*) FROM {t} WHERE received_at >= '2026-01-01+07' AND received_at < '2027-01-01+07' "
                "GROUP BY 1",
                (),
            ),
            "open dossiers of 700 agencies by state": (
                "SELECT state, count(*) FROM {t} WHERE state <> 'returned' AND receiving_agency_id = ANY(%s) GROUP BY 1",
                (agencies,),
            ),
            "one dossier by its code": ("SELECT id FROM {t} WHERE code = %s", (None,)),
            "one dossier by its code and month": (
                "SELECT id FROM {t} WHERE code = %s AND received_at >= '2026-06-01+07' AND received_at < '2026-07-01+07'",
                (None,),
            ),
        }
        c.execute("SELECT code FROM plain WHERE received_at >= '2026-06-15+07' LIMIT 1")
        code = c.fetchone()[0]
        print(
            f"\n{ROWS:,} rows; fill (insert, 4 indexes, analyze): one table {fill['plain']:.0f} s, 49 partitions "
            f"{fill['parted']:.0f} s; size {sizes[0] / 2**20:,.0f} MB and {sizes[1] / 2**20:,.0f} MB\n"
        )
        print("| query | one table | partitioned by month |\n|---|---|---|")
        for label, (sql, params) in queries.items():
            params = tuple(code if p is None else p for p in params)
            a, b = (median_ms(c, sql.format(t=t), params) for t in ("plain", "parted"))
            print(f"| {label} | {a:,.1f} ms | {b:,.1f} ms |", flush=True)
    if not os.environ.get("BENCH_KEEP"):
        with psycopg.connect(ADMIN, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE {DB}")


if __name__ == "__main__":
    main()
