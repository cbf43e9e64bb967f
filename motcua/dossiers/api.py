"""Dossier endpoints: counter reception, reads, actions, legacy import (staff, scoped by agency)
and the public lookup by code and secret."""

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from ninja import Body, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import AliasChoices, ConfigDict, create_model
from pydantic import Field as F

from motcua.accounts.api_auth import STAFF_AUTH
from motcua.core.api_errors import ApiError
from motcua.core.pagination import Mapped, Pages
from motcua.core.schemas import BodyInt, IsoDate, IsoDateTime
from motcua.core.text import is_number
from motcua.core.throttle import ClientThrottle

from . import clock, machine, selectors, services
from .actions import ACTIONS, Param
from .choices import Channel
from .errors import DossierError
from .models import DossierAccess
from .schemas import DossierDetail, DossierOut, PublicDossier

router = Router(tags=["dossiers"], auth=STAFF_AUTH)
public_router = Router(tags=["public"], auth=None)


class ApplicantIn(Schema):
    kind: str = F("person", description="person | business")
    name: str = F(..., max_length=200, validation_alias=AliasChoices("name", "full_name"))
    id_number: str = F(
        ...,
        max_length=20,
        validation_alias=AliasChoices("id_number", "citizen_id", "tax_code"),
        description="12-digit personal ID; tax code for a business",
    )
    birth_date: IsoDate | None = None
    sex: Literal["", "male", "female"] = F("", description="male | female (a person); checked against the 12-digit ID")
    phone: str = F("", max_length=20)
    email: str = F("", max_length=254)
    address: str = F("", max_length=300)
    unit_code: str = F("", max_length=10, description="GSO code of the administrative unit of the address")


class ComponentIn(Schema):
    name: str = F(..., max_length=500)
    originals: BodyInt = F(0, ge=0, le=99)
    certified_copies: BodyInt = F(0, ge=0, le=99)
    copies: BodyInt = F(0, ge=0, le=99)


class DossierIn(Schema):
    procedure: str = F(
        ..., max_length=8, validation_alias=AliasChoices("procedure", "procedure_code"), description="National procedure code"
    )
    receiving_agency: str = F(..., max_length=20, validation_alias=AliasChoices("receiving_agency", "receiving_agency_code"))
    competent_agency: str = F("", max_length=20, validation_alias=AliasChoices("competent_agency", "competent_agency_code"))
    channel: str = F("counter", description="counter | online | postal")
    result_channel: str = F("", description="counter | online | postal")
    applicant: ApplicantIn
    components: list[ComponentIn] = F(default_factory=list, max_length=100)
    sets: BodyInt = F(1, ge=1, le=99)


class _ActionBody(Schema):
    model_config = ConfigDict(extra="forbid")


CHANNELS: Any = Literal[tuple(Channel.values)]  # the channels of choices.Channel (a type made at run time)


def _param_field(p: Param) -> tuple[Any, Any]:
    """A declared parameter (``actions.Param``) as an API field: its type by kind, required or not."""
    described = {"description": p.label_vi}
    kinds: dict[str, tuple[Any, dict[str, Any], Any]] = {
        "text": (str, {"max_length": p.max_length}, ""),
        "note": (str, {"max_length": p.max_length}, ""),
        "user": (str | BodyInt, {"description": f"{p.label_vi}: username or id of the officer"}, None),
        "agency": (str, {"max_length": 20, "description": f"{p.label_vi}: the agency's electronic code"}, ""),
        "missing": (list[str], {"max_length": 50}, list),
        "amount": (BodyInt, {"ge": 1, "le": 10**12, "description": f"{p.label_vi}: VND"}, None),
        "datetime": (IsoDateTime, {}, None),
        "channel": (CHANNELS, {}, None),
        "score": (BodyInt, {"ge": 1, "le": 5}, None),
        "scores": (dict[str, BodyInt], {"description": f"{p.label_vi}: criterion -> 1-5"}, dict),
        "step": (
            BodyInt,
            {
                "ge": 1,
                "le": 99,
                "description": f"{p.label_vi}: the position of the open parallel step (optional when you act for one only)",
            },
            None,
        ),
    }
    annotation, extra, empty = kinds[p.kind]
    extra = {**described, **extra}
    if p.required:
        return annotation, F(..., **extra)
    if empty in (list, dict):
        return annotation, F(default_factory=empty, **extra)
    return (annotation | None if empty is None else annotation), F(empty, **extra)


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


VERSION_FIELD = (
    BodyInt | None,
    F(
        None,
        validation_alias=AliasChoices("version", "expected_version"),
        description="The version you last read; a stale one answers 409.",
    ),
)


def _per_action(suffix: str, **common: tuple[Any, Any]):
    """One request schema per declared action (but the submission), told apart by ``action``."""
    make: Any = create_model  # pydantic's overloads do not cover fields given as a mapping
    models = [
        make(
            f"{_camel(a.name)}{suffix}",
            __base__=_ActionBody,
            __module__=__name__,
            __doc__=f"{a.label_en} ({a.label_vi}).",
            action=(Literal[a.name], F(..., description=a.label_en)),
            **common,
            **{p.name: _param_field(p) for p in a.params},
        )
        for a in ACTIONS.values()
        if a.name != "submit"
    ]
    return Annotated[Union[tuple(models)], F(discriminator="action")]  # noqa: UP007 - a Union built from a tuple


