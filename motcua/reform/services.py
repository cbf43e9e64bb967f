"""Writes of the reform domain: self-assessment (until submitted), the appraisal council's
adjustments (never without a reason), survey scores, and the criteria pre-filled from the
one-stop data. Every score change appends a ScoreEvent."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from motcua.accounts.choices import Role
from motcua.accounts.selectors import has_role, in_scope
from motcua.core.errors import BilingualError
from motcua.core.uploads import check_upload

from . import scoring
from .choices import Level
from .models import CHECKLIST, Assessment, EvidenceFile, Framework, Node, Round, Score, ScoreEvent

UNIT_ROLES = (Role.LEADER, Role.REFORM, Role.ADMIN)
COUNCIL_ROLES = (Role.REFORM, Role.ADMIN)


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
        from motcua.accounts.models import Membership

        if Membership.objects.filter(user=user, agency=assessed, is_active=True).exists():
            return False
    return True


def may_edit_frameworks(user) -> bool:
    """Frameworks are issued by reform officers of a provincial or central agency, never by an
    assessed commune."""
    from motcua.accounts.models import Membership
    from motcua.organisations.choices import AgencyLevel

    if getattr(user, "is_superuser", False):
        return True
    return getattr(user, "is_authenticated", False) and Membership.objects.filter(
        user=user, is_active=True, role__in=COUNCIL_ROLES, agency__level__in=(AgencyLevel.PROVINCE, AgencyLevel.CENTRAL)).exists()


def is_unit(user, agency) -> bool:
    """Whether the user speaks for the assessed (or inspected) unit itself."""
    from .selectors import unit_agency_ids

    return agency is not None and agency.pk in unit_agency_ids(user)


def _council_of(actor, assessment: Assessment) -> bool:
    return is_council(actor, assessment.round.organiser, assessment.agency)


def _log(score: Score, actor, action: str, before, after, reason: str = "") -> None:
    ScoreEvent.objects.create(score=score, actor=actor if getattr(actor, "is_authenticated", False) else None, action=action,
                              before="" if before is None else str(before), after="" if after is None else str(after), reason=reason[:1000])


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
        raise ReformError("Bản tự đánh giá đã gửi; chỉ sửa tiêu chí được yêu cầu bổ sung.", "The self-assessment was submitted.", status=409)
    return assessment, score


@transaction.atomic
def self_score(*, actor, assessment: Assessment, node: Node, value, evidence: list | None = None, system: bool = False) -> Score:
    """The unit scores a sub-criterion (its rule turns the value into points) with evidence.
    Allowed while the assessment is a draft, or for a criterion the council sent back."""
    assessment, score = _editable_leaf(actor, assessment, node, system=system)
    if node.source != Node.Source.APPRAISED:
        raise ReformError("Tiêu chí này chấm bằng điều tra xã hội học.", "This criterion is scored by survey.")
    if node.prefill and not system:
        raise ReformError("Tiêu chí này lấy số liệu từ hệ thống một cửa; dùng «Lấy lại số liệu».", "This criterion is filled from the one-stop data.", status=409)
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
        raise ReformError("Chỉ đơn vị được đánh giá gửi bản tự đánh giá (hội đồng chỉ khóa bản quá hạn).",
                          "Only the assessed unit submits; the council only closes an overdue draft.", status=403)
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
        raise ReformError("Chỉ yêu cầu bổ sung khi bản tự đánh giá đang được thẩm định.", "Only a submitted assessment under appraisal.", status=409)
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


# --------------------------------------------------------------------------- evidence
EVIDENCE_KINDS = ("file", "link", "document", "dossier")


def store_evidence(*, actor, agency, upload) -> EvidenceFile:
    """Check an uploaded file (by content) and keep it under a random name for ``agency``."""
    checked = check_upload(upload, max_mb=settings.DOSSIER_FILE_MAX_MB)
    row = EvidenceFile(agency=agency, uploaded_by=actor if getattr(actor, "is_authenticated", False) else None, name=checked.name,
                       content_type=checked.content_type, size=checked.size, sha256=checked.sha256)
    row.file.save(f"{secrets.token_hex(12)}{checked.ext}", ContentFile(checked.data), save=False)
    row.save()
    return row


def evidence_items(*, link: str = "", document: str = "", dossier: str = "") -> list[dict]:
    """Evidence given as text: a web link (http or https only), a reference to a document
    (number, date, issuer) or the code of a dossier in the system."""
    items: list[dict] = []
    link, document, dossier = (link or "").strip(), " ".join((document or "").split()), (dossier or "").strip().upper()
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            raise ReformError("Đường dẫn phải là địa chỉ http:// hoặc https:// hợp lệ.", "The link must be a valid http(s) URL.") from None
        items.append({"kind": "link", "url": link[:500]})
    if document:
        items.append({"kind": "document", "text": document[:300]})
    if dossier:
        from motcua.dossiers.models import Dossier

        if not Dossier.objects.filter(code=dossier).exists():
            raise ReformError(f"Không có hồ sơ mã {dossier[:40]} trong hệ thống.", "No dossier with that code.")
        items.append({"kind": "dossier", "code": dossier[:40]})
    return items


def parse_value(node: Node, raw: str):
    """A sub-criterion's value as typed on the scorecard, by its rule: yes/no, a rate (%), a
    number of items or points (a decimal comma is accepted)."""
    raw = (raw or "").strip()
    if raw == "":
        return None
    if node.rule == "yes_no":
        if raw not in ("yes", "no"):
            raise ReformError("Chọn Có hoặc Không.", "Choose yes or no.")
        return raw == "yes"
    try:
        number = Decimal(raw.replace(",", "."))
    except ArithmeticError:
        raise ReformError("Giá trị phải là một số.", "The value must be a number.") from None
    if not number.is_finite() or number < 0 or number > 100000:
        raise ReformError("Giá trị phải là một số không âm.", "The value must be a non-negative number.")
    if node.rule in ("bands", "ratio") and number > 100:
        raise ReformError("Tỷ lệ không quá 100%.", "A rate is at most 100%.")
    return float(number)


@transaction.atomic
def save_leaf(*, actor, assessment: Assessment, node: Node, value=None, add: list | None = None, upload=None, remove: list[int] | None = None) -> Score:
    """The scorecard's save of one sub-criterion: its value (unless it is filled from the
    one-stop data) and its evidence (files, links, documents, dossiers added or removed)."""
    assessment, score = _editable_leaf(actor, assessment, node)
    dropped = set(remove or ())
    evidence = [e for i, e in enumerate(score.evidence or []) if i not in dropped or e.get("kind") == "one_stop"]
    evidence += add or []
    if upload is not None:
        row = store_evidence(actor=actor, agency=assessment.agency, upload=upload)
        evidence.append({"kind": "file", "id": row.pk, "name": row.name})
    if len(evidence) > 50:
        raise ReformError("Mỗi tiêu chí tối đa 50 minh chứng.", "At most 50 pieces of evidence per criterion.")
    if value is not None and not node.prefill:
        return self_score(actor=actor, assessment=assessment, node=node, value=value, evidence=evidence)
    if evidence != (score.evidence or []):
        score.evidence = evidence
        score.save(update_fields=["evidence"])
        _log(score, actor, "evidence", len(score.evidence), len(evidence))
    return score


# --------------------------------------------------------------------------- rounds
def _province_root(agency) -> str:
    """The materialised path of the top of the agency's tree (its province, or the centre)."""
    head = agency.path.strip("/").split("/")[0]
    return f"/{head}/"


