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
from .models import CHECKLIST, Assessment, Node, Score, ScoreEvent

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


# --------------------------------------------------------------------------- inspections
AREAS = frozenset(code for code, _label in CHECKLIST)


def _inspector(actor) -> None:
    if not is_council(actor):
        raise ReformError("Chỉ đoàn kiểm tra ghi kết quả kiểm tra.", "Only the inspection team records inspections.", status=403)


@transaction.atomic
def record_inspection(*, actor, inspection, checklist: dict, conclusion: str, findings: list[dict]) -> list:
    """The visit's checklist (area → passed and note), its conclusion, and each finding with
    the remediation task it gives the unit (action and deadline)."""
    from .models import Finding, Inspection, RemediationTask

    _inspector(actor)
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.done_at is not None:
        raise ReformError("Cuộc kiểm tra đã có kết luận.", "The inspection is already concluded.", status=409)
    unknown = set(checklist) - AREAS
    if unknown:
        raise ReformError("Nội dung kiểm tra không có trong danh mục: " + ", ".join(sorted(unknown)), "Unknown checklist areas.")
    tasks = []
    for f in findings:
        if f.get("area") not in AREAS or f.get("severity") not in Finding.Severity.values or not str(f.get("description", "")).strip():
            raise ReformError("Mỗi tồn tại cần nội dung, mức độ và mô tả.", "Each finding needs an area, a severity and a description.")
        if not f.get("action") or not isinstance(f.get("due_on"), dt.date):
            raise ReformError("Mỗi tồn tại cần yêu cầu khắc phục và hạn.", "Each finding needs a remediation and a deadline.")
        finding = Finding.objects.create(inspection=inspection, area=f["area"], severity=f["severity"], description=str(f["description"])[:5000],
                                         evidence=f.get("evidence", [])[:20])
        tasks.append(RemediationTask.objects.create(finding=finding, agency=inspection.agency, action=str(f["action"])[:1000], due_on=f["due_on"]))
    inspection.checklist, inspection.conclusion, inspection.done_at = checklist, conclusion.strip(), timezone.now()
    inspection.save()
    return tasks


@transaction.atomic
def report_remediation(*, actor, task, report: str):
    """The unit reports what it fixed; the task stays open until a re-inspection confirms it."""
    from .models import RemediationTask

    task = RemediationTask.objects.select_for_update().get(pk=task.pk)
    if not in_scope(actor, task.agency, UNIT_ROLES):
        raise ReformError("Chỉ đơn vị được kiểm tra báo cáo khắc phục.", "Only the inspected unit reports.", status=403)
    if task.state == RemediationTask.State.CLOSED or not (report or "").strip():
        raise ReformError("Cần nội dung báo cáo; nhiệm vụ đã đóng thì không báo cáo lại.", "A report is required on an open task.")
    task.state, task.report = RemediationTask.State.REPORTED, report.strip()
    task.save(update_fields=["state", "report"])
    return task


@transaction.atomic
def reinspect(*, actor, reinspection, results: dict[int, bool]):
    """A re-inspection closes the tasks it finds fixed and reopens the others; nothing else
    closes a task."""
    from .models import Inspection, RemediationTask

    _inspector(actor)
    reinspection = Inspection.objects.select_for_update().get(pk=reinspection.pk)
    if reinspection.reinspection_of_id is None:
        raise ReformError("Đây không phải cuộc tái kiểm tra.", "Not a re-inspection.")
    tasks = {t.pk: t for t in RemediationTask.objects.select_for_update().filter(finding__inspection=reinspection.reinspection_of)}
    if set(results) - set(tasks):
        raise ReformError("Nhiệm vụ không thuộc cuộc kiểm tra được tái kiểm tra.", "Tasks of another inspection.")
    for pk, fixed in results.items():
        task = tasks[pk]
        task.state = RemediationTask.State.CLOSED if fixed else RemediationTask.State.OPEN
        task.closed_by = reinspection if fixed else None
        task.save(update_fields=["state", "closed_by"])
    reinspection.done_at = timezone.now()
    reinspection.save(update_fields=["done_at"])
    return list(tasks.values())
