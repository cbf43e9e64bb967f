"""Writes of the jobs domain: scheduling periodic jobs, retrying dead ones."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from motcua.core.choices import AuditCategory
from motcua.core.services import record_event

from .models import PeriodicJobRun
from .runner import PERIODIC


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
    record_event(actor=actor, category=AuditCategory.SYSTEM, action="job.retried", summary=db_result.task_path, data={"from": str(result_id), "to": str(new.id)})
    return str(new.id)
