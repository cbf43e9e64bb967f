"""Writes of the jobs domain: scheduling periodic jobs, retrying dead ones, the workers'
heartbeats and the recovery of the jobs of a worker that died."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from motcua.core.choices import AuditCategory
from motcua.core.services import record_event

from . import outbox
from .choices import JobState
from .models import PeriodicJobRun, WorkerBeat
from .runner import PERIODIC

logger = logging.getLogger("motcua.jobs")


def schedule_periodic(now: dt.datetime | None = None) -> list[str]:
    """Enqueue every periodic job whose current slot has not been enqueued yet. Safe to call
    from any number of processes at once: the slot row and the job commit together or not at all."""
    now = now or timezone.now()
    enqueued = []
    for spec in PERIODIC.values():
        slot = spec.slot(now)
        if slot is None or PeriodicJobRun.objects.filter(name=spec.name, slot=slot).exists():
            continue
        try:
            with transaction.atomic():
                run = PeriodicJobRun.objects.create(name=spec.name, slot=slot)
                result = spec.job.enqueue()
                run.task_result_id = str(result.id)
                run.save(update_fields=["task_result_id"])
        except IntegrityError:
            continue  # another scheduler won this slot
        enqueued.append(spec.name)
    return enqueued


def retry_failed(result_id: str, *, actor=None) -> str:
    """Run a failed (dead) job again from the jobs page; returns the new result id."""
    db_result = DBTaskResult.objects.get(pk=result_id, status="FAILED")
    previous = db_result.task_result
    kwargs = {k: v for k, v in previous.kwargs.items() if k != "_attempt"}
    new = db_result.task.enqueue(*previous.args, **kwargs)
    record_event(
        actor=actor,
        category=AuditCategory.SYSTEM,
        action="job.retried",
        summary=db_result.task_path,
        data={"from": str(result_id), "to": str(new.id)},
    )
    return str(new.id)


def beat(worker: str, now: dt.datetime | None = None) -> None:
    """A worker says it is alive; its outbox claims stay its own."""
    now = now or timezone.now()
    if not WorkerBeat.objects.filter(worker_id=worker).update(seen_at=now):
        WorkerBeat.objects.get_or_create(
            worker_id=worker, defaults={"host": socket.gethostname()[:100], "pid": os.getpid(), "started_at": now, "seen_at": now}
        )
    outbox.renew_claims(worker, now)


def stopped(worker: str) -> None:
    """A worker that stops cleanly says so: nothing of it is left to recover."""
    WorkerBeat.objects.filter(worker_id=worker).delete()


def recover_orphans(now: dt.datetime | None = None) -> int:
    """Jobs left RUNNING by a worker that died (no heartbeat for ``WORKER_LOST_SECONDS``) are
    made ready to run again. Jobs are written to be run again safely (an outbox row is claimed,
    a periodic slot is a unique row). Returns how many were recovered."""
    now = now or timezone.now()
    lost_before = now - dt.timedelta(seconds=settings.WORKER_LOST_SECONDS)
    alive = set(WorkerBeat.objects.filter(seen_at__gte=lost_before).values_list("worker_id", flat=True))
    WorkerBeat.objects.filter(seen_at__lt=lost_before).delete()
    orphans = [
        pk
        for pk, workers, started in DBTaskResult.objects.filter(status=JobState.RUNNING).values_list("pk", "worker_ids", "started_at")
        if (not workers or workers[-1] not in alive) and (started is None or started < lost_before)
    ]
    if not orphans:
        return 0
    recovered = DBTaskResult.objects.filter(pk__in=orphans, status=JobState.RUNNING).update(
        status=JobState.READY, started_at=None, run_after=now
    )
    logger.warning("orphaned jobs recovered", extra={"count": recovered})
    return recovered
