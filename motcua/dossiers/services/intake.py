"""How a dossier comes in: received at the counter, declined there (guidance or refusal), or submitted online or by post."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from motcua.catalog.choices import ONLINE_SUBMISSION_LEVELS
from motcua.catalog.models import ProcedureVersion
from motcua.organisations.models import Agency
from motcua.organisations.selectors import agency_by_pk

from .. import effects, machine
from ..choices import COUNTER_ROLES, Channel, State
from ..errors import Invalid
from ..models import Dossier
from .handlers import _guide, _refuse
from .inputs import Applicant, Ctx, _agency, _moment, clean_applicant, clean_components, facts
from .numbering import _save_with_code
from .permissions import _require
from .steps import _do_receive, _event, _open_step, _route_steps, _version, iso, reception_work, refresh_risk


# --------------------------------------------------------------------------- creation
def _resolve_agencies(version: ProcedureVersion, receiving: Agency, competent_code: str = "") -> Agency:
    f = facts(version)
    if f.receivers and receiving.pk not in f.receivers and (version.cross_boundary == "none" or receiving.kind != "service_centre"):
        raise Invalid(
            f"{receiving.name} không tiếp nhận thủ tục này.",
            "This agency does not receive this procedure.",
            {"receiving_agency": receiving.code},
        )
    if competent_code:
        agency = _agency(competent_code, "cơ quan giải quyết")
        if f.competents and agency.pk not in f.competents:
            raise Invalid(
                f"{agency.name} không có thẩm quyền giải quyết thủ tục này.",
                "This agency is not competent for this procedure.",
                {"competent_agency": competent_code},
            )
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
    raise Invalid(
        "Cần chỉ rõ cơ quan giải quyết (competent_agency).",
        "competent_agency is required for this procedure.",
        {"competent_agency": "required"},
    )


def _check_channel(version: ProcedureVersion, channel: str) -> None:
    if channel not in Channel.values:
        raise Invalid("Kênh nộp phải là counter, online hoặc postal.", "channel must be counter, online or postal.", {"channel": channel})
    if channel == Channel.POSTAL and not version.postal_allowed:
        raise Invalid(
            "Thủ tục này không tiếp nhận qua bưu chính công ích.", "This procedure is not received by post.", {"channel": channel}
        )
    if channel == Channel.ONLINE and version.online_level not in ONLINE_SUBMISSION_LEVELS:
        raise Invalid("Thủ tục này chưa cung cấp dịch vụ công trực tuyến.", "This procedure is not available online.", {"channel": channel})


def _prepare(
    ctx: Ctx,
    *,
    procedure_code: str,
    receiving_agency_code: str,
    applicant: Applicant,
    channel: str,
    components: list[dict] | None,
    competent_agency_code: str,
    sets: int = 1,
) -> tuple[Dossier, list[str]]:
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
        procedure=version.procedure,
        procedure_version=version,
        receiving_agency=receiving,
        competent_agency=competent,
        current_agency=receiving,
        channel=channel,
        components=chosen,
        sets=sets,
        submitted_at=ctx.at,
        imported=ctx.imported,
        **fields,
    )
    return d, missing


@transaction.atomic
def receive_at_counter(
    *,
    actor,
    procedure_code: str,
    receiving_agency_code: str,
    applicant: Applicant,
    channel: str = Channel.COUNTER,
    components: list[dict] | None = None,
    competent_agency_code: str = "",
    result_channel: str = "",
    sets: int = 1,
    at: dt.datetime | None = None,
    imported: bool = False,
    code: str = "",
) -> Dossier:
    """Receive a complete dossier at the desk: it gets its code, lookup secret and due time."""
    ctx = Ctx(actor, _moment(at), imported=imported)
    d, missing = _prepare(
        ctx,
        procedure_code=procedure_code,
        receiving_agency_code=receiving_agency_code,
        applicant=applicant,
        channel=channel,
        components=components,
        competent_agency_code=competent_agency_code,
        sets=sets,
    )
    _do_receive(d, ctx, result_channel=result_channel or (Channel.ONLINE if channel == Channel.ONLINE else Channel.COUNTER))
    if code:
        d.code = code
    d.state, d.national_status = State.RECEIVED, machine.NATIONAL_CODE[State.RECEIVED]
    route_steps = _route_steps(d)
    refresh_risk(d, ctx.at, work=reception_work(d, route_steps, ctx.at))
    _save_with_code(d, ctx, given=bool(code))
    step = _open_step(
        d,
        ctx,
        position=1,
        route_step=route_steps[0] if route_steps else None,
        name="Tiếp nhận hồ sơ",
        kind="reception",
        assignee=ctx.actor if getattr(ctx.actor, "is_authenticated", False) else None,
    )
    event = _event(
        d,
        "receive",
        ctx,
        "",
        seq=1,
        agency=d.receiving_agency,
        to_agency=d.receiving_agency,
        to_step=1,
        data={"missing_components": missing, "due_at": iso(d.due_at)},
    )
    # The new dossier's whole timeline is in hand: the 201 answer need not read it back.
    d.fresh_timeline = (d.version, [step], [event])
    effects.after(d, "receive")
    return d


@transaction.atomic
def decline_at_counter(
    *,
    actor,
    outcome: str,
    procedure_code: str,
    receiving_agency_code: str,
    applicant: Applicant,
    components: list[dict] | None = None,
    competent_agency_code: str = "",
    missing: list[str] | None = None,
    note: str = "",
    at: dt.datetime | None = None,
) -> Dossier:
    """A dossier presented at the desk and not received (docs/rules.md section 1.2): ``guide`` records
    the written guidance of form 02 (what is missing and why), ``refuse`` the refusal of form 03.
    The dossier gets no code and no clock; it is kept so the applicant's return can be received
    from it and the refusals are counted."""
    if outcome not in ("guide", "refuse"):
        raise Invalid("Kết quả kiểm tra phải là hướng dẫn bổ sung hoặc từ chối.", "outcome must be guide or refuse.")
    ctx = Ctx(actor, _moment(at))
    d, _missing = _prepare(
        ctx,
        procedure_code=procedure_code,
        receiving_agency_code=receiving_agency_code,
        applicant=applicant,
        channel=Channel.COUNTER,
        components=components,
        competent_agency_code=competent_agency_code,
    )
    params = {"missing": missing or [], "note": note, "reason": note}
    extra = (_guide if outcome == "guide" else _refuse)(d, ctx, params)
    d.state = machine.check(outcome, State.SUBMITTED)
    d.national_status = machine.NATIONAL_CODE[d.state]
    if d.state in machine.TERMINAL:
        d.closed_at = ctx.at
    d.save()
    _event(
        d, outcome, ctx, "", seq=1, agency=d.receiving_agency, to_agency=d.receiving_agency, note=extra.pop("note", "")[:1000], data=extra
    )
    effects.after(d, outcome)
    return d


@transaction.atomic
def submit(
    *,
    actor,
    procedure_code: str,
    receiving_agency_code: str,
    applicant: Applicant,
    channel: str,
    components: list[dict] | None = None,
    competent_agency_code: str = "",
    result_channel: str = "",
    at: dt.datetime | None = None,
    owner=None,
    pickup_address: str = "",
    result_address: str = "",
    data: dict | None = None,
    national_code: str = "",
) -> Dossier:
    """An online or postal submission: it exists, not yet received (national code 1). ``owner``
    is the portal account that submitted it; a postal submission needs the pickup address and a
    result by post needs the delivery address. ``national_code`` is the national portal's code
    of a dossier submitted there (docs/rules.md section 7.1)."""
    ctx = Ctx(actor, _moment(at), by_applicant=actor is None or actor == owner)
    if channel not in (Channel.ONLINE, Channel.POSTAL):
        raise Invalid(
            "Chỉ nộp trực tuyến hoặc qua bưu chính; tại quầy dùng tiếp nhận.",
            "Only online or postal dossiers are submitted; the counter receives.",
        )
    receiving = _agency(receiving_agency_code, "nơi tiếp nhận")
    version = _version(procedure_code, ctx.at)
    _check_channel(version, channel)
    competent = _resolve_agencies(version, receiving, competent_agency_code)
    fields = clean_applicant(applicant)
    chosen, missing = clean_components(version, components)
    result_channel = result_channel or channel
    if result_channel not in Channel.values:
        raise Invalid(
            "Hình thức nhận kết quả phải là counter, online hoặc postal.",
            "result_channel must be counter, online or postal.",
            {"result_channel": result_channel},
        )
    if result_channel == Channel.POSTAL and not version.postal_allowed:
        raise Invalid(
            "Thủ tục này không trả kết quả qua bưu chính công ích.",
            "This procedure does not return results by post.",
            {"result_channel": result_channel},
        )
    pickup = " ".join((pickup_address or "").split())
    delivery = " ".join((result_address or "").split())
    if channel == Channel.POSTAL and not pickup:
        raise Invalid(
            "Cần địa chỉ để bưu điện đến nhận hồ sơ.", "pickup_address is required for a postal submission.", {"pickup_address": "required"}
        )
    if result_channel == Channel.POSTAL and not delivery:
        raise Invalid(
            "Cần địa chỉ nhận kết quả qua bưu chính.", "result_address is required for a result by post.", {"result_address": "required"}
        )
    if len(pickup) > 300 or len(delivery) > 300:
        raise Invalid("Địa chỉ dài quá 300 ký tự.", "Addresses are at most 300 characters.")
    d = Dossier.objects.create(
        procedure=version.procedure,
        procedure_version=version,
        receiving_agency=receiving,
        competent_agency=competent,
        current_agency=receiving,
        channel=channel,
        components=chosen,
        submitted_at=ctx.at,
        state=State.SUBMITTED,
        national_status=1,
        result_channel=result_channel,
        owner=owner,
        pickup_address=pickup,
        result_address=delivery,
        national_code=national_code or None,
        **fields,
    )
    _event(d, "submit", ctx, "", seq=1, agency=receiving, to_agency=receiving, data={"missing_components": missing, **(data or {})})
    effects.after(d, "submit")
    return d
