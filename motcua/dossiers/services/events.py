"""Events that change no state: a calendar change's new due time, fees, the post office's hand-overs."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from motcua.organisations.models import Agency

from .. import machine
from ..actions import EVENTS
from ..choices import Channel, State
from ..models import Dossier, DossierEvent
from .inputs import Ctx
from .perform import _lock, perform
from .steps import _event, refresh_risk


# --------------------------------------------------------------------------- calendar hook
@transaction.atomic
def apply_recomputed_due(dossier_id: int, new_due: dt.datetime, *, actor) -> None:
    d = _lock(dossier_id)
    if d.state not in machine.IN_PROGRESS or d.due_at == new_due:
        return
    old = d.due_at
    d.due_at = new_due
    d.version += 1
    refresh_risk(d, timezone.now())
    d.save(update_fields=["due_at", "risk_from", "risk_step", "version", "updated_at"])
    _event(
        d,
        "due_recomputed",
        Ctx(actor, timezone.now()),
        d.state,
        agency=d.current_agency,
        note="Tính lại hạn do thay đổi lịch làm việc",
        data={"due_before": old.isoformat() if old else None, "due_at": new_due.isoformat()},
    )


# --------------------------------------------------------------------------- other events
def lock_for_event(ref: Dossier | str | int) -> Dossier:
    """The dossier, locked until the caller's transaction ends: another app records an event of
    its own on it (``record_event``) after checking what it needs."""
    if not transaction.get_connection().in_atomic_block:
        raise ImproperlyConfigured("lock_for_event needs a transaction")
    return _lock(ref)


def record_event(
    d: Dossier, name: str, *, actor, at: dt.datetime, note: str = "", data: dict | None = None, agency: Agency | None = None
) -> DossierEvent:
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
    label = {"picked_up": "Bưu điện đã nhận", "delivered": "Bưu điện đã phát", "failed": "Bưu điện phát không thành công"}.get(
        status, status
    )
    what = "hồ sơ" if kind == "pickup" else "kết quả"
    if kind == "delivery" and status == "picked_up" and d.state == State.RESOLVED:
        return perform(
            d,
            "return_result",
            actor=None,
            at=max(at, d.events.aggregate(m=Max("at"))["m"] or at),
            channel=Channel.POSTAL,
            note=f"{label} {what}, vận đơn {waybill}",
        )
    d.version += 1
    d.save(update_fields=["version", "updated_at"])
    _event(
        d,
        "postal",
        ctx,
        d.state,
        agency=d.current_agency,
        actor_label="Bưu chính công ích",
        note=f"{label} {what}, vận đơn {waybill}",
        data={"kind": kind, "status": status, "waybill": waybill},
    )
    return d
