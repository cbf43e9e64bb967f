"""``manage.py rebuild_report_facts``: every dossier's contribution computed again from the
dossier and its events, chunk by chunk (each chunk one transaction with its dossiers locked, so
actions may go on meanwhile), staged (``staging``) and added to the emptied cells when the last
chunk is done (``finish``). It resumes where an interrupted run stopped; a run after a finished
one starts over, and the cells come out the same (docs/rules.md section 6.1)."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection, transaction
from django.utils import timezone

from motcua.dossiers.models import Dossier

from ..models import DossierFact, FactsRebuild, FactsStaging, PendingFact, ReportCell
from . import staging
from .store import DOSSIER_FIELDS, refresh, within_range


def start(*, restart: bool = False) -> FactsRebuild:
    """The run to continue, or a new one over empty cells."""
    run = FactsRebuild.objects.order_by("-pk").first()
    if run is not None and run.finished_at is None and not restart:
        return run
    with transaction.atomic():
        FactsRebuild.objects.all().delete()
        # every dossier is done again (its marks with it)
        staging.clear(PendingFact, ReportCell, DossierFact, FactsStaging)
        return FactsRebuild.objects.create(started_at=timezone.now())


def remaining(run: FactsRebuild) -> int:
    return Dossier.objects.filter(pk__gt=run.last_dossier).count()


@transaction.atomic
def step(run: FactsRebuild, size: int) -> int:
    """The next ``size`` dossiers staged; how many there were (0: all done, ``finish`` next)."""
    batch = list(Dossier.objects.select_for_update().filter(pk__gt=run.last_dossier).order_by("pk").only(*DOSSIER_FIELDS)[:size])
    if not batch:
        return 0
    refresh(batch, staging.Staged(), within_range(run.last_dossier, batch[-1].pk))
    run.last_dossier = batch[-1].pk
    run.done += len(batch)
    run.save(update_fields=["last_dossier", "done"])
    return len(batch)


@transaction.atomic
def finish(run: FactsRebuild) -> None:
    """The staged contributions added to the cells, and the run marked finished."""
    if run.finished_at is not None:
        return
    staging.merge()
    run.finished_at = timezone.now()
    run.save(update_fields=["finished_at"])
    analyze()


def analyze() -> None:
    """Fresh statistics for the planner after a rebuild (PostgreSQL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {ReportCell._meta.db_table}, {DossierFact._meta.db_table}")


def rebuild(*, restart: bool = False, size: int = 2000, progress: Callable[[int], object] | None = None) -> FactsRebuild:
    run = start(restart=restart)
    while n := step(run, size):
        if progress is not None:
            progress(n)
    finish(run)
    return run