def _check_organiser(agency) -> None:
    """Rounds and inspection plans are run from the province (or the centre), never by a unit
    over its peers."""
    from motcua.organisations.choices import AgencyLevel

    if agency is None or agency.level not in (AgencyLevel.PROVINCE, AgencyLevel.CENTRAL):
        raise ReformError("Cơ quan tổ chức đánh giá, kiểm tra phải là cơ quan cấp tỉnh trở lên.", "The organiser must be a provincial or central agency.", status=403)


def assessed_units(level: str, within=None):
    """The units a framework of ``level`` assesses (within the organiser's province): the
    communes' people's committees, or the departments (ministry and province frameworks are
    for the national index)."""
    from motcua.organisations.choices import AgencyKind, AgencyLevel
    from motcua.organisations.models import Agency

    active = Agency.objects.filter(is_active=True).order_by("path")
    if within is not None:
        active = active.filter(path__startswith=_province_root(within))
    if level == "commune":
        return active.filter(level=AgencyLevel.COMMUNE, kind=AgencyKind.PEOPLES_COMMITTEE)
    if level == "department":
        return active.filter(level=AgencyLevel.PROVINCE, kind=AgencyKind.DEPARTMENT)
    if level == "province":
        return active.filter(level=AgencyLevel.PROVINCE, kind=AgencyKind.PEOPLES_COMMITTEE)
    return active.filter(level=AgencyLevel.CENTRAL)


