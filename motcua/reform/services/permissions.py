"""Who may do what in the reform index: the council (organiser's reform officers), the assessed
unit, framework editors; the append-only score trail."""

from __future__ import annotations

from motcua.accounts.models import Membership
from motcua.accounts.selectors import has_role, in_scope
from motcua.core.errors import BilingualError
from motcua.organisations.choices import AgencyLevel

from ..choices import COUNCIL_ROLES
from ..models import Assessment, Node, Score, ScoreEvent
from ..selectors import unit_agency_ids


class ReformError(BilingualError):
    pass


def is_council(user, organiser=None, assessed=None) -> bool:
    """The appraisal council (or inspection team) of a round (or plan) is the reform officers
    and administrators over its organiser; none of them appraises a unit they belong to."""
    if getattr(user, "is_superuser", False):
        return True
    if organiser is None:
        if not has_role(user, *COUNCIL_ROLES):
            return False
    elif not in_scope(user, organiser, COUNCIL_ROLES):
        return False
    if assessed is not None:
        if Membership.objects.filter(user=user, agency=assessed, is_active=True).exists():
            return False
    return True


def may_edit_frameworks(user) -> bool:
    """Frameworks are issued by reform officers of a provincial or central agency, never by an
    assessed commune."""
    if getattr(user, "is_superuser", False):
        return True
    return (
        getattr(user, "is_authenticated", False)
        and Membership.objects.filter(
            user=user, is_active=True, role__in=COUNCIL_ROLES, agency__level__in=(AgencyLevel.PROVINCE, AgencyLevel.CENTRAL)
        ).exists()
    )


def is_unit(user, agency) -> bool:
    """Whether the user speaks for the assessed (or inspected) unit itself."""
    return agency is not None and agency.pk in unit_agency_ids(user)


def _council_of(actor, assessment: Assessment) -> bool:
    return is_council(actor, assessment.round.organiser, assessment.agency)


def _log(score: Score, actor, action: str, before, after, reason: str = "") -> None:
    ScoreEvent.objects.create(
        score=score,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        before="" if before is None else str(before),
        after="" if after is None else str(after),
        reason=reason[:1000],
    )


def _leaf(assessment: Assessment, node: Node) -> Score:
    if node.framework_id != assessment.round.framework_id or node.kind != Node.Kind.SUB:
        raise ReformError("Chỉ chấm điểm tiêu chí thành phần của bộ chỉ số này.", "Only sub-criteria of this framework are scored.")
    score, _ = Score.objects.select_for_update().get_or_create(assessment=assessment, node=node)
    return score


def _editable_leaf(actor, assessment: Assessment, node: Node, *, system: bool = False) -> tuple[Assessment, Score]:
    """The locked assessment and its score of ``node``, if the unit (or the system) may change
    it now: while a draft, or for a criterion the council sent back."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    score = _leaf(assessment, node)
    if not system and not is_unit(actor, assessment.agency):
        raise ReformError("Chỉ đơn vị được đánh giá tự chấm điểm.", "Only the assessed unit scores itself.", status=403)
    if assessment.state != Assessment.State.DRAFT and not score.sent_back:
        raise ReformError(
            "Bản tự đánh giá đã gửi; chỉ sửa tiêu chí được yêu cầu bổ sung.", "The self-assessment was submitted.", status=409
        )
    return assessment, score