if TYPE_CHECKING:  # what the type checker sees of the unions built at run time

    class ActionIn(_ActionBody):
        action: str
        version: int | None

    class ImportEventIn(_ActionBody):
        action: str
        at: dt.datetime

else:
    ActionIn = _per_action("Action", version=VERSION_FIELD)
    # One event of a legacy timeline: the action, its moment and the same parameters as ``POST
    # /dossiers/{code}/actions`` (a parameter the action does not take is refused).
    ImportEventIn = _per_action("Event", at=(IsoDateTime, F(..., description="When it happened")))


class DossierFilter(Schema):
    status: str = F("", max_length=24, description="National code 1-10 or internal state")
    agency: str = F("", max_length=20)
    due_before: IsoDateTime | None = None
    q: str = F("", max_length=100, description="Code, ID number, name or procedure words")


class ImportDossierIn(Schema):
    code: str = F(..., max_length=40)
    procedure: str = F(..., max_length=8, validation_alias=AliasChoices("procedure", "procedure_code"))
    receiving_agency: str = F(..., max_length=20, validation_alias=AliasChoices("receiving_agency", "receiving_agency_code"))
    competent_agency: str = F("", max_length=20, validation_alias=AliasChoices("competent_agency", "competent_agency_code"))
    channel: str = "counter"
    applicant: ApplicantIn
    components: list[ComponentIn] = F(default_factory=list, max_length=100)
    received_at: IsoDateTime
    events: list[ImportEventIn] = F(default_factory=list, max_length=200)


class ImportBatchIn(Schema):
    dossiers: list[ImportDossierIn] = F(..., min_length=1, max_length=500)


class ImportResult(Schema):
    code: str
    status: str = F(..., description="created | exists | rejected")
    message: str
    message_en: str
    national_status: int | None = None
    due_at: dt.datetime | None = None


class ImportBatchOut(Schema):
    created: int
    exists: int
    rejected: int
    results: list[ImportResult]


def _api_error(exc: DossierError) -> ApiError:
    return ApiError(exc.status, exc.message_vi, exc.message_en, exc.detail)


def _applicant(a: ApplicantIn) -> services.Applicant:
    return services.Applicant(
        kind=a.kind,
        name=a.name,
        id_number=a.id_number,
        birth_date=a.birth_date,
        sex=a.sex,
        phone=a.phone,
        email=a.email,
        address=a.address,
        unit_code=a.unit_code,
    )


def _out(d, detail: bool = False) -> dict:
    # Every time in UTC, however it was computed (the deadline engine works in local time): the
    # answer to a reception reads the same as any later read of the dossier.
    _utc = selectors.as_utc
    now = timezone.now()
    out = {
        "code": d.code,
        "public_id": str(d.public_id),
        "national_code": d.national_code,
        "lookup_secret": d.lookup_secret,
        "status": d.state,
        "national_status": d.national_status,
        "national_status_label": machine.NATIONAL_LABEL[d.national_status],
        "procedure": d.procedure.code,
        "procedure_version": d.procedure_version.number,
        "receiving_agency": d.receiving_agency.code,
        "competent_agency": d.competent_agency.code,
        "current_agency": d.current_agency.code,
        "current_step": d.current_step,
        "current_assignee": d.current_assignee.username if d.current_assignee_id else None,
        "channel": d.channel,
        "applicant_name": d.applicant_name,
        "applicant_id_number": d.applicant_id_number,
        "submitted_at": _utc(d.submitted_at),
        "received_at": _utc(d.received_at),
        "due_at": _utc(d.due_at),
        "appointment_at": _utc(d.appointment_at),
        "resolved_at": _utc(d.resolved_at),
        "returned_at": _utc(d.returned_at),
        "result_channel": d.result_channel,
        "supplement_count": d.supplement_count,
        "apology_count": d.apology_count,
        "version": d.version,
        "allowed_actions": machine.allowed_actions(d.state),
        "time_class": clock.time_class(d, now),
        "at_risk": (risky := clock.is_at_risk(d, now)),
        "risk_step": d.risk_step if risky else None,
    }
    if detail:
        out["components"] = d.components
        out["steps"], out["events"] = selectors.timeline_rows(d)
    return out


def _visible(request, code: str):
    d = selectors.dossier_for(request.auth, code)
    if d is None:
        raise ApiError(404, "Không tìm thấy hồ sơ.", "Dossier not found.")
    return d


@router.post("/dossiers", response={201: DossierDetail}, summary="Receive a dossier at the counter")
def create(request, payload: DossierIn):
    try:
        d = services.receive_at_counter(
            actor=request.auth,
            procedure_code=payload.procedure,
            receiving_agency_code=payload.receiving_agency,
            applicant=_applicant(payload.applicant),
            channel=payload.channel,
            components=[c.dict() for c in payload.components],
            competent_agency_code=payload.competent_agency,
            result_channel=payload.result_channel,
            sets=payload.sets,
        )
    except DossierError as exc:
        raise _api_error(exc) from None
    return 201, _out(d, detail=True)


