"""Open dossiers under an older version of their procedure than the one in force, awaiting the
administrator's decision (docs/rules.md section 1.6)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, QuerySet

from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.selectors import version_in_force

from .. import machine
from ..choices import State
from ..models import Dossier, DossierEvent
from . import visible_dossiers

AWAITING = (State.SUBMITTED, *machine.IN_PROGRESS)  # the states a dossier can still move in


@dataclass(frozen=True)
class Backlog:
    procedure: Procedure
    in_force: ProcedureVersion
    waiting: int  # open dossiers under older versions with no decision yet


def _undecided(qs: QuerySet[Dossier], in_force: ProcedureVersion) -> QuerySet[Dossier]:
    kept = DossierEvent.objects.filter(dossier=OuterRef("pk"), action="version_kept", data__version_id=in_force.pk)
    return qs.exclude(procedure_version=in_force).exclude(Exists(kept))


def version_backlog(user) -> list[Backlog]:
    """Per procedure with a newer version in force: how many of the user's open dossiers still
    follow an older one and await a decision."""
    pairs = (
        visible_dossiers(user).filter(state__in=AWAITING).values("procedure_id", "procedure_version_id").annotate(n=Count("id")).order_by()
    )
    versions_by_procedure: dict[int, set[int]] = {}
    for row in pairs:
        versions_by_procedure.setdefault(row["procedure_id"], set()).add(row["procedure_version_id"])
    out = []
    for procedure in Procedure.objects.filter(pk__in=versions_by_procedure).order_by("code"):
        in_force = version_in_force(procedure)
        if in_force is None or versions_by_procedure[procedure.pk] == {in_force.pk}:
            continue
        waiting = awaiting_decision(user, procedure, in_force).count()
        if waiting:
            out.append(Backlog(procedure, in_force, waiting))
    return out


def awaiting_decision(user, procedure: Procedure, in_force: ProcedureVersion) -> QuerySet[Dossier]:
    """The user's open dossiers of ``procedure`` under an older version, with no decision for ``in_force``."""
    qs = visible_dossiers(user).filter(procedure=procedure, state__in=AWAITING)
    return (
        _undecided(qs, in_force)
        .select_related("procedure_version", "receiving_agency", "competent_agency", "current_agency")
        .order_by("due_at", "submitted_at", "id")
    )
