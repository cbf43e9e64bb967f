"""Writes of the reform domain: self-assessment (until submitted), the appraisal council's
adjustments (never without a reason), survey scores, and the criteria pre-filled from the
one-stop data. Every score change appends a ScoreEvent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from motcua.accounts.choices import Role
from motcua.accounts.selectors import has_role, in_scope
from motcua.core.errors import BilingualError

from . import scoring
from .models import Assessment, Node, Score, ScoreEvent

UNIT_ROLES = (Role.LEADER, Role.REFORM, Role.ADMIN)


class ReformError(BilingualError):
    pass


def is_council(user) -> bool:
    return has_role(user, Role.REFORM, Role.ADMIN)


def _log(score: Score, actor, action: str, before, after, reason: str = "") -> None:
    ScoreEvent.objects.create(score=score, actor=actor if getattr(actor, "is_authenticated", False) else None, action=action,
                              before="" if before is None else str(before), after="" if after is None else str(after), reason=reason[:1000])


def _leaf(assessment: Assessment, node: Node) -> Score:
    if node.framework_id != assessment.round.framework_id or node.kind != Node.Kind.SUB:
        raise ReformError("Chỉ chấm điểm tiêu chí thành phần của bộ chỉ số này.", "Only sub-criteria of this framework are scored.")
    score, _ = Score.objects.select_for_update().get_or_create(assessment=assessment, node=node)
    return score


@transaction.atomic
def self_score(*, actor, assessment: Assessment, node: Node, value, evidence: list | None = None, system: bool = False) -> Score:
    """The unit scores a sub-criterion (its rule turns the value into points) with evidence.
    Allowed while the assessment is a draft, or for a criterion the council sent back."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    score = _leaf(assessment, node)
    if not system and not in_scope(actor, assessment.agency, UNIT_ROLES):
        raise ReformError("Chỉ đơn vị được đánh giá tự chấm điểm.", "Only the assessed unit scores itself.", status=403)
    if assessment.state != Assessment.State.DRAFT and not score.sent_back:
        raise ReformError("Bản tự đánh giá đã gửi; chỉ sửa tiêu chí được yêu cầu bổ sung.", "The self-assessment was submitted.", status=409)
    if node.source != Node.Source.APPRAISED:
        raise ReformError("Tiêu chí này chấm bằng điều tra xã hội học.", "This criterion is scored by survey.")
    try:
        points = scoring.score(node.rule, node.params, node.max_score, value)
    except (scoring.RuleError, ArithmeticError, ValueError) as exc:
        raise ReformError(f"Giá trị không hợp lệ: {exc}", f"Invalid value: {exc}") from None
    before = score.self_score
    score.value, score.self_score = value, points
    if evidence is not None:
        score.evidence = evidence[:50]
    score.sent_back = False
    score.save()
    _log(score, actor, "prefill" if system else "self_score", before, points)
    return score


@transaction.atomic
def submit(*, actor, assessment: Assessment) -> Assessment:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not in_scope(actor, assessment.agency, UNIT_ROLES):
        raise ReformError("Chỉ đơn vị được đánh giá gửi bản tự đánh giá.", "Only the assessed unit submits.", status=403)
    if assessment.state != Assessment.State.DRAFT:
        raise ReformError("Bản tự đánh giá đã được gửi.", "Already submitted.", status=409)
    leaves = Node.objects.filter(framework=assessment.round.framework, kind=Node.Kind.SUB, source=Node.Source.APPRAISED)
    missing = leaves.exclude(pk__in=assessment.scores.exclude(self_score=None).values("node_id")).values_list("code", flat=True)
    if missing:
        raise ReformError("Còn tiêu chí chưa tự chấm: " + ", ".join(missing), "Some sub-criteria are not scored.", status=422)
    assessment.state, assessment.submitted_at = Assessment.State.SUBMITTED, timezone.now()
    assessment.save(update_fields=["state", "submitted_at"])
    return assessment


@transaction.atomic
def appraise(*, actor, assessment: Assessment, node: Node, points, reason: str = "") -> Score:
    """The council's score; a score that differs from the self-assessment needs a reason."""
    if not is_council(actor):
        raise ReformError("Chỉ hội đồng thẩm định chấm điểm thẩm định.", "Only the appraisal council appraises.", status=403)
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.state == Assessment.State.DRAFT:
        raise ReformError("Đơn vị chưa gửi bản tự đánh giá.", "Not submitted yet.", status=409)
    score = _leaf(assessment, node)
    points = Decimal(str(points))
    if not Decimal(0) <= points <= node.max_score:
        raise ReformError(f"Điểm thẩm định từ 0 đến {node.max_score}.", "Points out of range.")
    reason = " ".join((reason or "").split())
    if points != score.self_score and not reason:
        raise ReformError("Điều chỉnh điểm cần ghi rõ lý do.", "An adjusted score needs a reason.")
    before = score.appraised_score
    score.appraised_score, score.appraisal_reason, score.sent_back = points, reason, False
    score.save()
    _log(score, actor, "appraise", before, points, reason)
    return score


@transaction.atomic
def send_back(*, actor, assessment: Assessment, node: Node, reason: str) -> Score:
    if not is_council(actor):
        raise ReformError("Chỉ hội đồng thẩm định yêu cầu bổ sung minh chứng.", "Only the council sends back.", status=403)
    if not (reason or "").strip():
        raise ReformError("Cần ghi rõ minh chứng cần bổ sung.", "A reason is required.")
    score = _leaf(assessment, node)
    score.sent_back = True
    score.save(update_fields=["sent_back"])
    _log(score, actor, "send_back", score.self_score, score.self_score, reason)
    return score


@transaction.atomic
def enter_survey(*, actor, assessment: Assessment, node: Node, points) -> Score:
    if not is_council(actor):
        raise ReformError("Chỉ hội đồng nhập kết quả điều tra xã hội học.", "Only the council enters surveys.", status=403)
    if node.source != Node.Source.SURVEY:
        raise ReformError("Tiêu chí này không chấm bằng điều tra.", "Not a survey criterion.")
    score = _leaf(assessment, node)
    points = Decimal(str(points))
    if not Decimal(0) <= points <= node.max_score:
        raise ReformError(f"Điểm điều tra từ 0 đến {node.max_score}.", "Points out of range.")
    before = score.appraised_score
    score.appraised_score = points
    score.save(update_fields=["appraised_score"])
    _log(score, actor, "survey", before, points)
    return score


def prefill(assessment: Assessment) -> list[Score]:
    """Criteria about procedures scored from the one-stop data for the framework's year, with
    the figures (part / whole of the same formula as the reports) as evidence."""
    from motcua.reports.dashboard import dossiers_of, subtree
    from motcua.reports.indicators import compute
    from motcua.reports.periods import Period

    year = assessment.round.framework.year
    period = Period(dt.date(year, 1, 1), dt.date(year, 12, 31))
    nodes = list(Node.objects.filter(framework=assessment.round.framework, kind=Node.Kind.SUB).exclude(prefill=""))
    if not nodes:
        return []
    values = compute(dossiers_of(assessment.agency), subtree(assessment.agency), period)
    out = []
    for node in nodes:
        value = values.values.get(node.prefill)
        part, whole = values.basis.get(node.prefill, (0, 0))
        evidence = [{"kind": "one_stop", "formula": node.prefill, "part": part, "whole": whole, "value": str(value) if value is not None else None,
                     "period": [period.start.isoformat(), period.end.isoformat()]}]
        out.append(self_score(actor=None, assessment=assessment, node=node, value=float(value) if value is not None else None, evidence=evidence, system=True))
    return out