@transaction.atomic
def open_round(*, actor, framework: Framework, organiser, deadline: dt.date, reminder_days=(7, 3, 1), units=None) -> Round:
    """Open the year's round: one assessment per assessed unit, its procedure criteria already
    filled from the one-stop data."""
    _check_organiser(organiser)
    if not is_council(actor, organiser):
        raise ReformError("Chỉ cán bộ cải cách hành chính của cơ quan tổ chức mở đợt đánh giá.", "Only the organiser's reform officers open a round.", status=403)
    if Round.objects.filter(framework=framework).exists():
        raise ReformError("Bộ chỉ số này đã có đợt đánh giá.", "This framework already has a round.", status=409)
    if not framework.nodes.filter(kind=Node.Kind.SUB).exists():
        raise ReformError("Bộ chỉ số chưa có tiêu chí thành phần nào.", "The framework has no sub-criteria.")
    rnd = Round.objects.create(framework=framework, organiser=organiser, deadline=deadline, reminder_days=sorted({int(d) for d in reminder_days if 0 < int(d) <= 60}, reverse=True))
    framework.published = True
    framework.save(update_fields=["published"])
    for agency in (units if units is not None else assessed_units(framework.level, within=organiser)):
        prefill(Assessment.objects.create(round=rnd, agency=agency))
    return rnd


@transaction.atomic
def complete_appraisal(*, actor, assessment: Assessment) -> Assessment:
    """The council closes a unit's appraisal: a criterion it did not adjust keeps the unit's
    score (recorded as accepted). Nothing may still wait for more evidence."""
    if not _council_of(actor, assessment):
        raise ReformError("Chỉ hội đồng thẩm định hoàn thành thẩm định.", "Only the appraisal council completes an appraisal.", status=403)
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.state != Assessment.State.SUBMITTED:
        raise ReformError("Chỉ hoàn thành thẩm định bản tự đánh giá đã gửi và chưa thẩm định.", "Only a submitted assessment.", status=409)
    waiting = list(assessment.scores.filter(sent_back=True).values_list("node__code", flat=True))
    if waiting:
        raise ReformError("Còn tiêu chí chờ đơn vị bổ sung minh chứng: " + ", ".join(waiting), "Some criteria wait for more evidence.", status=409)
    leaves = Node.objects.filter(framework=assessment.round.framework_id, kind=Node.Kind.SUB, source=Node.Source.APPRAISED)
    for node in leaves:
        score = _leaf(assessment, node)
        if score.appraised_score is None:
            score.appraised_score = score.self_score or Decimal(0)
            score.save(update_fields=["appraised_score"])
            _log(score, actor, "accept", None, score.appraised_score)
    assessment.state, assessment.appraised_at = Assessment.State.APPRAISED, timezone.now()
    assessment.save(update_fields=["state", "appraised_at"])
    return assessment


@transaction.atomic
def publish_round(*, actor, round: Round) -> Round:
    """Publish the totals, groups and ranking once every unit is appraised."""
    rnd = Round.objects.select_for_update().get(pk=round.pk)
    if not is_council(actor, rnd.organiser):
        raise ReformError("Chỉ hội đồng thẩm định công bố kết quả.", "Only the council publishes.", status=403)
    if rnd.published_at is not None:
        raise ReformError("Kết quả đã được công bố.", "Already published.", status=409)
    pending = list(rnd.assessments.exclude(state=Assessment.State.APPRAISED).values_list("agency__name", flat=True)[:20])
    if pending:
        raise ReformError("Chưa thẩm định xong: " + ", ".join(pending), "Some units are not appraised yet.", status=409)
    rnd.published_at = timezone.now()
    rnd.save(update_fields=["published_at"])
    return rnd


