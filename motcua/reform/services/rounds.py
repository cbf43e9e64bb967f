"""Assessment rounds: opened for the assessed units of a level, appraised, published; survey results imported."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from motcua.organisations.choices import AgencyKind, AgencyLevel
from motcua.organisations.models import Agency

from ..models import Assessment, Framework, Node, Round
from .assessment import enter_survey, prefill
from .permissions import ReformError, _council_of, _leaf, _log, is_council


# --------------------------------------------------------------------------- rounds
def _province_root(agency) -> str:
    """The materialised path of the top of the agency's tree (its province, or the centre)."""
    head = agency.path.strip("/").split("/")[0]
    return f"/{head}/"


def _check_organiser(agency) -> None:
    """Rounds and inspection plans are run from the province (or the centre), never by a unit
    over its peers."""
    if agency is None or agency.level not in (AgencyLevel.PROVINCE, AgencyLevel.CENTRAL):
        raise ReformError(
            "Cơ quan tổ chức đánh giá, kiểm tra phải là cơ quan cấp tỉnh trở lên.",
            "The organiser must be a provincial or central agency.",
            status=403,
        )


def assessed_units(level: str, within=None):
    """The units a framework of ``level`` assesses (within the organiser's province): the
    communes' people's committees, or the departments (ministry and province frameworks are
    for the national index)."""
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
        raise ReformError(
            "Chỉ cán bộ cải cách hành chính của cơ quan tổ chức mở đợt đánh giá.",
            "Only the organiser's reform officers open a round.",
            status=403,
        )
    if Round.objects.filter(framework=framework).exists():
        raise ReformError("Bộ chỉ số này đã có đợt đánh giá.", "This framework already has a round.", status=409)
    if not framework.nodes.filter(kind=Node.Kind.SUB).exists():
        raise ReformError("Bộ chỉ số chưa có tiêu chí thành phần nào.", "The framework has no sub-criteria.")
    rnd = Round.objects.create(
        framework=framework,
        organiser=organiser,
        deadline=deadline,
        reminder_days=sorted({int(d) for d in reminder_days if 0 < int(d) <= 60}, reverse=True),
    )
    framework.published = True
    framework.save(update_fields=["published"])
    for agency in units if units is not None else assessed_units(framework.level, within=organiser):
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
        raise ReformError(
            "Còn tiêu chí chờ đơn vị bổ sung minh chứng: " + ", ".join(waiting), "Some criteria wait for more evidence.", status=409
        )
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
            errors.append(
                f"Dòng {line}: "
                + ("không có đơn vị " + str(unit)[:20] if assessment is None else "không có tiêu chí điều tra " + str(code)[:20])
            )
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
