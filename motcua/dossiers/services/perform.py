"""``perform``: the one entry point of every declared dossier action (lock, version, state machine, permission, handler, event, effects)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Max

from .. import effects, machine
from ..actions import ACTIONS
from ..errors import Conflict, Forbidden, Invalid, NotFound
from ..models import Dossier
from .handlers import (
    _apologize,
    _assign,
    _branch_accept,
    _branch_done,
    _forward,
    _guide,
    _payment_received,
    _rate,
    _receive,
    _refuse,
    _request_payment,
    _request_supplement,
    _resolve,
    _resubmit,
    _return_result,
    _send_back,
    _stop,
    _supplement_received,
    _transfer_accept,
    _transfer_in,
    _transfer_out,
    _transfer_recall,
    _withdraw,
)
from .inputs import Ctx, _moment
from .permissions import _acting_agency, may, stage_refusal
from .steps import _event, refresh_risk


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


def _lock_current(ref: Dossier | str | int, expected_version: int | None) -> Dossier:
    """The dossier locked, refused (409) when the caller saw an older version of it."""
    d = _lock(ref)
    if expected_version is not None and expected_version != d.version:
        raise Conflict("Hồ sơ vừa được người khác cập nhật; hãy tải lại.", "Stale version.", {"version": d.version})
    return d


def _timing(d: Dossier) -> tuple:
    """What ``refresh_risk``'s answer depends on besides the passing of time: the state, the
    step (and parallel steps) running, the holding agency, the due time and a pause."""
    return (d.state, d.current_step, d.current_agency_id, d.branches_open, d.due_at, d.clock_paused_at)


@transaction.atomic
def perform(
    ref: Dossier | str | int,
    action: str,
    *,
    actor,
    at: dt.datetime | None = None,
    expected_version: int | None = None,
    by_applicant: bool = False,
    imported: bool = False,
    **params,
) -> Dossier:
    """Run one action on a dossier (see ``machine.TRANSITIONS``)."""
    d = _lock(ref)
    if action not in HANDLERS:
        raise Invalid(
            f"Thao tác «{action}» không tồn tại.", f"Unknown action {action!r}; use one of {', '.join(HANDLERS)}.", {"action": action}
        )
    unknown = set(params) - {p.name for p in ACTIONS[action].params}
    if unknown:
        raise Invalid(
            f"Thao tác «{ACTIONS[action].label_vi}» không có tham số {', '.join(sorted(unknown))}.",
            f"{action} takes no {', '.join(sorted(unknown))}.",
            {"unknown": sorted(unknown)},
        )
    if expected_version is not None and expected_version != d.version:
        raise Conflict(
            "Hồ sơ vừa được người khác cập nhật; hãy tải lại.",
            f"Stale version {expected_version}; the dossier is at version {d.version}.",
            {"version": d.version},
        )
    ctx = Ctx(actor, _moment(at), imported=imported, by_applicant=by_applicant)
    previous = d.events.aggregate(seq=Max("seq"), at=Max("at"))
    last = previous["at"]
    if last is not None and ctx.at < last:
        raise Invalid(
            "Thời điểm thao tác trước sự kiện gần nhất của hồ sơ.",
            "The action's time is before the dossier's last event.",
            {"at": ctx.at.isoformat(), "last": last.isoformat()},
        )
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
    timing = _timing(d)  # what the risk of being late depends on
    acting = _acting_agency(ctx, d, action)  # before the handler moves the dossier
    extra = HANDLERS[action](d, ctx, params) or {}
    acting = extra.pop("acting_agency", None) or acting  # a parallel step's own agency
    d.state = target
    d.national_status = machine.NATIONAL_CODE[target]
    if target in machine.TERMINAL and d.closed_at is None:
        d.closed_at = ctx.at
    d.version += 1
    if _timing(d) != timing:
        refresh_risk(d, ctx.at)  # unchanged otherwise: ``risk_from`` is a moment, not a state
    d.save()
    _event(
        d,
        action,
        ctx,
        from_state,
        seq=(previous["seq"] or 0) + 1,
        agency=acting or from_agency,
        from_step=extra.pop("from_step", from_step) or None,
        to_step=d.current_step or None,
        from_agency=extra.pop("from_agency", from_agency),
        to_agency=extra.pop("to_agency", d.current_agency),
        note=extra.pop("note", "")[:1000],
        to_user=extra.pop("to_user", None),
        data=extra,
    )
    effects.after(d, action)
    return d


HANDLERS = {
    "receive": _receive,
    "resubmit": _resubmit,
    "guide": _guide,
    "refuse": _refuse,
    "assign": _assign,
    "forward": _forward,
    "send_back": _send_back,
    "transfer_out": _transfer_out,
    "transfer_accept": _transfer_accept,
    "transfer_recall": _transfer_recall,
    "transfer_in": _transfer_in,
    "branch_accept": _branch_accept,
    "branch_done": _branch_done,
    "request_supplement": _request_supplement,
    "supplement_received": _supplement_received,
    "request_payment": _request_payment,
    "payment_received": _payment_received,
    "stop": _stop,
    "withdraw": _withdraw,
    "apologize": _apologize,
    "resolve": _resolve,
    "return_result": _return_result,
    "rate": _rate,
}
# Every declared action but the submission (``submit``, its own service) has exactly one handler.
if set(HANDLERS) != set(ACTIONS) - {"submit"}:  # pragma: no cover - a wiring error, found at import
    raise ImproperlyConfigured(f"Dossier actions without a handler or undeclared: {sorted(set(HANDLERS) ^ (set(ACTIONS) - {'submit'}))}")