@transaction.atomic
def import_survey(*, actor, round: Round, rows: Sequence[tuple[int, str, str, object]]) -> int:
    """Survey scores from a sheet of (row number, unit code, criterion code, points): all of
    them or, at the first wrong row, none (each error names its row)."""
    if not is_council(actor, round.organiser):
        raise ReformError("Chỉ hội đồng nhập kết quả điều tra xã hội học.", "Only the council enters surveys.", status=403)
    assessments = {a.agency.code: a for a in round.assessments.select_related("agency", "round__organiser")}
    nodes = {n.code: n for n in round.framework.nodes.filter(kind=Node.Kind.SUB, source=Node.Source.SURVEY)}
    errors, done = [], 0
    for line, unit, code, points in rows:
        assessment, node = assessments.get(str(unit).strip()), nodes.get(str(code).strip())
        if assessment is None or node is None:
            errors.append(f"Dòng {line}: " + ("không có đơn vị " + str(unit)[:20] if assessment is None else "không có tiêu chí điều tra " + str(code)[:20]))
            continue
        try:
            enter_survey(actor=actor, assessment=assessment, node=node, points=points)
            done += 1
        except (ReformError, ArithmeticError) as exc:
            errors.append(f"Dòng {line}: {getattr(exc, 'message_vi', 'điểm không hợp lệ')}")
    if errors:
        transaction.set_rollback(True)
        raise ReformError("Không nhập được bảng điều tra: " + "; ".join(errors[:20]), "The survey sheet has errors; nothing was imported.")
    return done


# --------------------------------------------------------------------------- frameworks
@dataclass
class NodeRow:
    """A framework row as read from a sheet (max_score and params as typed there; checked and
    converted by ``_check_nodes``)."""

    line: int
    code: str
    parent: str
    kind: str
    name: str
    max_score: Any
    rule: str
    params: Any
    source: str
    prefill: str


def _check_nodes(rows: list[NodeRow]) -> list[str]:
    from motcua.reports.models import Formula

    errors: list[str] = []
    seen: dict[str, NodeRow] = {}
    children: dict[str, list[NodeRow]] = {}
    for r in rows:
        where = f"Dòng {r.line}"
        if not r.code or len(r.code) > 20:
            errors.append(f"{where}: mã trống hoặc dài quá 20 ký tự")
            continue
        if r.code in seen:
            errors.append(f"{where}: mã {r.code} trùng")
        if r.kind not in Node.Kind.values:
            errors.append(f"{where}: loại «{r.kind}» không hợp lệ (field, criterion, sub)")
        if not r.name:
            errors.append(f"{where}: thiếu nội dung")
        try:
            r.max_score = Decimal(str(r.max_score).replace(",", "."))
            if not r.max_score.is_finite() or r.max_score <= 0 or r.max_score >= 10000:
                raise ArithmeticError
        except ArithmeticError:
            errors.append(f"{where}: điểm tối đa phải là số dương")
        if r.rule not in scoring.RULES:
            errors.append(f"{where}: cách chấm «{r.rule}» không hợp lệ ({', '.join(scoring.RULES)})")
        if isinstance(r.params, str):
            try:
                r.params = json.loads(r.params) if r.params.strip() else {}
            except ValueError:
                errors.append(f"{where}: tham số không phải JSON")
                r.params = {}
        if not isinstance(r.params, dict):
            errors.append(f"{where}: tham số phải là một đối tượng JSON")
            r.params = {}
        elif r.rule in scoring.RULES and isinstance(r.max_score, Decimal):
            try:
                scoring.check_params(r.rule, r.params)
            except (scoring.RuleError, ArithmeticError, TypeError) as exc:
                errors.append(f"{where}: tham số cách chấm sai ({exc})")
        if r.source not in Node.Source.values:
            errors.append(f"{where}: nguồn điểm «{r.source}» không hợp lệ (appraised, survey)")
        if r.prefill and r.prefill not in Formula.values:
            errors.append(f"{where}: chỉ tiêu một cửa «{r.prefill}» không có ({', '.join(Formula.values)})")
        if r.parent:
            if r.parent not in seen:
                errors.append(f"{where}: mã cấp trên {r.parent} chưa có ở các dòng trước")
            else:
                children.setdefault(r.parent, []).append(r)
        elif r.kind != Node.Kind.FIELD and r.kind != Node.Kind.SUB:
            errors.append(f"{where}: tiêu chí cần mã cấp trên")
        seen[r.code] = r
    if errors:
        return errors
    for r in rows:
        kids = children.get(r.code, [])
        if r.kind == Node.Kind.SUB and kids:
            errors.append(f"Dòng {r.line}: tiêu chí thành phần {r.code} không có cấp dưới")
        if r.kind != Node.Kind.SUB and not kids:
            errors.append(f"Dòng {r.line}: {r.code} không có tiêu chí thành phần nào để chấm")
        if kids and sum(k.max_score for k in kids) != r.max_score:
            errors.append(f"Dòng {r.line}: điểm tối đa của {r.code} ({r.max_score}) khác tổng điểm cấp dưới ({sum(k.max_score for k in kids)})")
    return errors


