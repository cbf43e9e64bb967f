"""Dossier actions: the only way a dossier changes.

Every action runs in one transaction: it locks the dossier row, checks the caller's version
(stale: 409), the state machine (not allowed: 409) and the caller's permission (403), applies
the change, appends one event to the control sheet and schedules side effects after commit.
Anything that fails rolls back everything, so no dossier is ever half-written.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from motcua.accounts.selectors import in_scope, own_agency
from motcua.calendars.engine import EngineError
from motcua.calendars.selectors import engine_for
from motcua.catalog.choices import ONLINE_SUBMISSION_LEVELS
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.selectors import version_for_reception
from motcua.core.inserts import insert
from motcua.core.text import fold, is_number
from motcua.organisations.models import AdministrativeUnit, Agency
from motcua.organisations.selectors import agency_by_code, agency_by_pk

from . import effects, machine
from .actions import ACTIONS, EVENTS
from .choices import COUNTER_ROLES, OPERATIONAL_ROLES, ApplicantKind, Channel, Sex, State, StepStatus
from .errors import Conflict, Forbidden, Invalid, NotFound
from .identifiers import IdentifierError, citizen_id_sex, normalise_phone, validate_citizen_id, validate_tax_code
from .models import Dossier, DossierCounter, DossierEvent, DossierPause, DossierStep
from .selectors import compute_due, visible_dossiers, working_minutes

SECRET_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105 - an alphabet, not a secret: no 0/O, 1/I
OPERATIONAL = OPERATIONAL_ROLES
FUTURE_TOLERANCE = dt.timedelta(minutes=2)


# --------------------------------------------------------------------------- inputs
@dataclass(frozen=True)
class Applicant:
    name: str
    id_number: str
    kind: str = ApplicantKind.PERSON
    birth_date: dt.date | None = None
    sex: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    unit_code: str = ""


@dataclass
class Ctx:
    actor: Any
    at: dt.datetime
    imported: bool = False
    by_applicant: bool = False
    event: dict[str, Any] = field(default_factory=dict)


def clean_applicant(applicant: Applicant, *, legacy: bool = False) -> dict[str, Any]:
    """Validated applicant fields (docs/rules.md section 4) or Invalid listing every problem."""
    errors: dict[str, str] = {}
    out: dict[str, Any] = {"applicant_kind": applicant.kind}
    if applicant.kind not in ApplicantKind.values:
        errors["kind"] = "Loại người nộp phải là person hoặc business."
    name = " ".join((applicant.name or "").split())
    if not name or len(name) > 200:
        errors["name"] = "Cần họ tên (tối đa 200 ký tự)."
    out["applicant_name"] = name
    try:
        if applicant.kind == ApplicantKind.BUSINESS:
            out["applicant_id_number"] = validate_tax_code(applicant.id_number)
        else:
            out["applicant_id_number"] = validate_citizen_id(applicant.id_number, applicant.birth_date, allow_legacy=legacy)
    except IdentifierError as exc:
        errors["id_number"] = exc.message_vi
    if applicant.birth_date is not None and not (dt.date(1900, 1, 1) <= applicant.birth_date <= timezone.localdate()):
        errors["birth_date"] = "Ngày sinh không hợp lệ."
    out["applicant_birth_date"] = applicant.birth_date
    sex = applicant.sex or ""
    if sex and (applicant.kind != ApplicantKind.PERSON or sex not in Sex.values):
        errors["sex"] = "Giới tính là Nam hoặc Nữ, chỉ với cá nhân."
    elif sex and "id_number" not in errors and len(out.get("applicant_id_number", "")) == 12 and citizen_id_sex(out["applicant_id_number"]) != sex:
        errors["sex"] = "Giới tính không khớp với số định danh cá nhân."
    out["applicant_sex"] = sex
    if applicant.phone:
        try:
            out["applicant_phone"] = normalise_phone(applicant.phone)
        except IdentifierError as exc:
            errors["phone"] = exc.message_vi
    if applicant.email:
        try:
            validate_email(applicant.email)
            out["applicant_email"] = applicant.email.strip()
        except ValidationError:
            errors["email"] = "Địa chỉ thư điện tử không hợp lệ."
    if len(applicant.address or "") > 300:
        errors["address"] = "Địa chỉ dài quá 300 ký tự."
    out["applicant_address"] = (applicant.address or "").strip()
    out["applicant_unit"] = None
    if applicant.unit_code:
        unit = AdministrativeUnit.objects.filter(code=applicant.unit_code).order_by("valid_to").first()
        if unit is None:
            errors["unit_code"] = f"Không có đơn vị hành chính mã {applicant.unit_code}."
        out["applicant_unit"] = unit
    if errors:
        raise Invalid("Thông tin người nộp không hợp lệ: " + "; ".join(errors.values()), "Invalid applicant: " + ", ".join(errors), {"applicant": errors})
    return out


@dataclass(frozen=True)
class VersionFacts:
    """What reception needs from a published (frozen, so cacheable) procedure version."""

    receivers: frozenset[int]
    competents: tuple[int, ...]
    components: tuple[tuple[str, int, int, int, str], ...]
    routes: dict[int | None, tuple]  # receiving agency id (None: default) -> route steps


_FACTS: dict[tuple, VersionFacts] = {}


def facts(version: ProcedureVersion) -> VersionFacts:
    key = (version.pk, version.published_at)
    hit = _FACTS.get(key)
    if hit is not None and version.state == "published":
        return hit
    routes = {}
    for route in version.routes.prefetch_related("steps__agency").all():
        routes[route.receiving_agency_id] = (route, tuple(route.steps.all()))
    value = VersionFacts(
        receivers=frozenset(version.receiving_agencies.values_list("pk", flat=True)),
        competents=tuple(version.competent_agencies.order_by("pk").values_list("pk", flat=True)),
        components=tuple(version.components.values_list("name", "originals", "certified_copies", "copies", "requirement")),
        routes=routes,
    )
    if version.state == "published":
        if len(_FACTS) > 5000:
            _FACTS.clear()
        _FACTS[key] = value
    return value


def clean_components(version: ProcedureVersion, components: list[dict] | None) -> tuple[list[dict], list[str]]:
    """The submitted components (default: the procedure's mandatory ones) and the names of
    mandatory components that are missing (recorded; the officer judges completeness)."""
    mandatory = [(name, originals, certified, copies) for name, originals, certified, copies, requirement in facts(version).components if requirement == "mandatory"]
    if not components:
        return [{"name": n, "originals": o, "certified_copies": c, "copies": k} for n, o, c, k in mandatory], []
    out = []
    for i, c in enumerate(components):
        name = " ".join(str(c.get("name", "")).split())
        counts = {k: c.get(k, 0) for k in ("originals", "certified_copies", "copies")}
        if not name or len(name) > 500 or any(not isinstance(v, int) or isinstance(v, bool) or not 0 <= v <= 99 for v in counts.values()):
            raise Invalid(f"Thành phần hồ sơ thứ {i + 1} không hợp lệ (tên, số bản 0-99).", f"Component {i + 1} is invalid (name, counts 0-99).", {"components": i})
        out.append({"name": name, **counts})
    given = {fold(c["name"]) for c in out}
    missing = [name for name, *_counts in mandatory if fold(name) not in given]
    return out, missing


# --------------------------------------------------------------------------- helpers
def _moment(at: dt.datetime | None) -> dt.datetime:
    now = timezone.now()
    if at is None:
        return now
    if timezone.is_naive(at):
        raise Invalid("Thời điểm phải có múi giờ.", "Times must carry a time zone.")
    if at > now + FUTURE_TOLERANCE:
        raise Invalid("Thời điểm không được ở tương lai.", "A time cannot be in the future.")
    return at


def _agency(code: str, label: str) -> Agency:
    agency = agency_by_code(code)
    if agency is None:
        raise Invalid(f"Không có {label} mã «{code}».", f"Unknown agency {code!r}.", {"agency": code})
    return agency


def _in_scope(user, agency: Agency | None, roles=OPERATIONAL) -> bool:
    return in_scope(user, agency, roles)


def _require(ctx: Ctx, *agencies: Agency | None, roles=OPERATIONAL) -> None:
    if ctx.actor is None or ctx.by_applicant:
        return  # system replay or the applicant's own action, authorised by the caller
    if not any(_in_scope(ctx.actor, a, roles) for a in agencies):
        raise Forbidden("Bạn không có quyền thực hiện thao tác này trên hồ sơ.", "You may not act on this dossier.")


# Who may run each action: a member (through its roles) of any of its agencies of the dossier
# (the declarations, ``actions.ACTIONS``).
PERMISSIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {a.name: (a.agencies, a.roles) for a in ACTIONS.values() if a.agencies}


def open_branches(d: Dossier) -> list[DossierStep]:
    """The open steps of the parallel group the dossier is in (docs/rules.md section 1.3), by
    position; none outside a group."""
    if not d.branches_open:
        return []
    return list(d.steps.filter(ended_at__isnull=True, parallel_group__isnull=False).select_related("agency", "assignee").order_by("position", "id"))


def _agencies_of(d: Dossier, attr: str) -> list[Agency]:
    """The dossier's agencies an action's declaration names: a field of the dossier, or
    ``branch_agency``, the agencies of its open parallel steps."""
    if attr == "branch_agency":
        return [step.agency for step in open_branches(d)]
    agency = getattr(d, attr)
    return [agency] if agency is not None else []


def _acting_agency(ctx: Ctx, d: Dossier, action: str) -> Agency | None:
    """The agency an officer acts for, as the control sheet records it: their own agency that
    holds the role the action needs for one of its agencies of the dossier (a centre's officer is
    recorded under the centre, a partner's under the partner). None for the system, the
    applicant and a legacy timeline, which are recorded under the agency holding the dossier."""
    if ctx.actor is None or ctx.by_applicant or ctx.imported:
        return None
    attrs, roles = PERMISSIONS.get(action, ((), ()))
    for attr in attrs:
        for agency in _agencies_of(d, attr):
            if _in_scope(ctx.actor, agency, roles):
                return own_agency(ctx.actor, agency, roles) or agency
    return None


def may(user, d: Dossier, action: str) -> bool:
    """Whether ``user`` may run ``action`` on ``d`` (the permission half of ``perform``)."""
    attrs, roles = PERMISSIONS[action]
    return any(_in_scope(user, agency, roles) for attr in attrs for agency in _agencies_of(d, attr))


def available(user, d: Dossier, action: str) -> bool:
    """Whether ``user`` may run ``action`` on ``d`` now: the state allows it, the dossier's
    hand-over and parallel steps stand where the action needs, and the user may act. What the
    dossier page offers; ``perform`` checks the same."""
    return (action in PERMISSIONS and d.state in machine.TRANSITIONS[action].sources and stage_refusal(d, action) is None
            and may(user, d, action))


def next_number(agency: Agency, series: str, day: dt.date) -> int:
    """The next number of ``series`` for ``agency`` on ``day``; unique under concurrency (the
    counter row is locked by the UPDATE until the transaction ends)."""
    table = DossierCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (agency_id, series, day, last) VALUES (%s, %s, %s, 1) "  # noqa: S608 - table name from the model
            f"ON CONFLICT (agency_id, series, day) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [agency.pk, series, day],
        )
        return cursor.fetchone()[0]


def next_code(agency: Agency, day: dt.date) -> tuple[str, int]:
    """The next dossier code for ``agency`` on ``day`` and its daily sequence number."""
    seq = next_number(agency, "", day)
    pattern = settings.DOSSIER_CODE_PATTERN
    return pattern.format(agency=agency.code, date=day, seq=seq), seq


REGISTER_SERIES = "SO"


def register_number(agency: Agency, day: dt.date) -> int:
    """The dossier's line in the receiving agency's register (forms 06/07): one book per agency
    and year, numbered through the year (docs/rules.md section 4)."""
    return next_number(agency, REGISTER_SERIES, dt.date(day.year, 1, 1))


def guidance_number(agency: Agency, at: dt.datetime) -> str:
    """'12/HDHS': the yearly number of a supplement request (form 02) issued by ``agency``."""
    year = timezone.localtime(at).year
    return f"{next_number(agency, 'HDHS', dt.date(year, 1, 1))}/{year}"


def new_secret() -> str:
    return "".join(secrets.choice(SECRET_ALPHABET) for _ in range(settings.DOSSIER_SECRET_LENGTH))


def _event(d: Dossier, action: str, ctx: Ctx, from_state: str, seq: int | None = None, **fields) -> DossierEvent:
    seq = seq or (d.events.aggregate(m=Max("seq"))["m"] or 0) + 1
    actor = ctx.actor if getattr(ctx.actor, "is_authenticated", False) else None
    label = fields.pop("actor_label", "") or (actor.get_full_name() if actor else ("Người nộp hồ sơ" if ctx.by_applicant else "Hệ thống"))
    data = {**ctx.event, **fields.pop("data", {})}
    if ctx.imported:
        data["imported"] = True
    event = insert(DossierEvent(dossier=d, seq=seq, action=action, at=ctx.at, actor=actor, actor_label=label[:200], from_state=from_state, to_state=d.state, data=data, **fields))
    effects.record(d, event)
    return event


def _engine(d: Dossier):
    return engine_for(d.competent_agency)


def _route_steps(d: Dossier) -> list:
    if not d.route_id:
        return []
    for route, steps in facts(d.procedure_version).routes.values():
        if route.pk == d.route_id:
            return list(steps)
    return list(d.route.steps.all())


def _step_agency(d: Dossier, step) -> Agency:
    if step.performer == "fixed_agency" and step.agency_id:
        return step.agency
    if step.performer == "receiving_centre":
        return d.receiving_agency
    return d.competent_agency


def _quota_minutes(d: Dossier, step, at: dt.datetime) -> int:
    value = float(step.duration_value)
    if step.duration_unit == "working_hours":
        return round(value * 60)
    return round(value * _engine(d).hours.on(timezone.localtime(at).date()).minutes_per_day)


def proposed_appointment(d: Dossier, at: dt.datetime) -> dt.datetime:
    """A new appointment for an apology, from the work left: the rest of the open step's quota
    and the quotas of the route's later steps (a working day when the route has none), counted
    in office time from the later of now and the current appointment. Always in office hours."""
    start = max(at, d.appointment or at)
    engine = _engine(d)
    steps = _route_steps(d)
    pauses = list(d.pauses.all())
    # The open step (several when parallel steps run: the longest of them) for what is left of
    # its quota, then every later step of the route.
    left = max((max(step.quota_minutes - working_minutes(engine, step.started_at, at, pauses), 0)
                for step in d.steps.filter(ended_at__isnull=True) if step.quota_minutes), default=0)
    _first, last = group_span(steps, d.current_step)
    left += sum(_quota_minutes(d, step, start) for step in steps[last:])
    return engine.add_office_minutes(start, left or engine.hours.on(timezone.localtime(start).date()).minutes_per_day)


def _open_step(d: Dossier, ctx: Ctx, *, position: int, route_step=None, agency: Agency | None = None, name: str = "", kind: str = "", assignee=None,
               parallel_group: int | None = None) -> DossierStep:
    return insert(DossierStep(
        dossier=d, position=position, name=(route_step.name if route_step else name)[:200], kind=route_step.kind if route_step else kind,
        agency=agency or (_step_agency(d, route_step) if route_step else d.current_agency), assignee=assignee,
        started_at=ctx.at, quota_minutes=_quota_minutes(d, route_step, ctx.at) if route_step else None, parallel_group=parallel_group,
    ))


def _end_step(d: Dossier, ctx: Ctx, step: DossierStep, status: str) -> DossierStep:
    step.ended_at, step.status = ctx.at, status
    step.used_minutes = working_minutes(_engine(d), step.started_at, ctx.at, list(d.pauses.all()))
    step.save(update_fields=["ended_at", "status", "used_minutes"])
    return step


def _close_step(d: Dossier, ctx: Ctx, status: str = StepStatus.DONE) -> DossierStep | None:
    """Close the step the dossier is at (outside parallel steps there is one open step)."""
    step = d.steps.filter(ended_at__isnull=True).order_by("-started_at", "-id").first()
    return _end_step(d, ctx, step, status) if step is not None else None


def _close_all_steps(d: Dossier, ctx: Ctx, status: str) -> None:
    """The dossier ends (stop, withdrawal, return): every open step closes, parallel ones too."""
    for step in d.steps.filter(ended_at__isnull=True):
        _end_step(d, ctx, step, status)
    d.branches_open = 0


def group_span(steps: list, position: int) -> tuple[int, int]:
    """The first and last positions of the parallel group the route's step at ``position``
    belongs to: consecutive steps with one ``parallel_group`` (a step outside a group: itself)."""
    if not 0 < position <= len(steps) or steps[position - 1].parallel_group is None:
        return position, position
    group = steps[position - 1].parallel_group
    first = last = position
    while first > 1 and steps[first - 2].parallel_group == group:
        first -= 1
    while last < len(steps) and steps[last].parallel_group == group:
        last += 1
    return first, last


def _open_group(d: Dossier, ctx: Ctx, steps: list, first: int, last: int) -> list[dict]:
    """Open every step of a parallel group at once, each at its own agency with its own quota.
    The agency that sent the dossier keeps following it (``current_agency``) while the branches
    run; the dossier moves on when the last one is finished (``_branch_done``)."""
    d.current_step, d.current_assignee = first, None
    d.branches_open = last - first + 1
    opened = []
    for position in range(first, last + 1):
        step = _open_step(d, ctx, position=position, route_step=steps[position - 1], parallel_group=steps[position - 1].parallel_group)
        opened.append({"position": position, "name": step.name, "agency": step.agency.code})
    return opened


def next_steps(d: Dossier) -> list[tuple[Any, Agency]]:
    """The route steps a forward opens, each with its agency: one, or every step of a parallel
    group (each agency then accepts its own); none when only the return is left."""
    steps = _route_steps(d)
    position = d.current_step + 1
    if position > len(steps) or steps[position - 1].kind == "return":
        return []
    first, last = group_span(steps, position)
    return [(steps[p - 1], _step_agency(d, steps[p - 1])) for p in range(first, last + 1)]


def _recompute_due(d: Dossier, version: ProcedureVersion | None = None) -> None:
    try:
        d.due_at = compute_due(d, version).due_at
    except EngineError as exc:
        raise Invalid(exc.message_vi, exc.message_en) from None


def _text(params: dict, key: str, *, required: bool, label_vi: str, max_length: int = 1000) -> str:
    value = " ".join(str(params.get(key) or "").split())
    if required and not value:
        raise Invalid(f"Cần ghi {label_vi}.", f"{key} is required.", {key: "required"})
    if len(value) > max_length:
        raise Invalid(f"{label_vi.capitalize()} dài quá {max_length} ký tự.", f"{key} is longer than {max_length} characters.", {key: "too long"})
    return value


def _member(user_id, agency: Agency):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None or not _in_scope(user, agency):
        raise Invalid("Cán bộ được giao không thuộc cơ quan đang giữ hồ sơ.", "The assignee is not a member of the agency holding the dossier.", {"to_user": user_id})
    return user


# --------------------------------------------------------------------------- creation
def _resolve_agencies(version: ProcedureVersion, receiving: Agency, competent_code: str = "") -> Agency:
    f = facts(version)
    if f.receivers and receiving.pk not in f.receivers and (version.cross_boundary == "none" or receiving.kind != "service_centre"):
        raise Invalid(f"{receiving.name} không tiếp nhận thủ tục này.", "This agency does not receive this procedure.", {"receiving_agency": receiving.code})
    if competent_code:
        agency = _agency(competent_code, "cơ quan giải quyết")
        if f.competents and agency.pk not in f.competents:
            raise Invalid(f"{agency.name} không có thẩm quyền giải quyết thủ tục này.", "This agency is not competent for this procedure.", {"competent_agency": competent_code})
        return agency
    if len(f.competents) == 1:
        return agency_by_pk(f.competents[0]) or receiving
    if receiving.parent_id in f.competents:
        return agency_by_pk(receiving.parent_id) or receiving
    competents = list(Agency.objects.filter(pk__in=f.competents))
    for candidate in competents:
        if candidate.admin_unit_id == receiving.admin_unit_id:
            return candidate
    if not competents:
        return receiving.parent or receiving
    raise Invalid("Cần chỉ rõ cơ quan giải quyết (competent_agency).", "competent_agency is required for this procedure.", {"competent_agency": "required"})


def _check_channel(version: ProcedureVersion, channel: str) -> None:
    if channel not in Channel.values:
        raise Invalid("Kênh nộp phải là counter, online hoặc postal.", "channel must be counter, online or postal.", {"channel": channel})
    if channel == Channel.POSTAL and not version.postal_allowed:
        raise Invalid("Thủ tục này không tiếp nhận qua bưu chính công ích.", "This procedure is not received by post.", {"channel": channel})
    if channel == Channel.ONLINE and version.online_level not in ONLINE_SUBMISSION_LEVELS:
        raise Invalid("Thủ tục này chưa cung cấp dịch vụ công trực tuyến.", "This procedure is not available online.", {"channel": channel})


def _version(procedure_code: str, at: dt.datetime) -> ProcedureVersion:
    version = version_for_reception(procedure_code, at)
    if version is None:
        raise Invalid(f"Thủ tục «{procedure_code}» không có trong danh mục đang áp dụng.", f"Procedure {procedure_code!r} is not in the catalogue in force.", {"procedure": procedure_code})
    return version


def _do_receive(d: Dossier, ctx: Ctx, *, result_channel: str = "") -> None:
    """Give the dossier its code, secret, due time and route, and open the reception step."""
    day = timezone.localtime(ctx.at).date()
    d.code, _seq = next_code(d.receiving_agency, day)
    d.register_number = register_number(d.receiving_agency, day)
    d.lookup_secret = new_secret()
    d.received_at = ctx.at
    _recompute_due(d)
    d.original_due_at = d.due_at
    routes = facts(d.procedure_version).routes
    chosen = routes.get(d.receiving_agency_id) or routes.get(None)
    d.route = chosen[0] if chosen else None
    if result_channel:
        if result_channel not in Channel.values:
            raise Invalid("Hình thức nhận kết quả phải là counter, online hoặc postal.", "result_channel must be counter, online or postal.")
        d.result_channel = result_channel
    d.current_agency = d.receiving_agency
    d.current_step = 1


CODE_ATTEMPTS = 20


def _save_with_code(d: Dossier, ctx: Ctx, *, given: bool = False) -> None:
    """Save a dossier that has just been given its code. A generated code can only be taken
    already by a dossier imported from a legacy system under the same pattern: the next number
    is taken instead. A given code (import) that exists is a conflict."""
    for _attempt in range(CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                insert(d) if d._state.adding else d.save()
            return
        except IntegrityError:
            if given or not Dossier.objects.filter(code=d.code).exclude(pk=d.pk).exists():
                break
            d.code, _seq = next_code(d.receiving_agency, timezone.localtime(ctx.at).date())
    raise Conflict(f"Mã hồ sơ {d.code} đã tồn tại.", f"Dossier code {d.code} already exists.")


def _prepare(ctx: Ctx, *, procedure_code: str, receiving_agency_code: str, applicant: Applicant, channel: str, components: list[dict] | None,
             competent_agency_code: str, sets: int = 1) -> tuple[Dossier, list[str]]:
    """A validated, unsaved dossier as presented at the desk, and its missing mandatory components."""
    receiving = _agency(receiving_agency_code, "nơi tiếp nhận")
    _require(ctx, receiving, roles=COUNTER_ROLES)
    version = _version(procedure_code, ctx.at)
    _check_channel(version, channel)
    competent = _resolve_agencies(version, receiving, competent_agency_code)
    if not isinstance(sets, int) or not 1 <= sets <= 99:
        raise Invalid("Số bộ hồ sơ từ 1 đến 99.", "sets must be 1-99.")
    fields = clean_applicant(applicant, legacy=ctx.imported)
    chosen, missing = clean_components(version, components)
    d = Dossier(
        procedure=version.procedure, procedure_version=version, receiving_agency=receiving, competent_agency=competent,
        current_agency=receiving, channel=channel, components=chosen, sets=sets, submitted_at=ctx.at, imported=ctx.imported, **fields,
    )
    return d, missing


@transaction.atomic
def receive_at_counter(
    *, actor, procedure_code: str, receiving_agency_code: str, applicant: Applicant, channel: str = Channel.COUNTER,
    components: list[dict] | None = None, competent_agency_code: str = "", result_channel: str = "", sets: int = 1,
    at: dt.datetime | None = None, imported: bool = False, code: str = "",
) -> Dossier:
    """Receive a complete dossier at the desk: it gets its code, lookup secret and due time."""
    ctx = Ctx(actor, _moment(at), imported=imported)
    d, missing = _prepare(ctx, procedure_code=procedure_code, receiving_agency_code=receiving_agency_code, applicant=applicant, channel=channel,
                          components=components, competent_agency_code=competent_agency_code, sets=sets)
    _do_receive(d, ctx, result_channel=result_channel or (Channel.ONLINE if channel == Channel.ONLINE else Channel.COUNTER))
    if code:
        d.code = code
    d.state, d.national_status = State.RECEIVED, machine.NATIONAL_CODE[State.RECEIVED]
    _save_with_code(d, ctx, given=bool(code))
    route_steps = _route_steps(d)
    step = _open_step(d, ctx, position=1, route_step=route_steps[0] if route_steps else None, name="Tiếp nhận hồ sơ", kind="reception",
                      assignee=ctx.actor if getattr(ctx.actor, "is_authenticated", False) else None)
    event = _event(d, "receive", ctx, "", seq=1, agency=d.receiving_agency, to_agency=d.receiving_agency, to_step=1, data={"missing_components": missing, "due_at": d.due_at.isoformat()})
    # The new dossier's whole timeline is in hand: the 201 answer need not read it back.
    d.fresh_timeline = (d.version, [step], [event])
    effects.after(d, "receive")
    return d


@transaction.atomic
def decline_at_counter(
    *, actor, outcome: str, procedure_code: str, receiving_agency_code: str, applicant: Applicant, components: list[dict] | None = None,
    competent_agency_code: str = "", missing: list[str] | None = None, note: str = "", at: dt.datetime | None = None,
) -> Dossier:
    """A dossier presented at the desk and not received (docs/rules.md section 1.2): ``guide`` records
    the written guidance of form 02 (what is missing and why), ``refuse`` the refusal of form 03.
    The dossier gets no code and no clock; it is kept so the applicant's return can be received
    from it and the refusals are counted."""
    if outcome not in ("guide", "refuse"):
        raise Invalid("Kết quả kiểm tra phải là hướng dẫn bổ sung hoặc từ chối.", "outcome must be guide or refuse.")
    ctx = Ctx(actor, _moment(at))
    d, _missing = _prepare(ctx, procedure_code=procedure_code, receiving_agency_code=receiving_agency_code, applicant=applicant, channel=Channel.COUNTER,
                           components=components, competent_agency_code=competent_agency_code)
    params = {"missing": missing or [], "note": note, "reason": note}
    extra = (_guide if outcome == "guide" else _refuse)(d, ctx, params)
    d.state = machine.check(outcome, State.SUBMITTED)
    d.national_status = machine.NATIONAL_CODE[d.state]
    if d.state in machine.TERMINAL:
        d.closed_at = ctx.at
    d.save()
    _event(d, outcome, ctx, "", seq=1, agency=d.receiving_agency, to_agency=d.receiving_agency, note=extra.pop("note", "")[:1000], data=extra)
    effects.after(d, outcome)
    return d


@transaction.atomic
def submit(*, actor, procedure_code: str, receiving_agency_code: str, applicant: Applicant, channel: str, components: list[dict] | None = None,
           competent_agency_code: str = "", result_channel: str = "", at: dt.datetime | None = None, owner=None, pickup_address: str = "",
           result_address: str = "", data: dict | None = None) -> Dossier:
    """An online or postal submission: it exists, not yet received (national code 1). ``owner``
    is the portal account that submitted it; a postal submission needs the pickup address and a
    result by post needs the delivery address."""
    ctx = Ctx(actor, _moment(at), by_applicant=actor is None or actor == owner)
    if channel not in (Channel.ONLINE, Channel.POSTAL):
        raise Invalid("Chỉ nộp trực tuyến hoặc qua bưu chính; tại quầy dùng tiếp nhận.", "Only online or postal dossiers are submitted; the counter receives.")
    receiving = _agency(receiving_agency_code, "nơi tiếp nhận")
    version = _version(procedure_code, ctx.at)
    _check_channel(version, channel)
    competent = _resolve_agencies(version, receiving, competent_agency_code)
    fields = clean_applicant(applicant)
    chosen, missing = clean_components(version, components)
    result_channel = result_channel or channel
    if result_channel not in Channel.values:
        raise Invalid("Hình thức nhận kết quả phải là counter, online hoặc postal.", "result_channel must be counter, online or postal.", {"result_channel": result_channel})
    if result_channel == Channel.POSTAL and not version.postal_allowed:
        raise Invalid("Thủ tục này không trả kết quả qua bưu chính công ích.", "This procedure does not return results by post.", {"result_channel": result_channel})
    pickup = " ".join((pickup_address or "").split())
    delivery = " ".join((result_address or "").split())
    if channel == Channel.POSTAL and not pickup:
        raise Invalid("Cần địa chỉ để bưu điện đến nhận hồ sơ.", "pickup_address is required for a postal submission.", {"pickup_address": "required"})
    if result_channel == Channel.POSTAL and not delivery:
        raise Invalid("Cần địa chỉ nhận kết quả qua bưu chính.", "result_address is required for a result by post.", {"result_address": "required"})
    if len(pickup) > 300 or len(delivery) > 300:
        raise Invalid("Địa chỉ dài quá 300 ký tự.", "Addresses are at most 300 characters.")
    d = Dossier.objects.create(
        procedure=version.procedure, procedure_version=version, receiving_agency=receiving, competent_agency=competent, current_agency=receiving,
        channel=channel, components=chosen, submitted_at=ctx.at, state=State.SUBMITTED, national_status=1, result_channel=result_channel,
        owner=owner, pickup_address=pickup, result_address=delivery, **fields,
    )
    _event(d, "submit", ctx, "", seq=1, agency=receiving, to_agency=receiving, data={"missing_components": missing, **(data or {})})
    effects.after(d, "submit")
    return d


# --------------------------------------------------------------------------- actions
def _lock(ref: Dossier | str | int) -> Dossier:
    qs = Dossier.objects.select_for_update()
    if isinstance(ref, Dossier):
        d = qs.filter(pk=ref.pk).first()
    elif isinstance(ref, int):
        d = qs.filter(pk=ref).first()
    else:
        d = qs.filter(code=ref).first()
    if d is None:
        raise NotFound("Không tìm thấy hồ sơ.", "Dossier not found.")
    return d


@transaction.atomic
def perform(ref: Dossier | str | int, action: str, *, actor, at: dt.datetime | None = None, expected_version: int | None = None, by_applicant: bool = False, imported: bool = False, **params) -> Dossier:
    """Run one action on a dossier (see ``machine.TRANSITIONS``)."""
    d = _lock(ref)
    if action not in HANDLERS:
        raise Invalid(f"Thao tác «{action}» không tồn tại.", f"Unknown action {action!r}; use one of {', '.join(HANDLERS)}.", {"action": action})
    unknown = set(params) - {p.name for p in ACTIONS[action].params}
    if unknown:
        raise Invalid(f"Thao tác «{ACTIONS[action].label_vi}» không có tham số {', '.join(sorted(unknown))}.", f"{action} takes no {', '.join(sorted(unknown))}.",
                      {"unknown": sorted(unknown)})
    if expected_version is not None and expected_version != d.version:
        raise Conflict("Hồ sơ vừa được người khác cập nhật; hãy tải lại.", f"Stale version {expected_version}; the dossier is at version {d.version}.", {"version": d.version})
    ctx = Ctx(actor, _moment(at), imported=imported, by_applicant=by_applicant)
    previous = d.events.aggregate(seq=Max("seq"), at=Max("at"))
    last = previous["at"]
    if last is not None and ctx.at < last:
        raise Invalid("Thời điểm thao tác trước sự kiện gần nhất của hồ sơ.", "The action's time is before the dossier's last event.", {"at": ctx.at.isoformat(), "last": last.isoformat()})
    try:
        target = machine.check(action, d.state)
    except machine.TransitionError as exc:
        raise Conflict(exc.message_vi, exc.message_en, {"state": d.state, "allowed": machine.allowed_actions(d.state)}) from None
    if ctx.actor is not None and not ctx.by_applicant and not may(ctx.actor, d, action):
        raise Forbidden("Bạn không có quyền thực hiện thao tác này trên hồ sơ.", "You may not act on this dossier.")
    refusal = stage_refusal(d, action)
    if refusal is not None:
        raise Conflict(*refusal)
    from_state, from_step, from_agency = d.state, d.current_step, d.current_agency
    acting = _acting_agency(ctx, d, action)  # before the handler moves the dossier
    extra = HANDLERS[action](d, ctx, params) or {}
    acting = extra.pop("acting_agency", None) or acting  # a parallel step's own agency
    d.state = target
    d.national_status = machine.NATIONAL_CODE[target]
    if target in machine.TERMINAL and d.closed_at is None:
        d.closed_at = ctx.at
    d.version += 1
    d.save()
    _event(d, action, ctx, from_state, seq=(previous["seq"] or 0) + 1, agency=acting or from_agency, from_step=extra.pop("from_step", from_step) or None,
           to_step=d.current_step or None, from_agency=extra.pop("from_agency", from_agency), to_agency=extra.pop("to_agency", d.current_agency),
           note=extra.pop("note", "")[:1000], to_user=extra.pop("to_user", None), data=extra)
    effects.after(d, action)
    return d


def _receive(d: Dossier, ctx: Ctx, p: dict) -> dict:
    version = _version(d.procedure.code, ctx.at)
    d.procedure_version = version
    _do_receive(d, ctx, result_channel=p.get("result_channel", ""))
    route_steps = _route_steps(d)
    _save_with_code(d, ctx)
    _open_step(d, ctx, position=1, route_step=route_steps[0] if route_steps else None, name="Tiếp nhận hồ sơ", kind="reception")
    return {"due_at": d.due_at.isoformat(), "code": d.code}


def _guide(d: Dossier, ctx: Ctx, p: dict) -> dict:
    missing = [str(x)[:500] for x in (p.get("missing") or []) if str(x).strip()]
    note = _text(p, "note", required=not missing, label_vi="nội dung hướng dẫn")
    return {"note": note, "missing": missing, "form_number": guidance_number(d.receiving_agency, ctx.at)}


def _resubmit(d: Dossier, ctx: Ctx, p: dict) -> dict:
    return {"note": _text(p, "note", required=False, label_vi="ghi chú")}


def _refuse(d: Dossier, ctx: Ctx, p: dict) -> dict:
    return {"note": _text(p, "reason", required=True, label_vi="lý do từ chối")}


def _assign(d: Dossier, ctx: Ctx, p: dict) -> dict:
    user = _member(p.get("to_user"), d.current_agency)
    d.current_assignee = user
    d.steps.filter(ended_at__isnull=True).update(assignee=user)
    return {"to_user": user, "note": _text(p, "note", required=False, label_vi="ghi chú")}


def _forward(d: Dossier, ctx: Ctx, p: dict) -> dict:
    steps = _route_steps(d)
    position = d.current_step + 1
    if position > len(steps) or steps[position - 1].kind == "return":
        raise Conflict("Đã hết các bước xử lý: dùng «có kết quả» (resolve).", "No processing step is left: use resolve.")
    step = steps[position - 1]
    first, last = group_span(steps, position)
    if last > first:
        if p.get("to_user"):
            raise Invalid("Các bước tiếp theo chạy song song: mỗi cơ quan tự tiếp nhận và phân công, không chọn cán bộ ở đây.",
                          "The next steps run in parallel: each agency accepts and assigns its own; give no to_user.", {"to_user": p["to_user"]})
        _close_step(d, ctx)
        return {"note": _text(p, "note", required=False, label_vi="ghi chú"), "branches": _open_group(d, ctx, steps, first, last)}
    _close_step(d, ctx)
    d.current_step = position
    d.current_agency = _step_agency(d, step)
    user = _member(p["to_user"], d.current_agency) if p.get("to_user") else None
    d.current_assignee = user
    _open_step(d, ctx, position=position, route_step=step, assignee=user)
    return {"to_user": user, "note": _text(p, "note", required=False, label_vi="ghi chú"), "step": step.name}


def _send_back(d: Dossier, ctx: Ctx, p: dict) -> dict:
    note = _text(p, "note", required=True, label_vi="lý do trả lại")
    if d.current_step <= 1:
        raise Conflict("Hồ sơ đang ở bước đầu tiên, không có bước trước.", "The dossier is at its first step.")
    steps = _route_steps(d)
    position = d.current_step - 1
    _close_step(d, ctx, StepStatus.RETURNED)
    first, last = group_span(steps, position)
    if last > first:  # back to parallel steps: the whole group runs again
        return {"note": note, "branches": _open_group(d, ctx, steps, first, last)}
    d.current_step = position
    d.current_agency = _step_agency(d, steps[position - 1])
    previous = d.steps.filter(position=position).exclude(assignee=None).order_by("-started_at").first()
    d.current_assignee = previous.assignee if previous else None
    _open_step(d, ctx, position=position, route_step=steps[position - 1], assignee=d.current_assignee)
    return {"note": note}


def _transfer_out(d: Dossier, ctx: Ctx, p: dict) -> dict:
    to = _agency(str(p.get("to_agency") or ""), "cơ quan liên thông")
    if to.pk == d.current_agency_id or not to.is_active:
        raise Invalid("Cơ quan nhận liên thông phải là cơ quan khác, đang hoạt động.", "The partner must be another, active agency.")
    _close_step(d, ctx)
    d.transfer_origin = d.current_agency
    d.transfer_accepted_at = None
    d.current_agency = to
    d.current_assignee = None
    _open_step(d, ctx, position=d.current_step, name=f"Liên thông: {to.name}", kind="inter_agency", agency=to)
    return {"note": _text(p, "note", required=False, label_vi="ghi chú")}


def transfer_stage(d: Dossier) -> str:
    """Where the dossier's inter-agency hand-over stands: none, pending (the partner has not
    accepted it yet) or accepted."""
    if not d.transfer_origin_id:
        return "none"
    return "accepted" if d.transfer_accepted_at is not None else "pending"


TRANSFER_REFUSALS = {
    "none": ("Hồ sơ đang ở cơ quan liên thông; cần cơ quan đó trả lại trước.", "The dossier is with a partner agency; it must be returned first."),
    "pending": ("Hồ sơ không chờ cơ quan liên thông tiếp nhận.", "The dossier is not waiting for a partner to accept it."),
    "accepted": ("Cơ quan liên thông chưa tiếp nhận hồ sơ (hoặc hồ sơ không ở cơ quan liên thông).", "The partner agency has not accepted the dossier."),
}


BRANCH_REFUSALS = {
    "none": ("Hồ sơ đang được xử lý song song; chờ các cơ quan hoàn thành các bước song song.",
             "Parallel steps are open; the dossier moves on when every one is finished."),
    "open": ("Hồ sơ không ở bước xử lý song song.", "The dossier is not at parallel steps."),
}


def stage_refusal(d: Dossier, action: str) -> tuple[str, str, dict] | None:
    """Why the dossier's hand-over (``transfer``) or parallel steps (``branches``) do not allow
    ``action`` as it declares, in Vietnamese and English with details; None when they do."""
    declared = ACTIONS[action]
    if declared.transfer and transfer_stage(d) != declared.transfer:
        return (*TRANSFER_REFUSALS[declared.transfer], {"transfer": transfer_stage(d)})
    if declared.branches and ("open" if d.branches_open else "none") != declared.branches:
        return (*BRANCH_REFUSALS[declared.branches], {"branches_open": d.branches_open})
    return None


def _transfer_accept(d: Dossier, ctx: Ctx, p: dict) -> dict:
    """The partner's own officer acknowledges the dossier: from now it works it and returns it."""
    d.transfer_accepted_at = ctx.at
    if getattr(ctx.actor, "is_authenticated", False):
        d.current_assignee = ctx.actor
        d.steps.filter(ended_at__isnull=True).update(assignee=ctx.actor)
    return {"note": _text(p, "note", required=False, label_vi="ghi chú")}


def _back_from_partner(d: Dossier, ctx: Ctx, *, name: str) -> None:
    _close_step(d, ctx)
    d.current_agency = d.transfer_origin
    d.transfer_origin, d.transfer_accepted_at, d.current_assignee = None, None, None
    steps = _route_steps(d)
    route_step = steps[d.current_step - 1] if 0 < d.current_step <= len(steps) else None
    _open_step(d, ctx, position=d.current_step, route_step=route_step, name=name, kind="processing", agency=d.current_agency)


def _transfer_recall(d: Dossier, ctx: Ctx, p: dict) -> dict:
    """The sender takes the dossier back before the partner accepted it (recorded, with a reason)."""
    reason = _text(p, "reason", required=True, label_vi="lý do thu hồi")
    _back_from_partner(d, ctx, name="Thu hồi hồ sơ liên thông")
    return {"note": reason}


def _transfer_in(d: Dossier, ctx: Ctx, p: dict) -> dict:
    """The partner returns the dossier to the sender with its part of the result."""
    result = _text(p, "result", required=False, label_vi="kết quả phần việc liên thông", max_length=500)
    _back_from_partner(d, ctx, name="Nhận lại hồ sơ liên thông")
    return {"note": _text(p, "note", required=False, label_vi="ghi chú"), "result": result}


def _branch(d: Dossier, ctx: Ctx, p: dict) -> DossierStep:
    """The open parallel step an action names (``step``, its position), or the only one the
    officer's agencies hold."""
    branches = open_branches(d)
    wanted = p.get("step")
    acting_officer = ctx.actor is not None and not ctx.by_applicant
    if wanted not in (None, ""):
        if not is_number(str(wanted), 3):
            raise Invalid("Bước song song phải là số thứ tự của bước.", "step must be the position of an open parallel step.", {"step": wanted})
        chosen = [b for b in branches if b.position == int(wanted)]
        if not chosen:
            raise Invalid(f"Không có bước song song số {wanted} đang mở.", f"No open parallel step at position {wanted}.",
                          {"step": wanted, "open": [b.position for b in branches]})
    else:
        chosen = [b for b in branches if not acting_officer or _in_scope(ctx.actor, b.agency)]
        if len(chosen) != 1:
            raise Invalid("Cần chọn bước song song (step).", "Give step: the position of the open parallel step.", {"open": [b.position for b in branches]})
    step = chosen[0]
    if acting_officer and not _in_scope(ctx.actor, step.agency):
        raise Forbidden("Bước song song này thuộc cơ quan khác.", "This parallel step belongs to another agency.")
    return step


def _branch_agency(ctx: Ctx, step: DossierStep) -> Agency:
    """The agency an officer acts for on a parallel step: their own, under the step's agency."""
    if ctx.actor is None or ctx.imported or ctx.by_applicant:
        return step.agency
    return own_agency(ctx.actor, step.agency, OPERATIONAL_ROLES) or step.agency


def _branch_accept(d: Dossier, ctx: Ctx, p: dict) -> dict:
    """The agency of a parallel step acknowledges it; its officer (or the one it names) works it."""
    step = _branch(d, ctx, p)
    if step.accepted_at is not None:
        raise Conflict(f"Bước «{step.name}» đã được tiếp nhận.", "This parallel step has already been accepted.", {"step": step.position})
    user = _member(p["to_user"], step.agency) if p.get("to_user") else (ctx.actor if getattr(ctx.actor, "is_authenticated", False) and not ctx.imported else None)
    step.accepted_at, step.assignee = ctx.at, user
    step.save(update_fields=["accepted_at", "assignee"])
    return {"note": _text(p, "note", required=False, label_vi="ghi chú"), "step": step.position, "step_name": step.name, "to_user": user,
            "acting_agency": _branch_agency(ctx, step), "from_agency": d.current_agency, "to_agency": step.agency, "from_step": step.position}


def _branch_done(d: Dossier, ctx: Ctx, p: dict) -> dict:
    """A parallel step is finished with its part of the result. When it is the last open one,
    the dossier moves on: to the route's next step, or back to the agency that sent it when only
    the return is left."""
    step = _branch(d, ctx, p)
    if step.accepted_at is None:
        raise Conflict(f"Bước «{step.name}» chưa được tiếp nhận.", "This parallel step has not been accepted yet.", {"step": step.position})
    result = _text(p, "result", required=False, label_vi="kết quả phần việc", max_length=500)
    _end_step(d, ctx, step, StepStatus.DONE)
    d.branches_open = max(d.branches_open - 1, 0)
    moved = None
    if d.branches_open == 0:
        steps = _route_steps(d)
        _first, last = group_span(steps, step.position)
        following = steps[last] if last < len(steps) else None
        if following is not None and following.kind != "return":
            d.current_step, d.current_agency, d.current_assignee = last + 1, _step_agency(d, following), None
            _open_step(d, ctx, position=last + 1, route_step=following)
        else:
            d.current_step = last
            _open_step(d, ctx, position=last, name="Tổng hợp kết quả các bước song song", kind="processing", agency=d.current_agency)
        moved = d.current_step
    return {"note": _text(p, "note", required=False, label_vi="ghi chú"), "result": result, "step": step.position, "step_name": step.name,
            "used_minutes": step.used_minutes, "quota_minutes": step.quota_minutes, "moved_to_step": moved,
            "acting_agency": _branch_agency(ctx, step), "from_agency": step.agency, "from_step": step.position}


def _request_supplement(d: Dossier, ctx: Ctx, p: dict) -> dict:
    missing = [str(x)[:500] for x in (p.get("missing") or []) if str(x).strip()]
    note = _text(p, "note", required=not missing, label_vi="nội dung cần bổ sung")
    DossierPause.objects.create(dossier=d, start=ctx.at, reason=note[:500])
    d.clock_paused_at = ctx.at
    d.supplement_count += 1
    return {"note": note, "missing": missing, "supplement_number": d.supplement_count, "form_number": guidance_number(d.current_agency, ctx.at)}


def _supplement_received(d: Dossier, ctx: Ctx, p: dict) -> dict:
    pause = d.pauses.filter(end__isnull=True).order_by("-start").first()
    if pause is not None:
        pause.end = ctx.at
        pause.save(update_fields=["end"])
    d.clock_paused_at = None
    old = d.due_at
    _recompute_due(d)
    return {"note": _text(p, "note", required=False, label_vi="ghi chú"), "due_before": old.isoformat() if old else None, "due_at": d.due_at.isoformat()}


def _request_payment(d: Dossier, ctx: Ctx, p: dict) -> dict:
    amount = p.get("amount")
    if not isinstance(amount, int) or isinstance(amount, bool) or not 0 < amount <= 10**12:
        raise Invalid("Số tiền phải là số nguyên dương (đồng).", "amount must be a positive whole number of VND.", {"amount": amount})
    d.fee_amount = amount
    return {"note": _text(p, "note", required=False, label_vi="ghi chú"), "amount": amount}


def _payment_received(d: Dossier, ctx: Ctx, p: dict) -> dict:
    return {"note": _text(p, "note", required=False, label_vi="ghi chú"), "receipt": _text(p, "receipt", required=False, label_vi="số biên lai", max_length=100)}


def _close_pause(d: Dossier, ctx: Ctx) -> None:
    d.pauses.filter(end__isnull=True).update(end=ctx.at)
    d.clock_paused_at = None


def _stop(d: Dossier, ctx: Ctx, p: dict) -> dict:
    note = _text(p, "reason", required=True, label_vi="lý do dừng xử lý")
    _close_pause(d, ctx)
    _close_all_steps(d, ctx, StepStatus.CLOSED)
    return {"note": note}


def _withdraw(d: Dossier, ctx: Ctx, p: dict) -> dict:
    note = _text(p, "reason", required=not ctx.by_applicant, label_vi="lý do rút hồ sơ") or "Người nộp yêu cầu rút hồ sơ"
    _close_pause(d, ctx)
    _close_all_steps(d, ctx, StepStatus.CLOSED)
    return {"note": note}


def _apologize(d: Dossier, ctx: Ctx, p: dict) -> dict:
    reason = _text(p, "reason", required=True, label_vi="lý do chậm trễ")
    current = d.appointment
    if current is None or ctx.at > current:
        raise Conflict("Chỉ được xin lỗi và hẹn lại trước hoặc đúng thời hạn đã hẹn.", "An apology must be issued before or at the due time.", {"due_at": current.isoformat() if current else None})
    new = p.get("new_appointment")
    if isinstance(new, str):
        try:
            new = dt.datetime.fromisoformat(new)
        except ValueError:
            new = None
    if not isinstance(new, dt.datetime) or timezone.is_naive(new):
        raise Invalid("Cần ngày hẹn mới (có múi giờ).", "new_appointment (with a time zone) is required.", {"new_appointment": "required"})
    if new <= current:
        raise Invalid("Ngày hẹn mới phải sau thời hạn đã hẹn.", "The new appointment must be after the current one.")
    engine = _engine(d)
    if not engine.in_office_hours(new):
        local = timezone.localtime(new)
        why_vi = engine.calendar.reason(local.date()) if not engine.calendar.is_working(local.date()) else "ngoài giờ làm việc"
        raise Invalid(f"Ngày hẹn mới phải trong giờ làm việc của một ngày làm việc ({local:%H:%M %d/%m/%Y}: {why_vi}).",
                      "The new appointment must fall within office hours of a working day.",
                      {"new_appointment": new.isoformat(), "proposed": proposed_appointment(d, ctx.at).isoformat()})
    d.appointment_at = new
    d.apology_count += 1
    return {"note": reason, "new_appointment": new.isoformat(), "due_at": d.due_at.isoformat()}


def _resolve(d: Dossier, ctx: Ctx, p: dict) -> dict:
    _close_step(d, ctx)
    d.resolved_at = ctx.at
    steps = _route_steps(d)
    d.current_agency = d.receiving_agency
    d.current_assignee = None
    d.current_step = len(steps) if steps else d.current_step + 1
    _open_step(d, ctx, position=d.current_step, route_step=steps[-1] if steps else None, name="Trả kết quả", kind="return", agency=d.receiving_agency)
    finish = _engine(d).classify_finish(ctx.at, d.due_at)
    return {"note": _text(p, "note", required=False, label_vi="ghi chú"), "result": _text(p, "result", required=False, label_vi="kết quả", max_length=500), "classification": str(finish)}


def _return_result(d: Dossier, ctx: Ctx, p: dict) -> dict:
    channel = p.get("channel") or d.result_channel or Channel.COUNTER
    if channel not in Channel.values:
        raise Invalid("Hình thức trả kết quả phải là counter, online hoặc postal.", "channel must be counter, online or postal.", {"channel": channel})
    collector = _text(p, "collector", required=False, label_vi="người nhận kết quả", max_length=200)
    collector_id = _text(p, "collector_id", required=False, label_vi="số định danh người nhận", max_length=20)
    if collector_id:
        try:
            collector_id = validate_citizen_id(collector_id, allow_legacy=True)
        except IdentifierError as exc:
            raise Invalid(f"Số định danh người nhận kết quả: {exc.message_vi}", f"collector_id: {exc.message_en}", {"collector_id": collector_id}) from None
    d.result_channel = channel
    d.returned_at = ctx.at
    _close_step(d, ctx, StepStatus.CLOSED)
    out = {"note": _text(p, "note", required=False, label_vi="ghi chú"), "channel": channel}
    if collector or collector_id:  # who took the result at the desk (the applicant or their proxy)
        out.update(collector=collector, collector_id=collector_id)
    return out


def _rate(d: Dossier, ctx: Ctx, p: dict) -> dict:
    if d.rated_at is not None:
        raise Conflict("Hồ sơ đã được đánh giá.", "The dossier has already been rated.")
    score = p.get("score")
    if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5:
        raise Invalid("Điểm đánh giá từ 1 đến 5.", "score must be 1-5.", {"score": score})
    criteria = p.get("criteria") or {}
    if not isinstance(criteria, dict) or len(criteria) > 20 or any(not isinstance(v, int) or isinstance(v, bool) or not 1 <= v <= 5 or len(str(k)) > 50 for k, v in criteria.items()):
        raise Invalid("Tiêu chí đánh giá: tối đa 20 tiêu chí, mỗi tiêu chí 1-5 điểm.", "criteria: at most 20, each scored 1-5.")
    d.rating, d.rating_criteria, d.rated_at = score, criteria, ctx.at
    return {"score": score, "criteria": criteria, "note": _text(p, "comment", required=False, label_vi="nhận xét")}


HANDLERS = {
    "receive": _receive, "resubmit": _resubmit, "guide": _guide, "refuse": _refuse, "assign": _assign, "forward": _forward, "send_back": _send_back,
    "transfer_out": _transfer_out, "transfer_accept": _transfer_accept, "transfer_recall": _transfer_recall, "transfer_in": _transfer_in,
    "branch_accept": _branch_accept, "branch_done": _branch_done,
    "request_supplement": _request_supplement,
    "supplement_received": _supplement_received, "request_payment": _request_payment, "payment_received": _payment_received,
    "stop": _stop, "withdraw": _withdraw, "apologize": _apologize, "resolve": _resolve, "return_result": _return_result, "rate": _rate,
}
# Every declared action but the submission (``submit``, its own service) has exactly one handler.
if set(HANDLERS) != set(ACTIONS) - {"submit"}:  # pragma: no cover - a wiring error, found at import
    raise ImproperlyConfigured(f"Dossier actions without a handler or undeclared: {sorted(set(HANDLERS) ^ (set(ACTIONS) - {'submit'}))}")


# --------------------------------------------------------------------------- import
@dataclass
class ImportOutcome:
    code: str
    status: str  # created | exists | rejected
    message: str = ""
    message_en: str = ""
    dossier: Dossier | None = None
    event_index: int | None = None  # the event of the timeline that was refused (from 0)


def import_dossier(data: dict, *, actor) -> ImportOutcome:
    """Replay a legacy dossier's timeline through the same actions at the given times.
    Idempotent on the code; a timeline that breaks a rule keeps nothing."""
    code = str(data.get("code") or "").strip()
    if not code or len(code) > 40:
        return ImportOutcome(code, "rejected", "Thiếu mã hồ sơ (tối đa 40 ký tự).", "code is required (at most 40 characters).")
    if Dossier.objects.filter(code=code).exists():
        return ImportOutcome(code, "exists", "Hồ sơ đã được chuyển đổi trước đó.", "Already imported.", Dossier.objects.get(code=code))
    failed_at: int | None = None
    try:
        with transaction.atomic():
            d = receive_at_counter(
                actor=actor, procedure_code=str(data.get("procedure") or ""), receiving_agency_code=str(data.get("receiving_agency") or ""),
                applicant=data["applicant"], channel=data.get("channel") or Channel.COUNTER, components=data.get("components"),
                competent_agency_code=str(data.get("competent_agency") or ""), at=data["received_at"], imported=True, code=code,
            )
            for i, event in enumerate(data.get("events") or []):
                params = {k: v for k, v in event.items() if k not in ("action", "at")}
                try:
                    d = perform(d, event["action"], actor=actor, at=event["at"], imported=True, **params)
                except (Invalid, Conflict, Forbidden) as exc:
                    failed_at = i
                    raise Invalid(f"Sự kiện thứ {i + 1} ({event['action']}): {exc.message_vi}", f"Event {i + 1} ({event['action']}): {exc.message_en}", exc.detail) from None
    except (Invalid, Conflict, Forbidden, NotFound) as exc:
        return ImportOutcome(code, "rejected", exc.message_vi, exc.message_en, event_index=failed_at)
    return ImportOutcome(code, "created", "Đã chuyển đổi.", "Imported.", d)


def import_many(items: list[dict], *, actor) -> tuple[list[ImportOutcome], bool]:
    """Several legacy dossiers, all or nothing: when any timeline is refused nothing is kept.
    Returns every dossier's outcome and whether the whole set was kept."""
    with transaction.atomic():
        outcomes = [import_dossier(item, actor=actor) for item in items]
        kept = all(o.status != "rejected" for o in outcomes)
        if not kept:
            transaction.set_rollback(True)
    return outcomes, kept


# --------------------------------------------------------------------------- calendar hook
@transaction.atomic
def apply_recomputed_due(dossier_id: int, new_due: dt.datetime, *, actor) -> None:
    d = _lock(dossier_id)
    if d.state not in machine.IN_PROGRESS or d.due_at == new_due:
        return
    old = d.due_at
    d.due_at = new_due
    d.version += 1
    d.save(update_fields=["due_at", "version", "updated_at"])
    _event(d, "due_recomputed", Ctx(actor, timezone.now()), d.state, agency=d.current_agency, note="Tính lại hạn do thay đổi lịch làm việc",
           data={"due_before": old.isoformat() if old else None, "due_at": new_due.isoformat()})


# --------------------------------------------------------------------------- bulk actions
BULK_ACTIONS = ("assign", "forward")
NOT_FOUND_VI = "Không tìm thấy hồ sơ."
BULK_LIMIT = 200


@dataclass
class BulkOutcome:
    applied: bool
    ok: list[tuple[int, str]] = field(default_factory=list)  # (id, code)
    conflicts: list[tuple[int, str, str]] = field(default_factory=list)  # (id, code, message)


class _Rollback(Exception):
    pass


def bulk_perform(items: list[tuple[int, int]], action: str, *, actor, dry_run: bool = False, **params) -> BulkOutcome:
    """Run ``action`` on every (dossier id, version seen by the officer) pair, all or nothing:
    if any dossier changed meanwhile or refuses the action, nothing is applied and every
    conflict is reported. ``dry_run`` checks everything and applies nothing (the preview)."""
    if action not in BULK_ACTIONS:
        raise Invalid("Chỉ phân công hoặc chuyển bước hàng loạt.", f"Bulk actions are {', '.join(BULK_ACTIONS)}.")
    if not items:
        raise Invalid("Chưa chọn hồ sơ nào.", "No dossier selected.")
    if len(items) > BULK_LIMIT:
        raise Invalid(f"Tối đa {BULK_LIMIT} hồ sơ mỗi lần.", f"At most {BULK_LIMIT} dossiers at once.")
    outcome = BulkOutcome(applied=False)
    # Scope first: a dossier outside the officer's agencies is "not found" like a missing one
    # (its code is not shown, its row is not locked, its state and version are not looked at).
    codes = dict(visible_dossiers(actor).filter(pk__in=[i for i, _ in items]).values_list("pk", "code"))
    try:
        with transaction.atomic():
            for pk, version in sorted(set(items)):  # one lock order for everyone: no deadlocks
                code = codes.get(pk) or str(pk)
                if pk not in codes:
                    outcome.conflicts.append((pk, code, NOT_FOUND_VI))
                    continue
                try:
                    d = perform(pk, action, actor=actor, expected_version=version, **params)
                    outcome.ok.append((pk, d.code or code))
                except (Invalid, Conflict, Forbidden, NotFound) as exc:
                    outcome.conflicts.append((pk, code, exc.message_vi))
            if outcome.conflicts or dry_run:
                raise _Rollback
            outcome.applied = True
    except _Rollback:
        pass
    return outcome


# --------------------------------------------------------------------------- other events
def lock_for_event(ref: Dossier | str | int) -> Dossier:
    """The dossier, locked until the caller's transaction ends: another app records an event of
    its own on it (``record_event``) after checking what it needs."""
    if not transaction.get_connection().in_atomic_block:
        raise ImproperlyConfigured("lock_for_event needs a transaction")
    return _lock(ref)


def record_event(d: Dossier, name: str, *, actor, at: dt.datetime, note: str = "", data: dict | None = None, agency: Agency | None = None) -> DossierEvent:
    """Append an event that changes no state (``actions.EVENTS``: e.g. a fee collected) to the
    control sheet of a dossier locked with ``lock_for_event``; the dossier's version moves on."""
    if name not in EVENTS:
        raise ImproperlyConfigured(f"Undeclared dossier event {name!r}")
    d.version += 1
    d.save(update_fields=["version", "updated_at"])
    return _event(d, name, Ctx(actor, at), d.state, agency=agency or d.current_agency, note=note[:1000], data=data or {})


# --------------------------------------------------------------------------- postal hand-overs
@transaction.atomic
def record_postal(ref: Dossier | str | int, kind: str, status: str, at: dt.datetime, *, waybill: str = "") -> Dossier:
    """A postal tracking update on the control sheet. A result picked up by the post office is
    the result returned by post (national code 10) at that moment."""
    d = _lock(ref)
    ctx = Ctx(None, at)
    label = {"picked_up": "Bưu điện đã nhận", "delivered": "Bưu điện đã phát", "failed": "Bưu điện phát không thành công"}.get(status, status)
    what = "hồ sơ" if kind == "pickup" else "kết quả"
    if kind == "delivery" and status == "picked_up" and d.state == State.RESOLVED:
        return perform(d, "return_result", actor=None, at=max(at, d.events.aggregate(m=Max("at"))["m"] or at), channel=Channel.POSTAL,
                       note=f"{label} {what}, vận đơn {waybill}")
    d.version += 1
    d.save(update_fields=["version", "updated_at"])
    _event(d, "postal", ctx, d.state, agency=d.current_agency, actor_label="Bưu chính công ích", note=f"{label} {what}, vận đơn {waybill}",
           data={"kind": kind, "status": status, "waybill": waybill})
    return d


# --------------------------------------------------------------------------- files
@transaction.atomic
def attach_file(ref: Dossier | str | int, upload, *, actor, kind: str = "component", expected_version: int | None = None, by_applicant: bool = False,
                note: str = "") -> Dossier:
    """Attach a PDF, PNG or JPEG (checked by content, not by name) to an open dossier; the
    control sheet records it. Officers need the receiving or current agency in scope; the
    applicant's own uploads (``by_applicant``) are authorised by the portal, which checks the
    owner, and may only add components."""
    from django.core.files.base import ContentFile

    from motcua.core.uploads import UploadError, check_upload

    from .models import DossierFile

    d = _lock(ref)
    if expected_version is not None and expected_version != d.version:
        raise Conflict("Hồ sơ vừa được người khác cập nhật; hãy tải lại.", "Stale version.", {"version": d.version})
    if d.state in machine.TERMINAL:
        raise Conflict("Hồ sơ đã kết thúc, không đính kèm thêm tệp.", "The dossier is closed.")
    if by_applicant:
        if kind != DossierFile.Kind.COMPONENT:
            raise Forbidden("Người nộp chỉ đính kèm thành phần hồ sơ.", "Applicants attach components only.")
    elif not any(_in_scope(actor, a) for a in (d.receiving_agency, d.current_agency)):
        raise Forbidden("Bạn không có quyền đính kèm tệp vào hồ sơ này.", "You may not attach files to this dossier.")
    if kind not in DossierFile.Kind.values:
        raise Invalid("Loại tệp không hợp lệ.", "Unknown file kind.")
    try:
        checked = check_upload(upload, max_mb=settings.PORTAL_FILE_MAX_MB if by_applicant else settings.DOSSIER_FILE_MAX_MB)
    except UploadError as exc:
        raise Invalid(exc.message_vi, exc.message_en) from None
    ctx = Ctx(actor, _moment(None), by_applicant=by_applicant)
    row = store_file(d, checked, kind=kind, uploaded_by=actor, at=ctx.at, content=ContentFile(checked.data))
    d.version += 1
    d.save(update_fields=["version", "updated_at"])
    _event(d, "attach", ctx, d.state, agency=d.current_agency, note=(note or checked.name)[:1000], data={"file": row.pk, "sha256": checked.sha256, "kind": kind})
    return d


def store_file(d: Dossier, checked, *, kind: str, uploaded_by, at: dt.datetime, content):
    """Keep a checked file under a random name (never the one sent); the row and the bytes go
    together: if the row fails, the bytes are removed."""
    from .models import DossierFile

    row = DossierFile(dossier=d, kind=kind, name=checked.name, content_type=checked.content_type, size=checked.size, sha256=checked.sha256,
                      uploaded_by=uploaded_by if getattr(uploaded_by, "is_authenticated", False) else None, uploaded_at=at)
    row.file.save(f"{d.public_id.hex}-{secrets.token_hex(4)}{checked.ext}", content, save=False)
    try:
        row.save()
    except Exception:
        row.file.delete(save=False)
        raise
    return row
