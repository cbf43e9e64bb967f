"""Reads of the reform domain: a unit's totals and the rankings of a year."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum

from . import scoring
from .models import Assessment, Framework, Node, Score

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


def totals(assessment: Assessment) -> Totals:
    """Self-assessed and appraised points over the appraised criteria (the appraised score
    where the council gave one, else the self score), survey points, total, percentage, group."""
    framework = assessment.round.framework
    leaves = Node.objects.filter(framework=framework, kind=Node.Kind.SUB)
    maximum = leaves.aggregate(m=Sum("max_score"))["m"] or Decimal(0)
    scores = {s.node_id: s for s in Score.objects.filter(assessment=assessment).select_related("node")}
    self_total = appraised = survey = Decimal(0)
    for node in leaves:
        s = scores.get(node.pk)
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
    return Totals(self_total, appraised, survey, total, maximum, percent, scoring.group_of(percent, groups))


def rankings(year: int, level: str | None = None) -> list[dict]:
    frameworks = Framework.objects.filter(year=year)
    if level:
        frameworks = frameworks.filter(level=level)
    assessments = list(Assessment.objects.filter(round__framework__in=frameworks).select_related("agency", "round__framework"))
    computed = {a.agency.code: (a, totals(a)) for a in assessments}
    order = scoring.rank({code: t.total for code, (_, t) in computed.items()})
    rows = []
    for r in order:
        a, t = computed[r.key]
        rows.append({"unit": r.key, "name": a.agency.name, "self_score": t.self_score, "appraised_score": t.appraised_score, "survey_score": t.survey_score,
                     "total": t.total, "max": t.max, "percent": t.percent, "group": t.group, "rank": r.rank})
    return rows
