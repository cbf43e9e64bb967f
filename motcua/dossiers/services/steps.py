"""Route steps: the events of the control sheet, reception's first step, opening and closing steps
and parallel groups, the quotas, the proposed appointment and the due time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from motcua.calendars.engine import EngineError
from motcua.calendars.selectors import engine_for
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.selectors import version_for_reception
from motcua.core.inserts import insert
from motcua.organisations.models import Agency

from .. import clock, effects
from ..choices import Channel, StepStatus
from ..errors import Invalid
from ..models import Dossier, DossierEvent, DossierStep
from ..selectors import compute_due, working_minutes
from .inputs import Ctx, facts
from .numbering import new_secret, next_code, register_number
from .permissions import _in_scope


def _event(d: Dossier, action: str, ctx: Ctx, from_state: str, seq: int | None = None, **fields) -> DossierEvent:
    seq = seq or (d.events.aggregate(m=Max("seq"))["m"] or 0) + 1
    actor = ctx.actor if getattr(ctx.actor, "is_authenticated", False) else None
    label = fields.pop("actor_label", "") or (actor.get_full_name() if actor else ("Người nộp hồ sơ" if ctx.by_applicant else "Hệ thống"))
    data = {**ctx.event, **fields.pop("data", {})}
    if ctx.imported:
        data["imported"] = True
    event = insert(
        DossierEvent(
            dossier=d,
            seq=seq,
            action=action,
            at=ctx.at,
            actor=actor,
            actor_label=label[:200],
            from_state=from_state,
            to_state=d.state,
            data=data,
            **fields,
        )
    )
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
    return list(d.route.steps.all()) if d.route else []


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


def _work(
    d: Dossier, at: dt.datetime, later_from: dt.datetime | None = None, engine=None
) -> tuple[tuple[str, int] | None, list[tuple[str, int]]]:
    """What is left of the open step's quota at ``at`` (several parallel steps: the longest),
    and every later step of the route with its quota (a quota in days counted on the office
    hours of ``later_from``, default ``at``), as (step name, office minutes)."""
    engine = engine or _engine(d)
    pauses = list(d.pauses.all()) if d.supplement_count else []  # a pause is a supplement request
    running = [
        (step.name, max(step.quota_minutes - working_minutes(engine, step.started_at, at, pauses), 0))
        for step in d.steps.filter(ended_at__isnull=True)
        if step.quota_minutes
    ]
    steps = _route_steps(d)
    _first, last = group_span(steps, d.current_step)
    later = [(step.name, _quota_minutes(d, step, later_from or at)) for step in steps[last:]]
    return (max(running, key=lambda item: item[1]) if running else None), later


def proposed_appointment(d: Dossier, at: dt.datetime) -> dt.datetime:
    """A new appointment for an apology, from the work left (``_work``: the rest of the open
    step's quota and the later steps' quotas; a working day when the route has none), counted in
    office time from the later of now and the current appointment. Always in office hours."""
    start = max(at, d.appointment or at)
    engine = _engine(d)
    open_step, later = _work(d, at, start)
    left = (open_step[1] if open_step else 0) + sum(minutes for _name, minutes in later)
    return engine.add_office_minutes(start, left or engine.hours.on(timezone.localtime(start).date()).minutes_per_day)


def reception_work(d: Dossier, route_steps: list, at: dt.datetime) -> tuple[tuple[str, int] | None, list[tuple[str, int]]]:
    """``_work`` for a dossier being received now, before anything is saved: the route's first
    step opens with its whole quota."""
    if not route_steps:
        return None, []
    _first, last = group_span(route_steps, 1)
    return (route_steps[0].name, _quota_minutes(d, route_steps[0], at)), [
        (step.name, _quota_minutes(d, step, at)) for step in route_steps[last:]
    ]


def refresh_risk(d: Dossier, at: dt.datetime, work=None) -> None:
    """When the dossier becomes at risk of being late, and the step that makes it so
    (docs/rules.md section 5.3; ``clock.at_risk_filter`` reads it), set on the instance by every
    action before it is saved. While the open step is within its quota, the work left and the
    time left shrink together, so nothing changes until that quota is used up; from then on (or
    at once when no step is running) the dossier is at risk when the rest no longer fits."""
    d.risk_from, d.risk_step = None, ""
    if d.state not in clock.RUNNING_STATES or d.clock_paused_at is not None or d.due_at is None or d.due_at <= at:
        return
    if work is None and not d.pk:
        return
    engine = _engine(d)
    open_step, later = work or _work(d, at, engine=engine)
    items = ([open_step] if open_step else []) + later
    time_left = round(engine.office_minutes_between(at, d.due_at))
    total = 0
    for name, minutes in items:
        total += minutes
        if total > time_left:  # this step no longer fits: at risk now
            d.risk_from, d.risk_step = at, name[:200]
            return
    rest = sum(minutes for _name, minutes in later)
    if rest:  # at risk once the office time left falls under the later steps' quotas
        d.risk_from = engine.add_office_minutes(at, time_left - rest)
        d.risk_step = (open_step or later[-1])[0][:200]


def _open_step(
    d: Dossier,
    ctx: Ctx,
    *,
    position: int,
    route_step=None,
    agency: Agency | None = None,
    name: str = "",
    kind: str = "",
    assignee=None,
    parallel_group: int | None = None,
) -> DossierStep:
    return insert(
        DossierStep(
            dossier=d,
            position=position,
            name=(route_step.name if route_step else name)[:200],
            kind=route_step.kind if route_step else kind,
            agency=agency or (_step_agency(d, route_step) if route_step else d.current_agency),
            assignee=assignee,
            started_at=ctx.at,
            quota_minutes=_quota_minutes(d, route_step, ctx.at) if route_step else None,
            parallel_group=parallel_group,
        )
    )


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
        raise Invalid(
            f"{label_vi.capitalize()} dài quá {max_length} ký tự.", f"{key} is longer than {max_length} characters.", {key: "too long"}
        )
    return value


def _member(user_id, agency: Agency):
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None or not _in_scope(user, agency):
        raise Invalid(
            "Cán bộ được giao không thuộc cơ quan đang giữ hồ sơ.",
            "The assignee is not a member of the agency holding the dossier.",
            {"to_user": user_id},
        )
    return user


def _version(procedure_code: str, at: dt.datetime) -> ProcedureVersion:
    version = version_for_reception(procedure_code, at)
    if version is None:
        raise Invalid(
            f"Thủ tục «{procedure_code}» không có trong danh mục đang áp dụng.",
            f"Procedure {procedure_code!r} is not in the catalogue in force.",
            {"procedure": procedure_code},
        )
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
            raise Invalid(
                "Hình thức nhận kết quả phải là counter, online hoặc postal.", "result_channel must be counter, online or postal."
            )
        d.result_channel = result_channel
    d.current_agency = d.receiving_agency
    d.current_step = 1


def iso(moment: dt.datetime | None) -> str | None:
    """A moment as recorded on an event (ISO 8601), or None."""
    return moment.isoformat() if moment else None


def recompute_risks(now: dt.datetime | None = None) -> int:
    """``refresh_risk`` for every open dossier whose clock runs, at ``now`` (after an upgrade
    that added the risk, or a change of office hours); each under its own lock. How many
    changed."""
    now = now or timezone.now()
    changed = 0
    ids = list(Dossier.objects.filter(state__in=clock.RUNNING_STATES, clock_paused_at__isnull=True).values_list("pk", flat=True))
    for pk in ids:
        with transaction.atomic():
            d = Dossier.objects.select_for_update().filter(pk=pk, state__in=clock.RUNNING_STATES).first()
            if d is None:
                continue
            before = (d.risk_from, d.risk_step)
            refresh_risk(d, now)
            if (d.risk_from, d.risk_step) != before:
                Dossier.objects.filter(pk=pk).update(risk_from=d.risk_from, risk_step=d.risk_step)
                changed += 1
    return changed
