"""Public catalogue endpoints (no authentication): the portal and partners read them."""

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field as PField

from motcua.core.pagination import Mapped, Pages

from . import selectors
from .spec import ComponentSpec, FeeSpec, field_names

router = Router(tags=["catalog"], auth=None)


class ProcedureFilter(Schema):
    q: str = PField("", max_length=200, description="Words of the code or name; diacritics and case are ignored.")
    field: str = PField("", max_length=30, description="Field code (lĩnh vực).")
    agency: str = PField("", max_length=20, description="Receiving or competent agency code.")
    online_level: str = PField("", max_length=10, description="none | partial | full (level_1..level_4 for historical data).")
    level: str = PField("", max_length=10, description="central | province | commune.")


class ProcedureSummary(Schema):
    code: str
    name: str
    field: str | None
    field_name: str | None
    online_level: str
    version: int | None


class TimeOut(Schema):
    value: Decimal
    unit: str


FEE_FIELDS, COMPONENT_FIELDS = field_names(FeeSpec), field_names(ComponentSpec)


class ComponentOut(Schema):
    name: str
    originals: int
    certified_copies: int
    copies: int
    requirement: str
    condition: str
    template_url: str | None


class FeeOut(Schema):
    name: str
    kind: str
    amount: int = PField(..., description="VND per unit")
    exemption: str
    unit: str = PField("dossier", description="dossier | copy | page: what the amount is charged per")
    first_units: int | None = PField(None, description="Units charged at amount; the later ones at next_amount")
    next_amount: int | None = PField(None, description="VND per unit after first_units")
    max_amount: int | None = PField(None, description="VND at most per copy (per-page fees)")
    online_amount: int | None = PField(None, description="VND per unit when submitted online")


class LegalOut(Schema):
    number: str
    title: str
    issued_on: dt.date | None
    issuer: str


class ResultOut(Schema):
    name: str
    form: str


class RouteStepOut(Schema):
    position: int
    name: str
    kind: str
    role: str
    performer: str
    agency: str | None
    duration: TimeOut
    parallel_group: int | None


class RouteOut(Schema):
    receiving_agency: str | None
    steps: list[RouteStepOut]


class ProcedureDetail(Schema):
    code: str
    name: str
    status: str
    version: int
    effective_from: dt.date | None
    published_at: dt.datetime | None
    field: str
    field_name: str
    levels: list[str]
    applicant_types: list[str]
    competent_agencies: list[str]
    receiving_agencies: list[str]
    statutory_time: TimeOut
    reduced_time: TimeOut | None
    same_day_cutoff: str | None
    online_level: str
    postal_allowed: bool
    cross_boundary: str
    description: str
    requirements: str
    legal_basis: list[LegalOut]
    fees: list[FeeOut]
    components: list[ComponentOut]
    results: list[ResultOut]
    routes: list[RouteOut]


@router.get("/procedures", response=list[ProcedureSummary], summary="Search the published catalogue")
@paginate(Pages, page_size=20)
def procedures(request, filters: Query[ProcedureFilter]):
    return Mapped(selectors.public_procedures(**filters.dict()).select_related("field", "current_version"), _summary)


def _summary(p) -> ProcedureSummary:
    return ProcedureSummary(
        code=p.code,
        name=p.name,
        field=p.field.code if p.field else None,
        field_name=p.field.name if p.field else None,
        online_level=p.online_level,
        version=p.current_version.number if p.current_version else None,
    )


@router.get("/procedures/{code}", response=ProcedureDetail, summary="One procedure: components, fees, times and route")
def procedure(request, code: str, version: int | None = None):
    if version is not None and not (0 < version < 1_000_000):
        raise Http404
    v = selectors.public_version(code, version)
    if v is None:
        raise Http404
    return ProcedureDetail(
        code=v.procedure.code,
        name=v.name,
        status=v.procedure.status,
        version=v.number,
        effective_from=v.effective_from,
        published_at=v.published_at,
        field=v.field.code,
        field_name=v.field.name,
        levels=v.levels,
        applicant_types=v.applicant_types,
        competent_agencies=[a.code for a in v.competent_agencies.all()],
        receiving_agencies=[a.code for a in v.receiving_agencies.all()],
        statutory_time=TimeOut(value=v.statutory_value, unit=v.statutory_unit),
        reduced_time=TimeOut(value=v.reduced_value, unit=v.reduced_unit) if v.reduced_value is not None and v.reduced_unit else None,
        same_day_cutoff=v.same_day_cutoff.strftime("%H:%M") if v.same_day_cutoff else None,
        online_level=v.online_level,
        postal_allowed=v.postal_allowed,
        cross_boundary=v.cross_boundary,
        description=v.description,
        requirements=v.requirements,
        legal_basis=[LegalOut(number=x.number, title=x.title, issued_on=x.issued_on, issuer=x.issuer) for x in v.legal_basis.all()],
        fees=[FeeOut(**{f: getattr(x, f) for f in FEE_FIELDS}) for x in v.fees.all()],
        components=[
            ComponentOut(
                **{f: getattr(x, f) for f in COMPONENT_FIELDS},
                template_url=request.build_absolute_uri(reverse("catalog:template", args=[v.procedure.code, v.number, x.pk]))
                if x.template
                else None,
            )
            for x in v.components.all()
        ],
        results=[ResultOut(name=x.name, form=x.form) for x in v.results.all()],
        routes=[
            RouteOut(
                receiving_agency=r.receiving_agency.code if r.receiving_agency else None,
                steps=[
                    RouteStepOut(
                        position=s.position,
                        name=s.name,
                        kind=s.kind,
                        role=s.role,
                        performer=s.performer,
                        agency=s.agency.code if s.agency else None,
                        duration=TimeOut(value=s.duration_value, unit=s.duration_unit),
                        parallel_group=s.parallel_group,
                    )
                    for s in r.steps.all()
                ],
            )
            for r in v.routes.all()
        ],
    )