@transaction.atomic
def import_framework(*, actor, year: int, level: str, name: str, groups: list, rows: list[NodeRow]) -> Framework:
    """A framework from its sheet: every row checked (codes, parents before children, rules and
    their parameters, a parent's maximum equal to its children's sum) and all or nothing. A
    framework of the same year and level is replaced while no round uses it."""
    if not may_edit_frameworks(actor):
        raise ReformError("Chỉ cán bộ cải cách hành chính cấp tỉnh trở lên ban hành bộ chỉ số.", "Only provincial or central reform officers import frameworks.", status=403)
    if level not in Level.values or not 2000 <= int(year) <= 2100 or not (name or "").strip():
        raise ReformError("Cần năm, cấp đánh giá và tên bộ chỉ số hợp lệ.", "A valid year, level and name are required.")
    try:
        groups = [[str(g[0])[:5], float(Decimal(str(g[1])))] for g in groups]
    except (ArithmeticError, IndexError, TypeError):
        raise ReformError("Xếp loại phải có dạng A ≥ 90, B ≥ 80…", "Groups must be pairs of a name and a minimum percent.") from None
    if not rows:
        raise ReformError("Bảng không có tiêu chí nào.", "The sheet has no criteria.")
    errors = _check_nodes(rows)
    if errors:
        raise ReformError("Bộ chỉ số có lỗi, chưa nhập gì: " + "; ".join(errors[:25]), "The framework has errors; nothing was imported.")
    existing = Framework.objects.select_for_update().filter(year=year, level=level).first()
    if existing is not None:
        if existing.rounds.exists():
            raise ReformError("Bộ chỉ số năm này đã được dùng cho đợt đánh giá, không thay thế được.", "That framework is in use by a round.", status=409)
        existing.nodes.all().delete()
        existing.name, existing.groups = name.strip()[:300], groups
        existing.save(update_fields=["name", "groups"])
        framework = existing
    else:
        framework = Framework.objects.create(year=year, level=level, name=name.strip()[:300], groups=groups)
    made: dict[str, Node] = {}
    for position, r in enumerate(rows):
        made[r.code] = Node.objects.create(framework=framework, parent=made.get(r.parent), kind=r.kind, code=r.code, name=r.name[:500], max_score=r.max_score,
                                           rule=r.rule, params=r.params, source=r.source, prefill=r.prefill, position=position)
    return framework


def node_rows(framework: Framework) -> list[NodeRow]:
    """A framework as sheet rows, parents before their children."""
    nodes = list(framework.nodes.select_related("parent").order_by("position", "code"))
    return [NodeRow(i, n.code, n.parent.code if n.parent else "", n.kind, n.name, n.max_score, n.rule, n.params, n.source, n.prefill)
            for i, n in enumerate(nodes, start=2)]


@transaction.atomic
def copy_framework(*, actor, framework: Framework, year: int) -> Framework:
    """Next year's framework, a copy to adjust (versioned per year)."""
    return import_framework(actor=actor, year=year, level=framework.level, name=framework.name.replace(str(framework.year), str(year)),
                            groups=framework.groups, rows=node_rows(framework))


# --------------------------------------------------------------------------- reminders
def _unit_people(agency):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True, memberships__agency=agency, memberships__is_active=True,
                                           memberships__role__in=(Role.LEADER, Role.REFORM)).distinct()


