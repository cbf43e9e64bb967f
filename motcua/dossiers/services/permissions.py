"""Who may do an action on a dossier: the agencies an action names and the roles it asks for
(``docs/rules.md`` §9), and what the dossier's hand-over or parallel steps allow."""

from __future__ import annotations

from motcua.accounts.selectors import in_scope, own_agency
from motcua.organisations.models import Agency

from .. import machine
from ..actions import ACTIONS
from ..errors import Forbidden
from ..models import Dossier, DossierStep
from .inputs import OPERATIONAL, Ctx


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
    return list(
        d.steps.filter(ended_at__isnull=True, parallel_group__isnull=False).select_related("agency", "assignee").order_by("position", "id")
    )


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
    return (
        action in PERMISSIONS
        and d.state in machine.TRANSITIONS[action].sources
        and stage_refusal(d, action) is None
        and may(user, d, action)
    )


def transfer_stage(d: Dossier) -> str:
    """Where the dossier's inter-agency hand-over stands: none, pending (the partner has not
    accepted it yet) or accepted."""
    if not d.transfer_origin_id:
        return "none"
    return "accepted" if d.transfer_accepted_at is not None else "pending"


TRANSFER_REFUSALS = {
    "none": (
        "Hồ sơ đang ở cơ quan liên thông; cần cơ quan đó trả lại trước.",
        "The dossier is with a partner agency; it must be returned first.",
    ),
    "pending": ("Hồ sơ không chờ cơ quan liên thông tiếp nhận.", "The dossier is not waiting for a partner to accept it."),
    "accepted": (
        "Cơ quan liên thông chưa tiếp nhận hồ sơ (hoặc hồ sơ không ở cơ quan liên thông).",
        "The partner agency has not accepted the dossier.",
    ),
}


BRANCH_REFUSALS = {
    "none": (
        "Hồ sơ đang được xử lý song song; chờ các cơ quan hoàn thành các bước song song.",
        "Parallel steps are open; the dossier moves on when every one is finished.",
    ),
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
