"""Reads of the reform domain: a unit's totals and the rankings of a year."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from motcua.accounts.choices import Role
from motcua.accounts.models import Membership
from motcua.accounts.selectors import in_scope, scoped_agencies

from . import scoring
from .choices import COUNCIL_ROLES
from .models import Assessment, EvidenceFile, Framework, Inspection, InspectionPlan, Node, RemediationTask, Round, Score, ScoreEvent

TWO = Decimal("0.01")


@dataclass
class Totals:
    self_score: Decimal
    appraised_score: Decimal
    survey_score: Decimal
    total: Decimal
    max: Decimal
    percent: Decimal
    group: str


def totals_of(assessments) -> dict[int, Totals]:
    """Totals of many assessments (by primary key) in two queries: each framework's leaves,
    and every score. Self-assessed and appraised points over the appraised criteria (the
    appraised score where the council gave one, else the self score), survey points, total,
    percentage, group."""
    assessments = list(assessments)
    frameworks = {a.round.framework_id: a.round.framework for a in assessments}
    leaves: dict[int, list[Node]] = {fw: [] for fw in frameworks}
    for node in Node.objects.filter(framework__in=frameworks, kind=Node.Kind.SUB):
        leaves[node.framework_id].append(node)
    scores: dict[int, dict[int, Score]] = {a.pk: {} for a in assessments}
    for row in Score.objects.filter(assessment__in=[a.pk for a in assessments]):
        scores[row.assessment_id][row.node_id] = row
    out = {}
    for a in assessments:
        framework, mine = frameworks[a.round.framework_id], scores[a.pk]
        maximum = sum((n.max_score for n in leaves[framework.pk]), Decimal(0))
        self_total = appraised = survey = Decimal(0)
        for node in leaves[framework.pk]:
            s = mine.get(node.pk)
            if s is None:
                continue
            if node.source == Node.Source.SURVEY:
                survey += s.appraised_score or 0
            else:
                self_total += s.self_score or 0
                appraised += s.appraised_score if s.appraised_score is not None else (s.self_score or 0)
        total = appraised + survey
        percent = (100 * total / maximum).quantize(TWO, ROUND_HALF_UP) if maximum else Decimal(0)
        groups = [(g[0], Decimal(str(g[1]))) for g in (framework.groups or [])]
        out[a.pk] = Totals(self_total, appraised, survey, total, maximum, percent, scoring.group_of(percent, groups))
    return out


def totals(assessment: Assessment) -> Totals:
    return totals_of([assessment])[assessment.pk]


def rankings(year: int, level: str | None = None, *, published_only: bool = False) -> list[dict]:
    """Every assessed unit of the year's rounds by total, equal totals sharing a rank."""
    frameworks = Framework.objects.filter(year=year)
    if level:
        frameworks = frameworks.filter(level=level)
    assessments = Assessment.objects.filter(round__framework__in=frameworks).select_related("agency", "round__framework")
    if published_only:
        assessments = assessments.filter(round__published_at__isnull=False)
    units = list(assessments)
    by_pk = totals_of(units)
    computed = {a.agency.code: (a, by_pk[a.pk]) for a in units}
    order = scoring.rank({code: t.total for code, (_, t) in computed.items()})
    rows = []
    for r in order:
        a, t = computed[r.key]
        rows.append(
            {
                "unit": r.key,
                "name": a.agency.name,
                "self_score": t.self_score,
                "appraised_score": t.appraised_score,
                "survey_score": t.survey_score,
                "total": t.total,
                "max": t.max,
                "percent": t.percent,
                "group": t.group,
                "rank": r.rank,
            }
        )
    return rows


def history(agency) -> list[dict]:
    """The unit's published results year by year: total, percent, group, rank among its peers."""
    out = []
    for a in (
        Assessment.objects.filter(agency=agency, round__published_at__isnull=False)
        .select_related("round__framework")
        .order_by("-round__framework__year")
    ):
        framework = a.round.framework
        ranking = rankings(framework.year, framework.level, published_only=True)
        row = next((r for r in ranking if r["unit"] == agency.code), None)
        if row is not None:
            out.append({"year": framework.year, "framework": framework, "of": len(ranking), **row})
    return out


