"""One handler per declared dossier action: what the action changes on the dossier (the checks common to all are in ``perform``)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from motcua.accounts.selectors import own_agency
from motcua.core.text import is_number
from motcua.organisations.models import Agency

from ..choices import OPERATIONAL_ROLES, Channel, StepStatus
from ..errors import Conflict, Forbidden, Invalid
from ..identifiers import IdentifierError, validate_citizen_id
from ..models import Dossier, DossierPause, DossierStep
from .inputs import Ctx, _agency
from .numbering import _save_with_code, guidance_number
from .permissions import _in_scope, open_branches
from .steps import (
    _close_all_steps,
    _close_step,
    _do_receive,
    _end_step,
    _engine,
    _member,
    _open_group,
    _open_step,
    _recompute_due,
    _route_steps,
    _step_agency,
    _text,
    _version,
    group_span,
    iso,
    proposed_appointment,
)


def _receive(d: Dossier, ctx: Ctx, p: dict) -> dict:
    version = _version(d.procedure.code, ctx.at)
    d.procedure_version = version
    _do_receive(d, ctx, result_channel=p.get("result_channel", ""))
    route_steps = _route_steps(d)
    _save_with_code(d, ctx)
    _open_step(d, ctx, position=1, route_step=route_steps[0] if route_steps else None, name="Tiếp nhận hồ sơ", kind="reception")
    return {"due_at": iso(d.due_at), "code": d.code}


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
            raise Invalid(
                "Các bước tiếp theo chạy song song: mỗi cơ quan tự tiếp nhận và phân công, không chọn cán bộ ở đây.",
                "The next steps run in parallel: each agency accepts and assigns its own; give no to_user.",
                {"to_user": p["to_user"]},
            )
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


def _transfer_accept(d: Dossier, ctx: Ctx, p: dict) -> dict:
    """The partner's own officer acknowledges the dossier: from now it works it and returns it."""
    d.transfer_accepted_at = ctx.at
    if getattr(ctx.actor, "is_authenticated", False):
        d.current_assignee = ctx.actor
        d.steps.filter(ended_at__isnull=True).update(assignee=ctx.actor)
    return {"note": _text(p, "note", required=False, label_vi="ghi chú")}


def _back_from_partner(d: Dossier, ctx: Ctx, *, name: str) -> None:
    _close_step(d, ctx)
    assert d.transfer_origin is not None, "only a dossier handed over comes back from a partner"
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
            raise Invalid(
                "Bước song song phải là số thứ tự của bước.", "step must be the position of an open parallel step.", {"step": wanted}
            )
        chosen = [b for b in branches if b.position == int(wanted)]
        if not chosen:
            raise Invalid(
                f"Không có bước song song số {wanted} đang mở.",
                f"No open parallel step at position {wanted}.",
                {"step": wanted, "open": [b.position for b in branches]},
            )
    else:
        chosen = [b for b in branches if not acting_officer or _in_scope(ctx.actor, b.agency)]
        if len(chosen) != 1:
            raise Invalid(
                "Cần chọn bước song song (step).",
                "Give step: the position of the open parallel step.",
                {"open": [b.position for b in branches]},
            )
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
    user = (
        _member(p["to_user"], step.agency)
        if p.get("to_user")
        else (ctx.actor if getattr(ctx.actor, "is_authenticated", False) and not ctx.imported else None)
    )
    step.accepted_at, step.assignee = ctx.at, user
    step.save(update_fields=["accepted_at", "assignee"])
    return {
        "note": _text(p, "note", required=False, label_vi="ghi chú"),
        "step": step.position,
        "step_name": step.name,
        "to_user": user,
        "acting_agency": _branch_agency(ctx, step),
        "from_agency": d.current_agency,
        "to_agency": step.agency,
        "from_step": step.position,
    }


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
    return {
        "note": _text(p, "note", required=False, label_vi="ghi chú"),
        "result": result,
        "step": step.position,
        "step_name": step.name,
        "used_minutes": step.used_minutes,
        "quota_minutes": step.quota_minutes,
        "moved_to_step": moved,
        "acting_agency": _branch_agency(ctx, step),
        "from_agency": step.agency,
        "from_step": step.position,
    }


def _request_supplement(d: Dossier, ctx: Ctx, p: dict) -> dict:
    missing = [str(x)[:500] for x in (p.get("missing") or []) if str(x).strip()]
    note = _text(p, "note", required=not missing, label_vi="nội dung cần bổ sung")
    DossierPause.objects.create(dossier=d, start=ctx.at, reason=note[:500])
    d.clock_paused_at = ctx.at
    d.supplement_count += 1
    return {
        "note": note,
        "missing": missing,
        "supplement_number": d.supplement_count,
        "form_number": guidance_number(d.current_agency, ctx.at),
    }


