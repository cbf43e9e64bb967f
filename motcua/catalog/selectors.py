"""Reads of the catalogue: the public list and search, the version in force, specs for export."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from motcua.core import revisions
from motcua.core.models import AuditEvent
from motcua.core.text import search_terms

from . import spec as S
from .choices import ProcedureStatus, VersionState
from .models import Component, LegalBasis, Procedure, ProcedureVersion, Route, RouteStep

CATALOGUE = "catalog.procedure"  # the revision every change of a procedure or version bumps
VERSION_PREFETCH = (
    "legal_basis",
    "fees",
    "components",
    "results",
    "competent_agencies",
    "receiving_agencies",
    Prefetch(
        "routes",
        queryset=Route.objects.select_related("receiving_agency").prefetch_related(
            Prefetch("steps", queryset=RouteStep.objects.select_related("agency"))
        ),
    ),
)


def public_procedures(*, q: str = "", field: str = "", level: str = "", agency: str = "", online_level: str = "") -> QuerySet[Procedure]:
    """Published procedures matching the filters. ``q`` ignores diacritics and case on every
    database: each word must occur in the folded code, name or field of the version in force."""
    qs = Procedure.objects.filter(status=ProcedureStatus.PUBLISHED, current_version__isnull=False).select_related("field")
    for term in search_terms(q):
        qs = qs.filter(search_text__contains=term)
    if field:
        qs = qs.filter(field__code=field)
    if level:
        qs = qs.filter(level_flags__contains=f"|{level}|")
    if online_level:
        qs = qs.filter(online_level=online_level)
    if agency:
        qs = qs.filter(Q(current_version__receiving_agencies__code=agency) | Q(current_version__competent_agencies__code=agency)).distinct()
    return qs.order_by("name", "code")


def version_in_force(procedure: Procedure, day: dt.date | None = None) -> ProcedureVersion | None:
    """The published version whose effective date is the latest one on or before ``day``."""
    day = day or timezone.localdate()
    return procedure.versions.filter(state=VersionState.PUBLISHED, effective_from__lte=day).order_by("-effective_from", "-number").first()


def version_for_reception(code: str, moment: dt.datetime) -> ProcedureVersion | None:
    """The version a dossier received at ``moment`` is governed by (None: not available).
    Cached in the process per code and day until the catalogue changes (``CATALOGUE``)."""
    day = timezone.localtime(moment).date()
    return revisions.cached(
        CATALOGUE,
        ("reception", code, day),
        lambda: (
            ProcedureVersion.objects.select_related("procedure")
            .filter(
                procedure__code=code, procedure__status=ProcedureStatus.PUBLISHED, state=VersionState.PUBLISHED, effective_from__lte=day
            )
            .order_by("-effective_from", "-number")
            .first()
        ),
    )


def detailed(qs: QuerySet[ProcedureVersion]) -> QuerySet[ProcedureVersion]:
    return qs.select_related("procedure", "field", "published_by").prefetch_related(*VERSION_PREFETCH)


def public_version(code: str, number: int | None = None) -> ProcedureVersion | None:
    """A published version of a published or retired procedure: the one in force, or ``number``."""
    qs = detailed(
        ProcedureVersion.objects.filter(procedure__code=code, state=VersionState.PUBLISHED).exclude(procedure__status=ProcedureStatus.DRAFT)
    )
    if number is not None:
        return qs.filter(number=number).first()
    procedure = Procedure.objects.filter(code=code).first()
    if procedure is None:
        return None
    current = version_in_force(procedure)
    return qs.filter(pk=current.pk).first() if current else None


def route_for(version: ProcedureVersion, receiving_agency=None) -> Route | None:
    """The route for dossiers received at ``receiving_agency``: its own route, else the default."""
    routes = list(version.routes.all())
    if receiving_agency is not None:
        for route in routes:
            if route.receiving_agency_id == receiving_agency.pk:
                return route
    return next((r for r in routes if r.receiving_agency_id is None), None)


def history(procedure: Procedure) -> tuple[QuerySet[ProcedureVersion], QuerySet[AuditEvent]]:
    versions = procedure.versions.select_related("published_by", "created_by").order_by("-number")
    events = (
        AuditEvent.objects.filter(category="catalog", object_id__in=[str(procedure.pk)], object_type="catalog.procedure")
        .select_related("actor")
        .order_by("-at")
    )
    return versions, events


def _d(value) -> Decimal:
    return Decimal(value).normalize()


def _d_or_none(value) -> Decimal | None:
    return _d(value) if value is not None else None


def spec_of(version: ProcedureVersion, status: str | None = None) -> S.ProcedureSpec:
    """The version's content as a comparable ``ProcedureSpec`` (prefetch with ``detailed``)."""
    routes = sorted(
        version.routes.all(), key=lambda r: (r.receiving_agency is not None, r.receiving_agency.code if r.receiving_agency else "")
    )
    return S.ProcedureSpec(
        code=version.procedure.code,
        name=version.name,
        field_code=version.field.code,
        status=status or version.procedure.status,
        levels=tuple(version.levels),
        applicant_types=tuple(version.applicant_types),
        competent_agencies=tuple(sorted(a.code for a in version.competent_agencies.all())),
        receiving_agencies=tuple(sorted(a.code for a in version.receiving_agencies.all())),
        statutory_value=_d(version.statutory_value),
        statutory_unit=version.statutory_unit,
        reduced_value=_d_or_none(version.reduced_value),
        reduced_unit=version.reduced_unit,
        same_day_cutoff=version.same_day_cutoff,
        online_level=version.online_level,
        postal_allowed=version.postal_allowed,
        cross_boundary=version.cross_boundary,
        description=version.description,
        requirements=version.requirements,
        legal_basis=tuple(S.LegalBasisSpec(x.number, x.title, x.issued_on, x.issuer) for x in version.legal_basis.all()),
        fees=tuple(
            S.FeeSpec(
                x.name,
                x.amount,
                x.kind,
                x.exemption,
                unit=x.unit,
                first_units=x.first_units,
                next_amount=x.next_amount,
                max_amount=x.max_amount,
                online_amount=x.online_amount,
            )
            for x in version.fees.all()
        ),
        components=tuple(
            S.ComponentSpec(x.name, x.originals, x.certified_copies, x.copies, x.requirement, x.condition) for x in version.components.all()
        ),
        results=tuple(S.ResultSpec(x.name, x.form) for x in version.results.all()),
        routes=tuple(
            S.RouteSpec(
                receiving_agency=r.receiving_agency.code if r.receiving_agency else "",
                steps=tuple(
                    S.StepSpec(
                        s.name,
                        s.kind,
                        s.role,
                        s.performer,
                        _d(s.duration_value),
                        s.duration_unit,
                        s.agency.code if s.agency else "",
                        s.parallel_group,
                    )
                    for s in r.steps.all()
                ),
            )
            for r in routes
        ),
    )