def send_reminders(today: dt.date | None = None) -> int:
    """Remind each unit that has not sent its self-assessment, the days before the deadline the
    round names and every day once it is past; and each unit of a remediation task due in 7, 3
    or 1 days, or overdue (each Monday). One message per person, thing and day."""
    from motcua.notifications import services as notifications
    from motcua.notifications.models import Message

    from .models import RemediationTask

    def remind(key: str, user, template_key: str, context: dict) -> int:
        if Message.objects.filter(key__startswith=key + ":").exists():
            return 0  # already reminded today
        with transaction.atomic():
            return int(bool(notifications.queue_both(key=key, email=user.email, phone=user.phone, template_key=template_key, user=user, context=context)))

    today = today or timezone.localdate()
    queued = 0
    drafts = Assessment.objects.filter(state=Assessment.State.DRAFT, round__published_at=None).select_related("round__framework", "agency")
    for a in drafts:
        days = (a.round.deadline - today).days
        if days not in (a.round.reminder_days or []) and days >= 0:
            continue
        for user in _unit_people(a.agency):
            queued += remind(f"reform-remind:{a.pk}:{user.pk}:{today:%Y%m%d}", user, "reform.reminder",
                             {"name": user.get_full_name(), "unit": a.agency.name, "framework": a.round.framework.name, "deadline": f"{a.round.deadline:%d/%m/%Y}",
                              "days": days, "url": notifications.public_url(f"/reform/assessments/{a.pk}/")})
    tasks = RemediationTask.objects.exclude(state=RemediationTask.State.CLOSED).select_related("agency", "finding")
    for t in tasks:
        days = (t.due_on - today).days
        if days not in (7, 3, 1) and not (days < 0 and today.weekday() == 0):
            continue
        for user in _unit_people(t.agency):
            queued += remind(f"reform-task:{t.pk}:{user.pk}:{today:%Y%m%d}", user, "reform.remediation",
                             {"name": user.get_full_name(), "unit": t.agency.name, "action": t.action, "due": f"{t.due_on:%d/%m/%Y}", "days": days,
                              "url": notifications.public_url("/reform/remediation/")})
    return queued


# --------------------------------------------------------------------------- inspections
AREAS = frozenset(code for code, _label in CHECKLIST)
AREA_LABELS = dict(CHECKLIST)


def _inspector(actor, inspection) -> None:
    """The plan's team records a direct inspection; a unit records its own self-inspection."""
    from .models import Inspection

    if is_council(actor, inspection.plan.issuer, inspection.agency if inspection.mode == Inspection.Mode.DIRECT else None):
        return
    if inspection.mode == Inspection.Mode.SELF and inspection.reinspection_of_id is None and is_unit(actor, inspection.agency):
        return
    raise ReformError("Chỉ đoàn kiểm tra (hoặc đơn vị tự kiểm tra) ghi kết quả kiểm tra.", "Only the inspection team (or the self-inspecting unit) records it.", status=403)


def clean_team(lines: str) -> list[dict]:
    """The team from lines «Name — role» (or «Name, role»)."""
    team = []
    for line in (lines or "").splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        for sep in (" — ", " - ", ", ", ": "):
            if sep in line:
                name, role = line.split(sep, 1)
                break
        else:
            name, role = line, "Thành viên"
        team.append({"name": name.strip()[:100], "role": role.strip()[:100]})
    if not team:
        raise ReformError("Cần ít nhất một thành viên đoàn kiểm tra.", "The team needs at least one member.")
    return team[:30]


@transaction.atomic
def create_plan(*, actor, year: int, title: str, issuer, team: list[dict]):
    from .models import InspectionPlan

    _check_organiser(issuer)
    if not is_council(actor, issuer):
        raise ReformError("Chỉ cán bộ cải cách hành chính của cơ quan ban hành lập kế hoạch kiểm tra.", "Only the issuer's reform officers plan inspections.", status=403)
    if not (title or "").strip() or not 2000 <= int(year) <= 2100:
        raise ReformError("Cần tên kế hoạch và năm hợp lệ.", "A title and a valid year are required.")
    return InspectionPlan.objects.create(year=year, title=title.strip()[:300], issuer=issuer, team=team)


