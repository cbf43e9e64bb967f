"""Moving open dossiers to a new version of their procedure (docs/rules.md section 1.6).

A dossier stays under the version it was received by until an administrator decides otherwise:
``preview_move`` shows what moving it would do (the rules that changed, the due time and the
appointment before and after, the steps left and their quotas), ``move_to_version`` applies it
(one event, the applicant told when the appointment changes, a reason required when it would
come earlier) and ``keep_version`` records the decision to keep the old rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from motcua.accounts.choices import Role
from motcua.calendars.engine import EngineError
from motcua.catalog.choices import VersionState
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.selectors import spec_of
from motcua.catalog.spec.compare import Change, compare

from .. import machine
from ..choices import State
from ..errors import Conflict, Forbidden, Invalid
from ..models import Dossier
from ..selectors import compute_due
from .inputs import Ctx, facts
from .perform import _lock
from .permissions import _in_scope
from .steps import _event, _quota_minutes, _step_agency, iso, refresh_risk

MOVABLE = frozenset({State.SUBMITTED, *machine.IN_PROGRESS})


@dataclass
class MovePreview:
    dossier: Dossier
    target: ProcedureVersion
    changes: list[Change] = field(default_factory=list)
    due_before: dt.datetime | None = None
    due_after: dt.datetime | None = None
    appointment_before: dt.datetime | None = None
    appointment_after: dt.datetime | None = None
    route: Any = None  # the new version's route for the dossier (catalog.Route)
    steps: list = field(default_factory=list)  # the new route's steps
    position: int = 0
    remaining: list[tuple[str, str, int]] = field(default_factory=list)  # (step, agency, quota minutes) still to come
    blocked_vi: str = ""
    blocked_en: str = ""

    @property
    def shortens(self) -> bool:
        """The applicant was given an appointment and the move would bring it earlier."""
        return bool(self.appointment_before and self.appointment_after and self.appointment_after < self.appointment_before)

    @property
    def appointment_changes(self) -> bool:
        return self.appointment_before != self.appointment_after

    def summary_vi(self) -> str:
        return "; ".join(c.vi for c in self.changes) or "Không thay đổi thời hạn, quy trình hay thành phần hồ sơ"


def _local_iso(moment: dt.datetime | None) -> str | None:
    return iso(timezone.localtime(moment)) if moment else None


def _blocked(p: MovePreview, vi: str, en: str) -> MovePreview:
    p.blocked_vi, p.blocked_en = vi, en
    return p


def preview_move(d: Dossier, target: ProcedureVersion, *, old_spec=None, new_spec=None) -> MovePreview:
    """What moving ``d`` to ``target`` would do; ``blocked_vi`` says why it cannot now. The two
    specs may be passed in when previewing many dossiers of one procedure."""
    p = MovePreview(dossier=d, target=target, due_before=d.due_at, appointment_before=d.appointment if d.received_at else None)
    if target.procedure_id != d.procedure_id or target.state != VersionState.PUBLISHED:
        return _blocked(p, "Phiên bản này không thuộc thủ tục của hồ sơ hoặc chưa công bố.", "Not a published version of this procedure.")
    if target.pk == d.procedure_version_id:
        return _blocked(p, "Hồ sơ đã theo phiên bản này.", "The dossier already follows this version.")
    if d.state not in MOVABLE:
        return _blocked(p, "Hồ sơ đã kết thúc hoặc đã có kết quả.", "The dossier has ended or has its result.")
    if d.branches_open:
        return _blocked(p, "Hồ sơ đang được xử lý song song; chuyển sau khi các bước song song kết thúc.", "Parallel steps are open.")
    receiving = d.receiving_agency.code
    p.changes = compare(old_spec or spec_of(d.procedure_version), new_spec or spec_of(target), receiving)
    if d.received_at is None:
        return p  # not received: no due time, no route yet
    try:
        p.due_after = compute_due(d, target).due_at
    except (EngineError, ValueError):
        return _blocked(p, "Thời hạn của phiên bản mới không hợp lệ.", "The new version's time is not valid.")
    p.appointment_after = d.appointment_at if d.appointment_at and d.appointment_at >= p.due_after else p.due_after
    routes = facts(target).routes
    chosen = routes.get(d.receiving_agency_id) or routes.get(None)
    if chosen:
        p.route, p.steps = chosen[0], list(chosen[1])
        p.position = _position(d, p.steps)
        now = timezone.now()
        p.remaining = [(s.name, _step_agency(d, s).name, _quota_minutes(d, s, now)) for s in p.steps[p.position :]]
    return p


def _position(d: Dossier, steps: list) -> int:
    """Where the dossier stands on the new route: the step of the same name as its open step,
    else the first of the same kind, else the same position (at most the route's last)."""
    current = d.steps.filter(ended_at__isnull=True).order_by("-started_at", "-id").first()
    if current is not None:
        for matches in (lambda s: s.name == current.name, lambda s: s.kind == current.kind):
            found = [i for i, s in enumerate(steps, start=1) if matches(s)]
            if found:
                return found[0]
    return max(1, min(d.current_step, len(steps)))


def _require_admin(actor, d: Dossier) -> None:
    if not any(_in_scope(actor, a, (Role.ADMIN,)) for a in (d.receiving_agency, d.competent_agency)):
        raise Forbidden("Chỉ quản trị của đơn vị mới chuyển phiên bản thủ tục của hồ sơ.", "Only the unit's administrator may do this.")


def _locked(ref, actor, expected_version: int | None) -> Dossier:
    d = _lock(ref)
    _require_admin(actor, d)
    if expected_version is not None and d.version != expected_version:
        raise Conflict(
            f"Hồ sơ {d.code or d.public_id} đã thay đổi sau khi xem trước; hãy xem trước lại.",
            "The dossier changed after the preview; preview again.",
        )
    return d


@transaction.atomic
def move_to_version(ref, target: ProcedureVersion, *, actor, reason: str = "", expected_version: int | None = None) -> Dossier:
    """Apply ``target``'s rules to an open dossier: its due time from the same reception and
    pauses, its route, the step it stands at and that step's quota; one event explains it."""
    d = _locked(ref, actor, expected_version)
    p = preview_move(d, target)
    if p.blocked_vi:
        raise Invalid(p.blocked_vi, p.blocked_en)
    reason = " ".join((reason or "").split())
    if len(reason) > 1000:
        raise Invalid("Lý do dài quá 1000 ký tự.", "The reason is longer than 1000 characters.")
    if p.shortens and not reason:
        raise Invalid(
            f"Hồ sơ {d.code}: ngày hẹn đã báo cho người nộp sẽ sớm hơn; cần ghi lý do.",
            "The move brings the appointment already given earlier: a reason is required.",
            {"reason": "required"},
        )
    old = d.procedure_version
    d.procedure_version = target
    if d.received_at is not None:
        d.due_at = p.due_after
        if d.appointment_at and p.appointment_after != d.appointment_at:
            d.appointment_at = None  # the new due time is later than the apology's appointment
        if p.route is not None:
            _move_route(d, p)
    d.version += 1
    refresh_risk(d, timezone.now())
    d.save()
    note = f"Áp dụng phiên bản {target.number} thay phiên bản {old.number}: {p.summary_vi()}" + (f". Lý do: {reason}" if reason else "")
    _event(
        d,
        "version_moved",
        Ctx(actor, timezone.now()),
        d.state,
        agency=d.current_agency,
        note=note[:1000],
        data={
            "from_version": old.number,
            "to_version": target.number,
            "to_version_id": target.pk,
            "changes": [c.vi for c in p.changes],
            "due_before": _local_iso(p.due_before),
            "due_at": _local_iso(p.due_after),
            "appointment_before": _local_iso(p.appointment_before),
            "appointment_after": _local_iso(p.appointment_after),
            "reason": reason,
            "notify": p.appointment_changes,
        },
    )
    return d


def _move_route(d: Dossier, p: MovePreview) -> None:
    d.route, d.current_step = p.route, p.position
    open_step = d.steps.filter(ended_at__isnull=True).order_by("-started_at", "-id").first()
    if open_step is not None and p.steps:
        route_step = p.steps[p.position - 1]
        open_step.quota_minutes = _quota_minutes(d, route_step, open_step.started_at)
        open_step.save(update_fields=["quota_minutes"])


@transaction.atomic
def keep_version(ref, target: ProcedureVersion, *, actor, expected_version: int | None = None) -> Dossier:
    """Record that the dossier keeps the rules it was received under although ``target`` is in force."""
    d = _locked(ref, actor, expected_version)
    if d.state not in MOVABLE or target.pk == d.procedure_version_id:
        raise Invalid("Hồ sơ này không chờ quyết định về phiên bản.", "This dossier awaits no version decision.")
    d.version += 1
    d.save(update_fields=["version", "updated_at"])
    _event(
        d,
        "version_kept",
        Ctx(actor, timezone.now()),
        d.state,
        agency=d.current_agency,
        note=f"Giữ quy định của phiên bản {d.procedure_version.number}, không áp dụng phiên bản {target.number}",
        data={"version_id": target.pk, "number": target.number, "kept": d.procedure_version.number},
    )
    return d
