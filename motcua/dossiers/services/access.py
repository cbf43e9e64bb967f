"""Who opened a dossier (``docs/rules.md`` §10): one append-only row each time a staff member opens
the dossier page, one of its files or forms, or reads it through the API, with what led there
and whether it was part of work the officer has on it now (else it is shown to the unit leader)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.choices import Role
from motcua.accounts.selectors import own_agency, roles_of
from motcua.core.inserts import insert

from .. import machine
from ..actions import ACTIONS
from ..models import Dossier, DossierAccess
from ..selectors import QUEUE_LABELS
from .permissions import available

# The role an access is shown under: the one closest to the work, of those the officer holds.
ROLE_ORDER = (Role.LEADER, Role.PROCESSING, Role.RECEPTION, Role.REPORT_VIEWER, Role.REFORM, Role.ADMIN)
# What led there (the ``via`` of a link): a work queue, an action just taken, or another screen.
PLACES = {
    **QUEUE_LABELS,
    "home": _("Trang chủ"),
    "dashboard": _("Bảng điều hành"),
    "report": _("Báo cáo giải quyết hồ sơ"),
    "reform": _("Minh chứng cải cách hành chính"),
    "feedback": _("Phản ánh, kiến nghị"),
    "fees": _("Thu phí, lệ phí"),
    "print": _("Trang in phiếu"),
    "page": _("Trang hồ sơ"),
    "accesses": _("Truy cập hồ sơ ngoài công việc"),
    "api": _("API"),
    "national_intake": _("Hồ sơ nhận từ Cổng DVCQG"),
    "direct": _("Mở trực tiếp (mã hồ sơ)"),
}


def clean_reason(raw: str | None) -> str:
    """``via`` as recorded: a known place, ``action:<name>`` of a declared action, else direct."""
    raw = (raw or "")[:40]
    if raw in PLACES or (raw.startswith("action:") and raw[7:] in ACTIONS):
        return raw
    return "direct"


def reason_label(reason: str) -> str:
    if reason.startswith("action:") and reason[7:] in ACTIONS:
        return str(_("Sau thao tác: %(action)s") % {"action": machine.action_title(reason[7:])})
    return str(PLACES.get(reason, PLACES["direct"]))


def working_on(user, d: Dossier) -> bool:
    """Whether the user has work on the dossier now: it is open and one of the actions its state
    allows is the user's to take (the same rule that shows them the action's button)."""
    if d.state in machine.TERMINAL:
        return False
    return any(available(user, d, action) for action in machine.allowed_actions(d.state))


def record_access(user, d: Dossier, what: str, *, detail: str = "", reason: str = "", in_work: bool | None = None) -> DossierAccess:
    """One access row (a single INSERT). ``in_work``: when the caller already knows (the dossier
    page has just computed the user's actions)."""
    agency = own_agency(user, d.current_agency) or own_agency(user, d.receiving_agency) or own_agency(user, d.competent_agency)
    roles = roles_of(user)
    return insert(
        DossierAccess(
            dossier=d,
            at=timezone.now(),
            user=user,
            agency=agency,
            role=next((r for r in ROLE_ORDER if r in roles), ""),
            what=what,
            detail=detail[:200],
            reason=clean_reason(reason),
            in_work=working_on(user, d) if in_work is None else in_work,
        )
    )