def visible_rounds(user):
    """Rounds the user runs as council, or in which one of the user's units is assessed."""
    council = scoped_agencies(user, COUNCIL_ROLES)
    return (
        Round.objects.filter(Q(organiser__in=council) | Q(assessments__agency__in=unit_agency_ids(user)))
        .distinct()
        .select_related("framework", "organiser")
        .order_by("-framework__year", "framework__level")
    )


def tree(assessment: Assessment) -> list[dict]:
    """The framework's nodes in order, each with its depth and, for a sub-criterion, its score
    and the sums of the unit's and the council's points under each field and criterion."""
    nodes = list(assessment.round.framework.nodes.all().order_by("position", "code"))
    scores = {s.node_id: s for s in assessment.scores.all()}
    by_parent: dict[int | None, list[Node]] = {}
    for n in nodes:
        by_parent.setdefault(n.parent_id, []).append(n)
    out: list[dict] = []

    def walk(parent_id, depth):
        own = app = Decimal(0)
        for n in by_parent.get(parent_id, []):
            row = {
                "node": n,
                "depth": depth,
                "score": scores.get(n.pk),
                "hint": scoring.describe(n.rule, n.params, n.max_score) if n.kind == Node.Kind.SUB else "",
            }
            out.append(row)
            if n.kind == Node.Kind.SUB:
                s = row["score"]
                mine = (s.self_score or 0) if s else 0
                theirs = (
                    (s.appraised_score if s and s.appraised_score is not None else mine)
                    if n.source == Node.Source.APPRAISED
                    else ((s.appraised_score or 0) if s else 0)
                )
                row["self"], row["appraised"] = mine if n.source == Node.Source.APPRAISED else None, theirs
            else:
                row["self"], row["appraised"] = walk(n.pk, depth + 1)
            own += row["self"] or 0
            app += row["appraised"] or 0
        return own, app

    walk(None, 0)
    return out


SUB_UNIT_KINDS = ("service_centre", "division")


def unit_agency_ids(user) -> set[int]:
    """The assessed units the user belongs to (as leader, reform officer or administrator):
    the agencies of their memberships, and the parent of a service centre or division they
    belong to. Never an agency above them: the province's staff are not a commune."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = user.__dict__.setdefault("_motcua_reform_units", {})
    if "ids" not in cache:
        rows = Membership.objects.filter(user=user, is_active=True, role__in=(Role.LEADER, Role.REFORM, Role.ADMIN)).values_list(
            "agency_id", "agency__kind", "agency__parent_id"
        )
        ids = set()
        for agency_id, kind, parent_id in rows:
            ids.add(agency_id)
            if kind in SUB_UNIT_KINDS and parent_id:
                ids.add(parent_id)
        cache["ids"] = ids
    return cache["ids"]


def runs_rounds_of(user, year: int, level: str | None = None) -> bool:
    """Whether the user is on the council of a round of that year (and level): who may see a
    ranking before it is published."""
    if getattr(user, "is_superuser", False):
        return True
    rounds = Round.objects.filter(framework__year=year, organiser__in=scoped_agencies(user, COUNCIL_ROLES))
    return rounds.filter(framework__level=level).exists() if level else rounds.exists()


# --------------------------------------------------------------------------- what the screens read
def frameworks():
    return Framework.objects.all()


def framework_list():
    """Every framework with its number of rows, sub-criteria and rounds, newest first."""
    return Framework.objects.annotate(n=Count("nodes"), leaves=Count("nodes", filter=Q(nodes__kind="sub")), r=Count("rounds")).order_by(
        "-year", "level"
    )


def framework_nodes(framework: Framework) -> list[tuple[Node, int]]:
    """The framework's rows in order, each with its depth in the tree."""
    nodes = list(framework.nodes.order_by("position", "code"))
    depth: dict[int, int] = {}
    for n in nodes:
        depth[n.pk] = depth.get(n.parent_id, -1) + 1 if n.parent_id else 0
    return [(n, depth[n.pk]) for n in nodes]


def framework_groups(year: int, level: str) -> list[str]:
    """The groups of the year's framework of that level, best first."""
    framework = Framework.objects.filter(year=year, level=level).first()
    return [g[0] for g in sorted(framework.groups, key=lambda g: -float(g[1]))] if framework else []


