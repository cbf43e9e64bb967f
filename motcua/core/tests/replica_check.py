"""Run by ``test_replica.py`` in a process of its own, against a primary and its streaming
replica started for the test (DATABASE_URL, DATABASE_REPLICA_URL). Prints one JSON line of
observations; the test asserts on them."""

import json
import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.config.settings.dev")
django.setup()

from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from motcua.core import replica  # noqa: E402
from motcua.jobs.models import PeriodicJobRun as Row  # noqa: E402  (any small table)


def on_replica(sql="SELECT pg_is_in_recovery()"):
    with connections["replica"].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def wait_replicated(code: str) -> bool:
    for _ in range(100):
        if on_replica(f"SELECT count(*) FROM jobs_periodicjobrun WHERE name = '{code}'"):  # noqa: S608 - a test's constant
            return True
        time.sleep(0.1)
    return False


out = {"replica_in_recovery": on_replica()}
out["outside_block"] = Row.objects.all().db
with replica.replica_reads():
    out["inside_block"] = Row.objects.all().db
    Row.objects.create(name="REPLICA-1", slot=timezone.now())
    out["after_a_write"] = Row.objects.all().db
out["replicated"] = wait_replicated("REPLICA-1")
with replica.replica_reads():
    out["read_back"] = Row.objects.filter(name="REPLICA-1").count()
    out["read_back_db"] = Row.objects.filter(name="REPLICA-1").db

# A real screen: the public statistics page reads the report cells through the replica.
with CaptureQueriesContext(connections["replica"]) as on_the_replica, CaptureQueriesContext(connections["default"]) as on_the_primary:
    response = Client(HTTP_HOST="127.0.0.1").get("/reports/public/")
out["statistics_status"] = response.status_code
out["statistics_replica_queries"] = sum("reports_reportcell" in q["sql"] for q in on_the_replica.captured_queries)
out["statistics_primary_queries"] = sum("reports_reportcell" in q["sql"] for q in on_the_primary.captured_queries)

# Replay paused: the replica falls behind, the reads go back to the primary.
on_replica("SELECT pg_wal_replay_pause()")
Row.objects.create(name="REPLICA-2", slot=timezone.now())
time.sleep(float(os.environ["REPLICA_MAX_LAG_SECONDS"]) + 1.5)
replica.forget()
with replica.replica_reads():
    out["lagging"] = Row.objects.all().db
on_replica("SELECT pg_wal_replay_resume()")
out["caught_up"] = wait_replicated("REPLICA-2")
replica.forget()
with replica.replica_reads():
    out["after_catching_up"] = Row.objects.all().db

# The replica stops: the reads go to the primary, no error.
connections["replica"].close()
print("STOP", flush=True)
input()
replica.forget()
with replica.replica_reads():
    out["replica_down"] = Row.objects.all().db
    out["replica_down_count"] = Row.objects.filter(name__startswith="REPLICA-").count()
print(json.dumps(out), flush=True)