@transaction.atomic
def schedule_inspection(*, actor, plan, agency, mode: str, scheduled_on: dt.date | None):
    """A unit in the plan: inspected directly on a date, or inspecting itself and reporting."""
    from .models import Inspection

    if not is_council(actor, plan.issuer):
        raise ReformError("Chỉ cơ quan ban hành kế hoạch thêm đơn vị kiểm tra.", "Only the plan's issuer adds units.", status=403)
    if mode not in Inspection.Mode.values:
        raise ReformError("Hình thức kiểm tra không hợp lệ.", "Invalid mode.")
    if not agency.path.startswith(_province_root(plan.issuer)) or agency.pk == plan.issuer_id:
        raise ReformError("Đơn vị được kiểm tra phải thuộc tỉnh của cơ quan ban hành kế hoạch.", "The unit must be in the issuer's province.")
    if mode == Inspection.Mode.DIRECT and scheduled_on is None:
        raise ReformError("Kiểm tra trực tiếp cần ngày kiểm tra.", "A direct inspection needs a date.")
    if scheduled_on is not None and scheduled_on.year != plan.year:
        raise ReformError(f"Ngày kiểm tra phải trong năm {plan.year}.", "The date must be in the plan's year.")
    if plan.inspections.filter(agency=agency, reinspection_of=None).exists():
        raise ReformError("Đơn vị đã có trong kế hoạch.", "The unit is already in the plan.", status=409)
    return Inspection.objects.create(plan=plan, agency=agency, mode=mode, scheduled_on=scheduled_on)


@transaction.atomic
def schedule_reinspection(*, actor, inspection, scheduled_on: dt.date):
    from .models import Inspection, RemediationTask

    if not is_council(actor, inspection.plan.issuer, inspection.agency):
        raise ReformError("Chỉ đoàn kiểm tra tái kiểm tra.", "Only the inspection team re-inspects.", status=403)
    if inspection.done_at is None or inspection.reinspection_of_id is not None:
        raise ReformError("Chỉ tái kiểm tra một cuộc kiểm tra đã có kết luận.", "Only a concluded first inspection is re-inspected.", status=409)
    if not RemediationTask.objects.filter(finding__inspection=inspection).exclude(state=RemediationTask.State.CLOSED).exists():
        raise ReformError("Không còn nhiệm vụ khắc phục nào để tái kiểm tra.", "No open remediation task to re-inspect.", status=409)
    if inspection.reinspections.filter(done_at=None).exists():
        raise ReformError("Đã có cuộc tái kiểm tra chưa thực hiện.", "A re-inspection is already scheduled.", status=409)
    return Inspection.objects.create(plan=inspection.plan, agency=inspection.agency, mode=Inspection.Mode.DIRECT, scheduled_on=scheduled_on, reinspection_of=inspection)


@transaction.atomic
def record_inspection(*, actor, inspection, checklist: dict, conclusion: str, findings: list[dict]) -> list:
    """The visit's checklist (area → passed and note), its conclusion, and each finding with
    the remediation task it gives the unit (action and deadline)."""
    from .models import Finding, Inspection, RemediationTask

    inspection = Inspection.objects.select_for_update().select_related("plan__issuer", "agency").get(pk=inspection.pk)
    _inspector(actor, inspection)
    if inspection.reinspection_of_id is not None:
        raise ReformError("Cuộc tái kiểm tra chỉ xác nhận các nhiệm vụ khắc phục.", "A re-inspection only confirms remediation tasks.", status=409)
    if inspection.done_at is not None:
        raise ReformError("Cuộc kiểm tra đã có kết luận.", "The inspection is already concluded.", status=409)
    unknown = set(checklist) - AREAS
    if unknown:
        raise ReformError("Nội dung kiểm tra không có trong danh mục: " + ", ".join(sorted(unknown)), "Unknown checklist areas.")
    if not (conclusion or "").strip():
        raise ReformError("Cần ghi kết luận kiểm tra.", "A conclusion is required.")
    tasks = []
    for f in findings:
        if f.get("area") not in AREAS or f.get("severity") not in Finding.Severity.values or not str(f.get("description", "")).strip():
            raise ReformError("Mỗi tồn tại cần nội dung, mức độ và mô tả.", "Each finding needs an area, a severity and a description.")
        if not str(f.get("action") or "").strip() or not isinstance(f.get("due_on"), dt.date):
            raise ReformError("Mỗi tồn tại cần yêu cầu khắc phục và hạn.", "Each finding needs a remediation and a deadline.")
        if f["due_on"] <= timezone.localdate():
            raise ReformError("Hạn khắc phục phải sau hôm nay.", "The remediation deadline must be in the future.")
        evidence = list(f.get("evidence", []))[:20]
        if f.get("upload") is not None:
            row = store_evidence(actor=actor, agency=inspection.agency, upload=f["upload"])
            evidence.append({"kind": "file", "id": row.pk, "name": row.name})
        finding = Finding.objects.create(inspection=inspection, area=f["area"], severity=f["severity"], description=str(f["description"]).strip()[:5000], evidence=evidence)
        tasks.append(RemediationTask.objects.create(finding=finding, agency=inspection.agency, action=str(f["action"]).strip()[:1000], due_on=f["due_on"]))
    inspection.checklist = {k: {"passed": bool(v.get("passed")), "note": str(v.get("note", ""))[:500]} for k, v in checklist.items()}
    inspection.conclusion, inspection.done_at = conclusion.strip()[:10000], timezone.now()
    inspection.save()
    return tasks