def survey_nodes(round: Round) -> list[Node]:
    return list(round.framework.nodes.filter(kind=Node.Kind.SUB, source=Node.Source.SURVEY).order_by("position"))


def rounds():
    return Round.objects.select_related("framework", "organiser")


def round_assessments(round: Round) -> list[Assessment]:
    return list(round.assessments.select_related("agency", "round__framework").order_by("agency__name"))


def round_of_unit(round: Round, user) -> Assessment | None:
    """The user's own unit's assessment in the round, if any."""
    return round.assessments.filter(agency__in=unit_agency_ids(user)).first()


def is_published(year: int, level: str) -> bool:
    return Round.objects.filter(framework__year=year, framework__level=level, published_at__isnull=False).exists()


def latest_published_year() -> int | None:
    return Round.objects.filter(published_at__isnull=False).order_by("-framework__year").values_list("framework__year", flat=True).first()


def assessments():
    return Assessment.objects.select_related("round__framework", "round__organiser", "agency")


def units_assessments(user):
    """The assessments of the user's own units, newest year first."""
    return (
        Assessment.objects.filter(agency__in=unit_agency_ids(user))
        .select_related("round__framework", "agency")
        .order_by("-round__framework__year", "agency__name")[:50]
    )


def appraisal_queue(council):
    """Submitted self-assessments of the rounds the council runs, oldest first, with the scores
    sent back and adjusted."""
    return (
        Assessment.objects.filter(state=Assessment.State.SUBMITTED, round__organiser__in=council)
        .select_related("agency", "round__framework")
        .annotate(
            waiting=Count("scores", filter=Q(scores__sent_back=True)), adjusted=Count("scores", filter=~Q(scores__appraised_score=None))
        )
        .order_by("submitted_at")
    )


def rounds_with_progress(user):
    return visible_rounds(user).annotate(
        units=Count("assessments", distinct=True), submitted=Count("assessments", filter=~Q(assessments__state="draft"), distinct=True)
    )


def score_events(assessment: Assessment):
    return ScoreEvent.objects.filter(score__assessment=assessment).select_related("score__node", "actor").order_by("-at", "-id")[:30]


def node_of(assessment: Assessment, pk: int) -> Node | None:
    """A row of the assessment's own framework (None for any other)."""
    return Node.objects.filter(pk=pk, framework=assessment.round.framework_id).first()


def evidence_files():
    return EvidenceFile.objects.select_related("agency")


def may_see_evidence(user, row: EvidenceFile, council) -> bool:
    """An evidence file is seen by its unit, by the reform officers above it, and by the council
    of a round or the team of an inspection plan that assesses that unit (``council``: the
    agencies where the user sits on a council)."""
    return (
        row.agency_id in unit_agency_ids(user)
        or in_scope(user, row.agency, COUNCIL_ROLES)
        or Round.objects.filter(assessments__agency=row.agency, organiser__in=council).exists()
        or InspectionPlan.objects.filter(inspections__agency=row.agency, issuer__in=council).exists()
    )


def plans():
    return InspectionPlan.objects.select_related("issuer")


def plans_for(user, council):
    """The inspection plans the user's council issued or that visit the user's units."""
    units = unit_agency_ids(user)
    return (
        InspectionPlan.objects.filter(Q(issuer__in=council) | Q(inspections__agency__in=units))
        .distinct()
        .select_related("issuer")
        .order_by("-year")[:20]
    )


def plan_inspections(plan: InspectionPlan, user, council: bool):
    """The plan's visits (a unit sees only its own), with their number of findings."""
    visits = (
        plan.inspections.select_related("agency", "reinspection_of")
        .annotate(n_findings=Count("findings"))
        .order_by("reinspection_of_id", "scheduled_on", "agency__name")
    )
    return visits if council else visits.filter(agency__in=unit_agency_ids(user))


def inspections():
    return Inspection.objects.select_related("plan__issuer", "agency", "reinspection_of")


def tasks_of(inspection: Inspection):
    return RemediationTask.objects.filter(finding__inspection=inspection).select_related("finding", "closed_by").order_by("finding_id")


def visible_tasks(user, council):
    """The remediation tasks the user may see: the council's and team's all, a unit its own."""
    return RemediationTask.objects.filter(Q(finding__inspection__plan__issuer__in=council) | Q(agency__in=unit_agency_ids(user))).distinct()
