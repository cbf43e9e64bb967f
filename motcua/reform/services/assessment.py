"""A unit's self-assessment and the council's appraisal, score by score, with reasons; surveys;
criteria pre-filled from the one-stop figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from motcua.reports.dashboard import dossiers_of, subtree
from motcua.reports.indicators import compute
from motcua.reports.periods import Period

from .. import scoring
from ..models import Assessment, Node, Score
from .permissions import ReformError, _council_of, _editable_leaf, _leaf, _log, is_unit


@transaction.atomic
def self_score(*, actor, assessment: Assessment, node: Node, value, evidence: list | None = None, system: bool = False) -> Score:
    """The unit scores a sub-criterion (its rule turns the value into points) with evidence.
    Allowed while the assessment is a draft, or for a criterion the council sent back."""
    assessment, score = _editable_leaf(actor, assessment, node, system=system)
    if node.source != Node.Source.APPRAISED:
        raise ReformError("Tiêu chí này chấm bằng điều tra xã hội học.", "This criterion is scored by survey.")
    if node.prefill and not system:
        raise ReformError(
            "Tiêu chí này lấy số liệu từ hệ thống một cửa; dùng «Lấy lại số liệu».",
            "This criterion is filled from the one-stop data.",
            status=409,
        )
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
    """The unit sends its self-assessment to the council once every appraised sub-criterion is
    scored. After the deadline the council may close a unit's draft as it stands (what is not
    scored counts 0)."""
    assessment = Assessment.objects.select_for_update().select_related("round").get(pk=assessment.pk)
    forced = not is_unit(actor, assessment.agency)
    if forced and not (_council_of(actor, assessment) and assessment.round.deadline < timezone.localdate()):
        raise ReformError(
            "Chỉ đơn vị được đánh giá gửi bản tự đánh giá (hội đồng chỉ khóa bản quá hạn).",
            "Only the assessed unit submits; the council only closes an overdue draft.",
            status=403,
        )
    if assessment.state != Assessment.State.DRAFT:
        raise ReformError("Bản tự đánh giá đã được gửi.", "Already submitted.", status=409)
    leaves = Node.objects.filter(framework=assessment.round.framework, kind=Node.Kind.SUB, source=Node.Source.APPRAISED)
    missing = list(leaves.exclude(pk__in=assessment.scores.exclude(self_score=None).values("node_id")).values_list("code", flat=True))
    if missing and not forced:
        raise ReformError("Còn tiêu chí chưa tự chấm: " + ", ".join(missing), "Some sub-criteria are not scored.", status=422)
    assessment.state, assessment.submitted_at = Assessment.State.SUBMITTED, timezone.now()
    assessment.save(update_fields=["state", "submitted_at"])
    return assessment


@transaction.atomic
def appraise(*, actor, assessment: Assessment, node: Node, points, reason: str = "") -> Score:
    """The council's score; a score that differs from the self-assessment needs a reason."""
    if not _council_of(actor, assessment):
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
    if not _council_of(actor, assessment):
        raise ReformError("Chỉ hội đồng thẩm định yêu cầu bổ sung minh chứng.", "Only the council sends back.", status=403)
    if not (reason or "").strip():
        raise ReformError("Cần ghi rõ minh chứng cần bổ sung.", "A reason is required.")
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.state != Assessment.State.SUBMITTED:
        raise ReformError(
            "Chỉ yêu cầu bổ sung khi bản tự đánh giá đang được thẩm định.", "Only a submitted assessment under appraisal.", status=409
        )
    if node.source != Node.Source.APPRAISED:
        raise ReformError("Tiêu chí điều tra xã hội học không có minh chứng của đơn vị.", "Survey criteria have no unit evidence.")
    score = _leaf(assessment, node)
    before = score.appraised_score
    score.sent_back, score.appraised_score, score.appraisal_reason = True, None, ""
    score.save(update_fields=["sent_back", "appraised_score", "appraisal_reason"])
    _log(score, actor, "send_back", before, None, " ".join(reason.split()))
    return score


@transaction.atomic
def enter_survey(*, actor, assessment: Assessment, node: Node, points) -> Score:
    if not _council_of(actor, assessment):
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
        evidence = [
            {
                "kind": "one_stop",
                "formula": node.prefill,
                "part": part,
                "whole": whole,
                "value": str(value) if value is not None else None,
                "period": [period.start.isoformat(), period.end.isoformat()],
            }
        ]
        out.append(
            self_score(
                actor=None,
                assessment=assessment,
                node=node,
                value=float(value) if value is not None else None,
                evidence=evidence,
                system=True,
            )
        )
    return out