@router.get("/dossiers", response=list[DossierOut], summary="Dossiers in the caller's scope")
@paginate(Pages, page_size=50)
def dossier_list(request, filters: Query[DossierFilter]):
    qs = selectors.search(request.auth, **filters.dict()).select_related("procedure_version", "current_assignee")
    return Mapped(qs, _out)


@router.post(
    "/dossiers/import",
    response={200: ImportBatchOut, 201: ImportResult, 422: ImportResult},
    summary="Import legacy dossiers with their timelines",
)
def import_dossiers(request, payload: ImportBatchIn | ImportDossierIn):
    items = payload.dossiers if isinstance(payload, ImportBatchIn) else [payload]
    results: list[dict[str, Any]] = []
    for item in items:
        data = {
            "code": item.code,
            "procedure": item.procedure,
            "receiving_agency": item.receiving_agency,
            "competent_agency": item.competent_agency,
            "channel": item.channel,
            "applicant": _applicant(item.applicant),
            "components": [c.dict() for c in item.components],
            "received_at": item.received_at,
            "events": [{**_action_params(e, exclude={"action", "at"}), "action": e.action, "at": e.at} for e in item.events],
        }
        outcome = services.import_dossier(data, actor=request.auth)
        d = outcome.dossier
        results.append(
            {
                "code": outcome.code,
                "status": outcome.status,
                "message": outcome.message,
                "message_en": outcome.message_en,
                "national_status": d.national_status if d else None,
                "due_at": d.due_at if d else None,
            }
        )
    if isinstance(payload, ImportDossierIn):
        status = {"created": 201, "exists": 200, "rejected": 422}[results[0]["status"]]
        if status == 200:
            return 200, {"created": 0, "exists": 1, "rejected": 0, "results": results}
        return status, results[0]
    counts = {s: sum(1 for r in results if r["status"] == s) for s in ("created", "exists", "rejected")}
    return 200, {**counts, "results": results}


@router.get("/dossiers/{code}", response=DossierDetail, summary="One dossier with its steps and events")
def dossier_detail(request, code: str):
    d = _visible(request, code)
    services.record_access(request.auth, d, DossierAccess.What.API, reason="api")
    return _out(d, detail=True)


def _action_params(payload: Schema, *, exclude: set[str]) -> dict[str, Any]:
    """An action's parameters as the service takes them (an officer named by username or id)."""
    params = payload.dict(exclude=exclude, exclude_defaults=True)
    if isinstance(params.get("to_user"), str) and not is_number(params["to_user"]):
        user = get_user_model().objects.filter(username=params["to_user"]).first()
        params["to_user"] = user.pk if user else -1
    elif isinstance(params.get("to_user"), str):
        params["to_user"] = int(params["to_user"])
    return params


@router.post(
    "/dossiers/{code}/actions", response=DossierDetail, summary="Act on a dossier; 409 when the state or version does not allow it"
)
def act(request, code: str, payload: Body[ActionIn]):
    d = _visible(request, code)
    params = _action_params(payload, exclude={"action", "version"})
    try:
        d = services.perform(d, payload.action, actor=request.auth, expected_version=payload.version, **params)
    except DossierError as exc:
        raise _api_error(exc) from None
    return _out((selectors.dossier_for(request.auth, d.code) if d.code else None) or d, detail=True)


class LookupThrottle(ClientThrottle):
    """PUBLIC_LOOKUP_RATE per client address, shared by the API, the status page and the kiosk."""

    def __init__(self):
        super().__init__("lookup", settings.PUBLIC_LOOKUP_RATE)

    def allow_request(self, request) -> bool:
        self.rate = settings.PUBLIC_LOOKUP_RATE  # read per request: one setting for every entry point
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


@public_router.get(
    "/public/dossiers/{code}",
    response=PublicDossier,
    throttle=[LookupThrottle()],
    summary="Public status of a dossier (code and lookup secret)",
)
def public_dossier(request, code: str, secret: str = Query(..., max_length=32)):
    d = selectors.public_lookup(code[:40], secret)
    if d is None:
        raise ApiError(404, "Không tìm thấy hồ sơ với mã và mã tra cứu này.", "No dossier with this code and lookup secret.")
    return {
        "code": d.code,
        "procedure": d.procedure,
        "applicant_initials": d.applicant_initials,
        "receiving_agency": d.receiving_agency,
        "status": d.state,
        "national_status": d.national_status,
        "national_status_label": d.national_status_label,
        "received_at": d.received_at,
        "due_at": d.due_at,
        "appointment_at": d.appointment_at,
        "resolved_at": d.resolved_at,
        "returned_at": d.returned_at,
        "steps": [{"name": s.name, "agency": s.agency, "started_at": s.started_at, "ended_at": s.ended_at} for s in d.steps],
        "accesses": [{"at": a.at, "agency": a.agency, "what": a.what} for a in selectors.public_accesses(code=d.code)],
    }