@transaction.atomic
def report_remediation(*, actor, task, report: str, upload=None):
    """The unit reports what it fixed; the task stays open until a re-inspection confirms it."""
    from .models import RemediationTask

    task = RemediationTask.objects.select_for_update().select_related("agency").get(pk=task.pk)
    if not is_unit(actor, task.agency):
        raise ReformError("Chỉ đơn vị được kiểm tra báo cáo khắc phục.", "Only the inspected unit reports.", status=403)
    if task.state == RemediationTask.State.CLOSED or not (report or "").strip():
        raise ReformError("Cần nội dung báo cáo; nhiệm vụ đã đóng thì không báo cáo lại.", "A report is required on an open task.")
    task.state, task.report = RemediationTask.State.REPORTED, report.strip()[:5000]
    if upload is not None:
        row = store_evidence(actor=actor, agency=task.agency, upload=upload)
        task.report_evidence = [*task.report_evidence, {"kind": "file", "id": row.pk, "name": row.name}][:20]
    task.save(update_fields=["state", "report", "report_evidence"])
    return task


@transaction.atomic
def reinspect(*, actor, reinspection, results: dict[int, bool], conclusion: str = ""):
    """A re-inspection closes the tasks it finds fixed and reopens the others; nothing else
    closes a task. Every task of the inspection it re-inspects gets a verdict."""
    from .models import Inspection, RemediationTask

    reinspection = Inspection.objects.select_for_update().select_related("plan__issuer", "agency").get(pk=reinspection.pk)
    _inspector(actor, reinspection)
    if reinspection.reinspection_of_id is None:
        raise ReformError("Đây không phải cuộc tái kiểm tra.", "Not a re-inspection.")
    if reinspection.done_at is not None:
        raise ReformError("Cuộc tái kiểm tra đã có kết luận.", "The re-inspection is already concluded.", status=409)
    tasks = {t.pk: t for t in RemediationTask.objects.select_for_update().filter(finding__inspection=reinspection.reinspection_of).exclude(state=RemediationTask.State.CLOSED)}
    if set(results) - set(tasks):
        raise ReformError("Nhiệm vụ không thuộc cuộc kiểm tra được tái kiểm tra (hoặc đã đóng).", "Tasks of another inspection, or closed.")
    if set(tasks) - set(results):
        raise ReformError("Cần kết luận cho mọi nhiệm vụ khắc phục còn mở.", "Every open remediation task needs a verdict.")
    for pk, fixed in results.items():
        task = tasks[pk]
        task.state = RemediationTask.State.CLOSED if fixed else RemediationTask.State.OPEN
        task.closed_by = reinspection if fixed else None
        task.save(update_fields=["state", "closed_by"])
    reinspection.checklist = {"tasks": {str(pk): bool(v) for pk, v in results.items()}}
    reinspection.conclusion = (conclusion or "").strip()[:10000]
    reinspection.done_at = timezone.now()
    reinspection.save(update_fields=["checklist", "conclusion", "done_at"])
    return list(tasks.values())
