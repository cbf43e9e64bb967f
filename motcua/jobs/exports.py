"""Exports made in the job worker (docs/rules.md section 6.4): a screen asks for a file, the
person sees its progress and downloads it when it is ready; the file is kept
``EXPORT_KEEP_DAYS`` days and served to that person only. Each app registers the kinds it
makes (a builder that writes the file and reports its progress); the builder runs with the
requester's scope as it is when the file is made."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from motcua.core.errors import BilingualError
from motcua.core.replica import replica_reads

from .models import Export
from .runner import job

logger = logging.getLogger("motcua.jobs")
PROGRESS_EVERY = 5000  # rows between two progress writes


class ExportRefused(BilingualError):
    """What the builder found wrong with the request when it ran (a scope lost, a bad period)."""


@dataclass(frozen=True)
class Made:
    """What a builder wrote: the path of a temporary file, its download name and type."""

    path: str
    filename: str
    content_type: str


Builder = Callable[[Export, Callable[[int, int | None], None]], Made]
_KINDS: dict[str, Builder] = {}


def register(kind: str, build: Builder) -> None:
    _KINDS[kind] = build


def start(owner, kind: str, params: dict, title: str) -> Export:
    """Ask for a file: the row now, the work in the job worker once this transaction commits."""
    if kind not in _KINDS:
        raise ValueError(f"unknown export {kind!r}")
    row = Export.objects.create(owner=owner, kind=kind, params=params, title=title[:300])
    transaction.on_commit(lambda: run_export.enqueue(row.pk))
    return row


@job(queue="reports", max_attempts=1)  # a failure is shown to its owner, who asks again
def run_export(export_id: int) -> str:
    """The job: make one export's file."""
    return run(export_id)


def run(export_id: int) -> str:
    """Make the file of one export (the job). A refusal or a failure is kept on the row for
    its owner; a row already made, refused or failed is left alone. A row still "running"
    is made again: each export has one job, claimed by one worker at a time, which runs again
    only when the worker that ran it has died (``services.recover_orphans``)."""
    claimed = Export.objects.filter(pk=export_id, state__in=(Export.State.QUEUED, Export.State.RUNNING)).update(
        state=Export.State.RUNNING, done=0
    )
    if not claimed:
        return "skipped"
    row = Export.objects.select_related("owner").get(pk=export_id)

    def progress(done: int, total: int | None = None) -> None:
        # Bookkeeping on the primary, named so it does not turn the export's reads to it.
        Export.objects.using("default").filter(pk=row.pk).update(done=done, **({"total": total} if total is not None else {}))

    try:
        with replica_reads():  # the export's reads may come from a streaming replica
            made = _KINDS[row.kind](row, progress)
    except BilingualError as exc:
        _finish(row, Export.State.FAILED, error=exc.message_vi)
        return "refused"
    except Exception:
        logger.exception("export failed", extra={"export": row.pk, "kind": row.kind})
        _finish(row, Export.State.FAILED, error="Lỗi khi tạo tệp; hãy thử lại hoặc báo quản trị hệ thống.")
        raise
    with open(made.path, "rb") as handle:
        row.file.save(made.filename, File(handle), save=False)
    row.filename, row.content_type, row.size = made.filename, made.content_type, row.file.size
    _finish(row, Export.State.DONE)
    return "done"


def _finish(row: Export, state: str, *, error: str = "") -> None:
    now = timezone.now()
    row.state, row.error, row.finished_at = state, error[:500], now
    row.expires_at = now + dt.timedelta(days=settings.EXPORT_KEEP_DAYS)
    row.save(update_fields=["state", "error", "finished_at", "expires_at", "file", "filename", "content_type", "size"])


def expire(now: dt.datetime | None = None) -> int:
    """Remove the files kept past their time; the rows stay, marked expired."""
    now = now or timezone.now()
    count = 0
    for row in Export.objects.filter(expires_at__lt=now).exclude(state=Export.State.EXPIRED):
        if row.file:
            row.file.delete(save=False)
        Export.objects.filter(pk=row.pk).update(state=Export.State.EXPIRED, file="")
        count += 1
    return count


def mine(user):
    return Export.objects.filter(owner=user).order_by("-created_at")
