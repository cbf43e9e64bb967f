"""PAR index: scoring rules on their boundaries, totals and ranking ties, criteria pre-filled
from the one-stop data (the same figures as the reports), the appraisal trail, scoping."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from motcua.core.models import AppendOnlyError
from motcua.core.testing import step
from motcua.reform import scoring, selectors, services
from motcua.reform.models import Assessment, Framework, Node, Round, ScoreEvent
from motcua.reports.dashboard import dossiers_of, subtree
from motcua.reports.indicators import compute
from motcua.reports.periods import Period
from motcua.reports.tests.conftest import imported


@pytest.mark.parametrize(("value", "points"), [(98, "10.00"), (97.99, "5.00"), (95, "5.00"), (94.99, "0"), (100, "10.00"), (0, "0")])
def test_bands_on_their_boundaries(value, points):
    assert scoring.score("bands", {"bands": [[98, 1], [95, 0.5]]}, 10, value) == Decimal(points)


def test_other_rules():
    assert scoring.score("yes_no", {}, 2, True) == 2 and scoring.score("yes_no", {}, 2, False) == 0
    assert scoring.score("ratio", {}, 4, 50) == Decimal("2.00") and scoring.score("ratio", {}, 4, 130) == 4
    assert (
        scoring.score("deduction", {"per_item": 0.5}, 2, 3) == Decimal("0.50") and scoring.score("deduction", {"per_item": 0.5}, 2, 9) == 0
    )
    assert scoring.score("manual", {}, 3, 2.25) == Decimal("2.25")
    with pytest.raises(scoring.RuleError):
        scoring.score("manual", {}, 3, 3.5)
    with pytest.raises(scoring.RuleError):
        scoring.score("deduction", {"per_item": 1}, 2, -1)


def test_ranking_ties_share_a_rank_and_groups():
    ranked = scoring.rank({"X": Decimal(90), "Y": Decimal(95), "Z": Decimal(90), "W": Decimal(80)})
    assert [(r.key, r.rank) for r in ranked] == [("Y", 1), ("X", 2), ("Z", 2), ("W", 4)]
    groups = [("A", Decimal(90)), ("B", Decimal(80)), ("C", Decimal(0))]
    assert [scoring.group_of(Decimal(p), groups) for p in ("90", "89.99", "80", "12")] == ["A", "B", "B", "C"]


@pytest.fixture
def par(env):
    fw = Framework.objects.create(year=2025, level="commune", name="Chỉ số CCHC cấp xã 2025", groups=[["A", 90], ["B", 80], ["C", 0]])
    field = Node.objects.create(framework=fw, kind="field", code="3", name="Cải cách TTHC", max_score=20)
    crit = Node.objects.create(framework=fw, kind="criterion", code="3.1", name="Kết quả giải quyết", max_score=16, parent=field)
    on_time = Node.objects.create(
        framework=fw,
        kind="sub",
        code="3.1.1",
        name="Tỷ lệ hồ sơ đúng hạn",
        max_score=10,
        parent=crit,
        rule="bands",
        params={"bands": [[98, 1], [95, 0.5]]},
        prefill="on_time_rate",
    )
    online = Node.objects.create(
        framework=fw,
        kind="sub",
        code="3.1.2",
        name="Tỷ lệ hồ sơ trực tuyến",
        max_score=6,
        parent=crit,
        rule="ratio",
        prefill="online_share",
    )
    posted = Node.objects.create(
        framework=fw, kind="sub", code="3.2", name="Niêm yết công khai TTHC", max_score=4, parent=field, rule="yes_no"
    )
    survey = Node.objects.create(framework=fw, kind="sub", code="8.1", name="Mức độ hài lòng (SIPAS)", max_score=10, source="survey")
    rnd = Round.objects.create(framework=fw, organiser=env["province"], deadline=dt.date(2026, 1, 15))
    a = Assessment.objects.create(round=rnd, agency=env["a_centre"])
    b = Assessment.objects.create(round=rnd, agency=env["b_centre"])
    return {**env, "fw": fw, "on_time": on_time, "online": online, "posted": posted, "survey": survey, "asm_a": a, "asm_b": b}


def test_prefilled_criteria_match_the_report_figures(par):
    imported(par, "P1", "2025-11-03 09:00", [{"action": "resolve", "at": "2025-11-05 10:00"}], channel="online")
    imported(par, "P2", "2025-11-03 09:00", [{"action": "resolve", "at": "2025-11-20 10:00"}])
    scores = {s.node.code: s for s in services.prefill(par["asm_a"])}
    centre = par["a_centre"]
    figures = compute(dossiers_of(centre), subtree(centre), Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31)))
    assert scores["3.1.1"].evidence[0]["part"] == figures.basis["on_time_rate"][0] == 1 and scores["3.1.1"].evidence[0]["whole"] == 2
    assert scores["3.1.1"].self_score == 0  # 50% on time: below every band
    assert scores["3.1.2"].self_score == Decimal("3.00")  # 50% online × 6 points
    assert ScoreEvent.objects.filter(action="prefill").count() == 2


def test_self_assessment_appraisal_trail_and_ranking(par):
    unit, council, other = par["staff"]["leader_a"], par["staff"]["admin"], par["staff"]["reception_b"]
    from motcua.accounts.choices import Role
    from motcua.accounts.services import add_membership

    add_membership(unit, par["a_centre"], Role.LEADER)
    a, b = par["asm_a"], par["asm_b"]
    with pytest.raises(services.ReformError) as refused:
        services.self_score(actor=unit, assessment=a, node=par["on_time"], value=100)  # filled from the one-stop data, not typed
    assert refused.value.status == 409
    step("A framework whose procedure criteria are declared by the unit (no one-stop figures):")
    Node.objects.filter(pk__in=[par["on_time"].pk, par["online"].pk]).update(prefill="")
    par["on_time"].refresh_from_db()
    par["online"].refresh_from_db()
    with pytest.raises(services.ReformError):
        services.self_score(actor=other, assessment=a, node=par["posted"], value=True)  # not their unit
    for node, value in ((par["on_time"], 98.5), (par["online"], 40), (par["posted"], True)):
        services.self_score(
            actor=unit, assessment=a, node=node, value=value, evidence=[{"kind": "link", "url": "https://example.invalid/qd-12"}]
        )
    with pytest.raises(services.ReformError):
        services.appraise(actor=council, assessment=a, node=par["posted"], points=2)  # not submitted yet
    services.submit(actor=unit, assessment=a)
    with pytest.raises(services.ReformError):
        services.self_score(actor=unit, assessment=a, node=par["posted"], value=False)  # locked after submission
    with pytest.raises(services.ReformError):
        services.appraise(actor=council, assessment=a, node=par["posted"], points=2)  # an adjustment needs a reason
    with pytest.raises(services.ReformError):
        services.appraise(actor=unit, assessment=a, node=par["posted"], points=2, reason="x")  # not the council
    services.appraise(actor=council, assessment=a, node=par["posted"], points=2, reason="Niêm yết chưa đủ 3 thủ tục")
    services.send_back(actor=council, assessment=a, node=par["online"], reason="Thiếu báo cáo số liệu")
    services.self_score(
        actor=unit, assessment=a, node=par["online"], value=50, evidence=[{"kind": "file", "name": "bao-cao.pdf"}]
    )  # allowed again
    services.enter_survey(actor=council, assessment=a, node=par["survey"], points=8)
    t = selectors.totals(a)
    assert (t.self_score, t.appraised_score, t.survey_score, t.total, t.max) == (
        Decimal("17.00"),
        Decimal("15.00"),
        Decimal(8),
        Decimal("23.00"),
        Decimal(30),
    )
    assert t.percent == Decimal("76.67") and t.group == "C"
    trail = list(
        ScoreEvent.objects.filter(score__assessment=a, score__node=par["posted"]).values_list("action", "before", "after", "reason")
    )
    assert trail[-1] == ("appraise", "", "2", "Niêm yết chưa đủ 3 thủ tục") and trail[0][0] == "self_score"
    with pytest.raises(AppendOnlyError):
        ScoreEvent.objects.first().delete()
    step("B: the same total as A → the same rank.")
    add_membership(unit, par["b_centre"], Role.LEADER)
    unit.__dict__.pop("_motcua_scope_paths", None)  # scopes are read once per request
    unit.__dict__.pop("_motcua_reform_units", None)
    for node, value in ((par["on_time"], 98.5), (par["online"], 50), (par["posted"], False)):
        services.self_score(actor=unit, assessment=b, node=node, value=value)
    services.submit(actor=unit, assessment=b)
    services.enter_survey(actor=council, assessment=b, node=par["survey"], points=10)
    rows = selectors.rankings(2025, "commune")
    assert sorted((r["unit"], r["rank"], r["total"]) for r in rows) == sorted(
        [(par["a_centre"].code, 1, Decimal("23.00")), (par["b_centre"].code, 1, Decimal("23.00"))]
    )


def test_rankings_api(par, client):
    from motcua.dossiers.tests.test_api import bearer

    services.enter_survey(actor=par["staff"]["admin"], assessment=par["asm_a"], node=par["survey"], points=9)
    r = client.get("/api/v1/reform/rankings", {"year": 2025, "level": "commune"}, **bearer(par["staff"]["admin"]))
    body = r.json()
    assert (
        r.status_code == 200
        and body["rows"][0]["unit"] == par["a_centre"].code
        and body["rows"][0]["rank"] == 1
        and body["rows"][0]["max"] == 30
    )
    assert body["rows"][1]["rank"] == 2 and body["rows"][1]["total"] == 0
    assert client.get("/api/v1/reform/rankings", {"year": 2025, "level": "planet"}, **bearer(par["staff"]["admin"])).status_code == 422
    # A unit's leader sees no ranking of a round still in progress, then the published one.
    leader = par["staff"]["leader_a"]
    assert client.get("/api/v1/reform/rankings", {"year": 2025}, **bearer(leader)).json()["rows"] == []
    Round.objects.filter(pk=par["asm_a"].round_id).update(published_at=timezone.now())
    assert len(client.get("/api/v1/reform/rankings", {"year": 2025}, **bearer(leader)).json()["rows"]) == 2
    frameworks = client.get("/api/v1/reform/frameworks", {"year": 2025}, **bearer(par["staff"]["admin"])).json()
    assert (
        frameworks[0]["nodes"][0]["code"] == "3" and client.get("/api/v1/reform/rounds", **bearer(par["staff"]["admin"])).status_code == 200
    )


def test_an_inspection_finding_its_remediation_and_the_reinspection(env):
    from motcua.reform.models import Inspection, InspectionPlan, RemediationTask

    council, unit = env["staff"]["admin"], env["staff"]["leader_a"]
    plan = InspectionPlan.objects.create(
        year=2026, title="Kế hoạch kiểm tra CCHC năm 2026", issuer=env["province"], team=[{"name": "Vũ Thị Lan", "role": "Trưởng đoàn"}]
    )
    visit = Inspection.objects.create(plan=plan, agency=env["a"], scheduled_on=dt.date(2026, 5, 12))
    with pytest.raises(services.ReformError):
        services.record_inspection(actor=unit, inspection=visit, checklist={}, conclusion="", findings=[])  # not the team
    with pytest.raises(services.ReformError):
        services.record_inspection(actor=council, inspection=visit, checklist={"unknown": True}, conclusion="", findings=[])
    [task] = services.record_inspection(
        actor=council,
        inspection=visit,
        checklist={"posting": {"passed": False, "note": "Thiếu 3 thủ tục"}, "iso": {"passed": True}},
        conclusion="Cơ bản thực hiện tốt",
        findings=[
            {
                "area": "posting",
                "severity": "minor",
                "description": "Niêm yết thiếu 3 thủ tục",
                "action": "Niêm yết bổ sung",
                "due_on": timezone.localdate() + dt.timedelta(days=30),
            }
        ],
    )
    assert task.state == "open" and task.agency == env["a"]
    services.report_remediation(actor=unit, task=task, report="Đã niêm yết bổ sung ngày 20/6")
    task.refresh_from_db()
    assert task.state == "reported"  # the unit's report does not close it
    again = Inspection.objects.create(plan=plan, agency=env["a"], reinspection_of=visit)
    services.reinspect(actor=council, reinspection=again, results={task.pk: False})
    task.refresh_from_db()
    assert task.state == "open" and task.closed_by is None  # reopened
    third = Inspection.objects.create(plan=plan, agency=env["a"], reinspection_of=visit)
    services.reinspect(actor=council, reinspection=third, results={task.pk: True})
    task.refresh_from_db()
    assert task.state == RemediationTask.State.CLOSED and task.closed_by == third
    with pytest.raises(services.ReformError):
        services.report_remediation(actor=unit, task=task, report="x")
