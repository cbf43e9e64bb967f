"""Periodic housekeeping jobs."""

import datetime as dt

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from . import exports
from .models import PeriodicJobRun
from .runner import job, periodic

KEEP_DAYS = 30


@periodic(at=dt.time(2, 0))
@job(queue="default")
def prune_finished_jobs() -> int:
    """Remove successful job results and periodic slots older than 30 days."""
    cutoff = timezone.now() - dt.timedelta(days=KEEP_DAYS)
    removed, _ = DBTaskResult.objects.filter(status="SUCCESSFUL", finished_at__lt=cutoff).delete()
    PeriodicJobRun.objects.filter(slot__lt=cutoff).delete()
    return removed


@periodic(at=dt.time(2, 30))
@job(queue="default")
def expire_exports() -> int:
    """Remove export files kept past ``EXPORT_KEEP_DAYS``."""
    return exports.expire()