def _supplement_received(d: Dossier, ctx: Ctx, p: dict) -> dict:
    pause = d.pauses.filter(end__isnull=True).order_by("-start").first()
    if pause is not None:
        pause.end = ctx.at
        pause.save(update_fields=["end"])
    d.clock_paused_at = None
    old = d.due_at
    _recompute_due(d)
    return {
        "note": _text(p, "note", required=False, label_vi="ghi chú"),
        "due_before": old.isoformat() if old else None,
        "due_at": iso(d.due_at),
    }


def _request_payment(d: Dossier, ctx: Ctx, p: dict) -> dict:
    amount = p.get("amount")
    if not isinstance(amount, int) or isinstance(amount, bool) or not 0 < amount <= 10**12:
        raise Invalid("Số tiền phải là số nguyên dương (đồng).", "amount must be a positive whole number of VND.", {"amount": amount})
    d.fee_amount = amount
    return {"note": _text(p, "note", required=False, label_vi="ghi chú"), "amount": amount}


def _payment_received(d: Dossier, ctx: Ctx, p: dict) -> dict:
    return {
        "note": _text(p, "note", required=False, label_vi="ghi chú"),
        "receipt": _text(p, "receipt", required=False, label_vi="số biên lai", max_length=100),
    }


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
        raise Conflict(
            "Chỉ được xin lỗi và hẹn lại trước hoặc đúng thời hạn đã hẹn.",
            "An apology must be issued before or at the due time.",
            {"due_at": current.isoformat() if current else None},
        )
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
        raise Invalid(
            f"Ngày hẹn mới phải trong giờ làm việc của một ngày làm việc ({local:%H:%M %d/%m/%Y}: {why_vi}).",
            "The new appointment must fall within office hours of a working day.",
            {"new_appointment": new.isoformat(), "proposed": proposed_appointment(d, ctx.at).isoformat()},
        )
    d.appointment_at = new
    d.apology_count += 1
    return {"note": reason, "new_appointment": new.isoformat(), "due_at": iso(d.due_at)}


def _resolve(d: Dossier, ctx: Ctx, p: dict) -> dict:
    _close_step(d, ctx)
    d.resolved_at = ctx.at
    steps = _route_steps(d)
    d.current_agency = d.receiving_agency
    d.current_assignee = None
    d.current_step = len(steps) if steps else d.current_step + 1
    _open_step(
        d,
        ctx,
        position=d.current_step,
        route_step=steps[-1] if steps else None,
        name="Trả kết quả",
        kind="return",
        agency=d.receiving_agency,
    )
    finish = _engine(d).classify_finish(ctx.at, d.due_at)
    return {
        "note": _text(p, "note", required=False, label_vi="ghi chú"),
        "result": _text(p, "result", required=False, label_vi="kết quả", max_length=500),
        "classification": str(finish),
    }


def _return_result(d: Dossier, ctx: Ctx, p: dict) -> dict:
    channel = p.get("channel") or d.result_channel or Channel.COUNTER
    if channel not in Channel.values:
        raise Invalid(
            "Hình thức trả kết quả phải là counter, online hoặc postal.", "channel must be counter, online or postal.", {"channel": channel}
        )
    collector = _text(p, "collector", required=False, label_vi="người nhận kết quả", max_length=200)
    collector_id = _text(p, "collector_id", required=False, label_vi="số định danh người nhận", max_length=20)
    if collector_id:
        try:
            collector_id = validate_citizen_id(collector_id, allow_legacy=True)
        except IdentifierError as exc:
            raise Invalid(
                f"Số định danh người nhận kết quả: {exc.message_vi}", f"collector_id: {exc.message_en}", {"collector_id": collector_id}
            ) from None
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
    if (
        not isinstance(criteria, dict)
        or len(criteria) > 20
        or any(not isinstance(v, int) or isinstance(v, bool) or not 1 <= v <= 5 or len(str(k)) > 50 for k, v in criteria.items())
    ):
        raise Invalid("Tiêu chí đánh giá: tối đa 20 tiêu chí, mỗi tiêu chí 1-5 điểm.", "criteria: at most 20, each scored 1-5.")
    d.rating, d.rating_criteria, d.rated_at = score, criteria, ctx.at
    return {"score": score, "criteria": criteria, "note": _text(p, "comment", required=False, label_vi="nhận xét")}
