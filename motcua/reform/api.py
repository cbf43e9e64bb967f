"""Reform endpoints: the rankings of a year, and the frameworks and rounds (read-only)."""

from __future__ import annotations

from ninja import Query, Router, Schema
from pydantic import Field as PField

from motcua.accounts.api_auth import STAFF_AUTH
from motcua.core.api_errors import ApiError

from . import selectors
from .choices import Level
from .models import Framework, Round

router = Router(tags=["reform"], auth=STAFF_AUTH)


class RankingRow(Schema):
    unit: str
    name: str
    self_score: float
    appraised_score: float
    survey_score: float
    total: float
    max: float
    percent: float
    group: str
    rank: int


class RankingsOut(Schema):
    year: int
    level: str | None
    rows: list[RankingRow]


@router.get(
    "/reform/rankings",
    response=RankingsOut,
    summary="PAR index rankings of a year (equal totals share a rank)",
    description="Published rounds only, except for the appraisal council of a round of that year, which also sees the rounds in progress.",
)
def rankings(request, year: int = Query(..., ge=2000, le=2100), level: str = Query("", max_length=12)):
    if level and level not in Level.values:
        raise ApiError(422, "Cấp đánh giá không hợp lệ.", f"level must be one of {', '.join(Level.values)}.")
    council = selectors.runs_rounds_of(request.user, year, level or None)
    return {"year": year, "level": level or None, "rows": selectors.rankings(year, level or None, published_only=not council)}


class NodeOut(Schema):
    code: str
    kind: str
    name: str
    max_score: float
    rule: str
    source: str
    parent: str | None = None


class FrameworkOut(Schema):
    id: int
    year: int
    level: str
    name: str
    groups: list = PField(default_factory=list)
    nodes: list[NodeOut] = PField(default_factory=list)


@router.get("/reform/frameworks", response=list[FrameworkOut], summary="PAR index frameworks with their criteria")
def frameworks(request, year: int | None = Query(None, ge=2000, le=2100)):
    qs = Framework.objects.prefetch_related("nodes__parent").order_by("-year", "level")
    if year:
        qs = qs.filter(year=year)
    return [
        {
            "id": f.pk,
            "year": f.year,
            "level": f.level,
            "name": f.name,
            "groups": f.groups,
            "nodes": [
                {
                    "code": n.code,
                    "kind": n.kind,
                    "name": n.name,
                    "max_score": float(n.max_score),
                    "rule": n.rule,
                    "source": n.source,
                    "parent": n.parent.code if n.parent else None,
                }
                for n in f.nodes.all()
            ],
        }
        for f in qs[:50]
    ]


class RoundOut(Schema):
    id: int
    framework: int
    year: int
    deadline: str
    published: bool


@router.get("/reform/rounds", response=list[RoundOut], summary="PAR assessment rounds")
def rounds(request):
    return [
        {
            "id": r.pk,
            "framework": r.framework_id,
            "year": r.framework.year,
            "deadline": r.deadline.isoformat(),
            "published": r.published_at is not None,
        }
        for r in Round.objects.select_related("framework").order_by("-framework__year")[:100]
    ]