def latest_version(procedure: Procedure) -> ProcedureVersion | None:
    """The newest version (a draft if one exists)."""
    return detailed(procedure.versions.all()).order_by("-number").first()


def catalogue_specs() -> list[S.ProcedureSpec]:
    """The whole catalogue for export: per procedure its newest published version, or its draft
    when it was never published (a pending draft of a published procedure is not exported)."""
    versions = detailed(ProcedureVersion.objects.all()).order_by("procedure__code", "-number")
    chosen: dict[int, ProcedureVersion] = {}
    for version in versions:
        best = chosen.get(version.procedure_id)
        if best is None or (best.state == VersionState.DRAFT and version.state == VersionState.PUBLISHED):
            chosen[version.procedure_id] = version
    return [spec_of(v) for v in sorted(chosen.values(), key=lambda v: v.procedure.code)]


# The parts a published procedure must show the public beyond what publishing already requires
# (docs/rules.md section 6.2, group 1): how it is done, the dossier's components, the legal
# basis, the competent agency and where it is received.
PUBLIC_PARTS = ("description", "components", "legal_basis", "competent_agencies", "receiving_agencies")


@dataclass(frozen=True)
class Publicity:
    """Published versions of the agencies' procedures in force at some time in a period: how
    many, how many were published before they took effect, how many show every public part."""

    total: int
    on_time: int
    complete: int


def publicity(agency_ids, opens: dt.datetime, closes: dt.datetime) -> Publicity:
    """Group 1 of the service index from the catalogue's publication data (docs/rules.md
    section 6.2). A version is in force from its effective date until the next published
    version of its procedure takes effect; it counts when that span meets ``[opens, closes)``
    and one of ``agency_ids`` receives it. It was published on time when its publication came
    no later than its effective date. Cached until the catalogue changes."""
    ids = tuple(sorted(set(agency_ids)))
    return revisions.cached(CATALOGUE, ("publicity", ids, opens, closes), lambda: _publicity(ids, opens, closes))


def _publicity(ids: tuple, opens: dt.datetime, closes: dt.datetime) -> Publicity:
    first, last = timezone.localtime(opens).date(), timezone.localtime(closes - dt.timedelta(microseconds=1)).date()
    procedures = ProcedureVersion.objects.filter(state=VersionState.PUBLISHED, receiving_agencies__in=ids).values("procedure_id")
    versions = (
        ProcedureVersion.objects.filter(state=VersionState.PUBLISHED, procedure_id__in=procedures, effective_from__isnull=False)
        .annotate(
            has_components=Exists(Component.objects.filter(version=OuterRef("pk"))),
            has_legal=Exists(LegalBasis.objects.filter(version=OuterRef("pk"))),
            has_competent=Exists(ProcedureVersion.competent_agencies.through.objects.filter(procedureversion=OuterRef("pk"))),
            has_receiving=Exists(ProcedureVersion.receiving_agencies.through.objects.filter(procedureversion=OuterRef("pk"))),
            received_here=Exists(
                ProcedureVersion.receiving_agencies.through.objects.filter(procedureversion=OuterRef("pk"), agency_id__in=ids)
            ),
        )
        .order_by("procedure_id", "effective_from", "number")
    )
    by_procedure: dict[int, list] = {}
    for v in versions:
        by_procedure.setdefault(v.procedure_id, []).append(v)
    total = on_time = complete = 0
    for chain in by_procedure.values():
        for i, v in enumerate(chain):
            ends = chain[i + 1].effective_from if i + 1 < len(chain) else None  # the next version takes over that day
            if not v.received_here or v.effective_from > last or (ends is not None and ends <= first):
                continue
            total += 1
            on_time += v.published_at is not None and timezone.localtime(v.published_at).date() <= v.effective_from
            complete += bool((v.description or "").strip()) and v.has_components and v.has_legal and v.has_competent and v.has_receiving
    return Publicity(total, on_time, complete)
