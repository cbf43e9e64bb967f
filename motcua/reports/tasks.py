"""Scheduled sends on the job runner: a periodic slot is enqueued once (jobs.PeriodicJobRun)
and each message's key makes a re-run send nothing twice."""

import datetime as dt

from motcua.jobs.runner import job, periodic

from . import services
from .facts import store


@periodic(at=dt.time(7, 0))
@job(queue="reports")
def send_scheduled_reports() -> int:
    return services.send_scheduled_reports()


@periodic(at=dt.time(7, 30))
@job(queue="reports")
def send_daily_alerts() -> int:
    return services.send_daily_alerts()


@periodic(every=dt.timedelta(minutes=1))
@job(queue="reports")
def apply_report_facts() -> int:
    """The dossiers marked by their events, brought up to date in the report cells."""
    return store.drain()
