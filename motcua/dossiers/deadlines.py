"""The dossiers' provider for calendar changes (calendars.hooks): open dossiers whose counting
window touches a changed day get their due time recomputed when the administrator applies it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils import timezone

from motcua.calendars.engine import EngineError, Pause
from motcua.calendars.hooks import DeadlineSubject
from motcua.catalog.spec import applicable_duration

from . import machine
from .models import Dossier
from .services import apply_recomputed_due


class DossierDeadlines:
    name = "dossiers"

    def open_subjects(self, start: dt.date, end: dt.date) -> Iterator[DeadlineSubject]:
        first = dt.datetime.combine(start, dt.time.min, tzinfo=timezone.get_current_timezone())
        last = dt.datetime.combine(end, dt.time.max, tzinfo=timezone.get_current_timezone())
        qs = (
            Dossier.objects.filter(state__in=machine.IN_PROGRESS, received_at__lte=last, due_at__gte=first - dt.timedelta(days=1))
            .select_related("procedure_version")
            .prefetch_related("pauses")
            .order_by("pk")
        )
        for d in qs.iterator(chunk_size=500):
            if d.received_at is None or d.due_at is None:  # excluded by the query; for the type checker
                continue
            try:
                duration = applicable_duration(d.procedure_version)
            except (EngineError, ValueError):
                continue
            pauses = tuple(Pause(p.start, p.end) for p in d.pauses.all() if p.end is not None)
            yield DeadlineSubject(
                key=str(d.pk),
                label=d.code or str(d.public_id),
                received_at=d.received_at,
                duration=duration,
                due_at=d.due_at,
                agency_id=d.competent_agency_id,
                pauses=pauses,
            )

    def apply(self, key: str, new_due: dt.datetime, *, actor) -> None:
        apply_recomputed_due(int(key), new_due, actor=actor)
