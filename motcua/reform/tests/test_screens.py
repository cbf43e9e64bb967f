"""Reform screens through the test client: the scorecard (evidence of every kind, refused
values and files, scoping), the council's appraisal (reasons, send-back, completion,
publication), who sees the ranking when, the council's independence, and the round opened
from the screen with its procedure criteria filled from the one-stop data."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from motcua.core.testing import sample_pdf, sample_png, step
from motcua.reform import selectors, services
from motcua.reform.models import Assessment, EvidenceFile, Framework, Node, Round, Score, ScoreEvent

PASSWORD = "Mật-khẩu-thử-123"  # noqa: S105


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def leaf(round_, code):
    return Node.objects.get(framework=round_.framework, code=code)


def fill(round_, assessment, actor, value_for=None):
    """Self-score every appraised sub-criterion that is not filled from the one-stop data."""
    for node in round_.framework.nodes.filter(kind="sub", source="appraised", prefill=""):
        value = (value_for or {}).get(node.code)
        if value is None:
            value = (
                True
                if node.rule == "yes_no"
                else 0
                if node.rule == "deduction"
                else float(node.max_score)
                if node.rule == "manual"
                else 100
            )
        services.save_leaf(actor=actor, assessment=assessment, node=node, value=value)


@pytest.fixture
def unit(env):
    return env["staff"]["leader_a"]


@pytest.fixture
def asm_a(commune_round, env):
    return commune_round.assessments.get(agency=env["a"])


def test_opening_a_round_from_the_screen_prefills_the_procedure_criteria(env, council, client, receive):
    from motcua.reform.demo import commune_rows

    framework = services.import_framework(
        actor=council, year=2031, level="commune", name="Bộ chỉ số 2031", groups=[["A", 90], ["B", 0]], rows=commune_rows()
    )
    login(client, council)
    r = client.post(
        "/reform/",
        {"form": "round", "framework": framework.pk, "organiser": env["province"].pk, "deadline": "2000-01-01", "reminder_days": "7, 3"},
    )
    assert r.status_code == 422 and not Round.objects.filter(framework=framework).exists()  # a deadline in the past
    deadline = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    r = client.post(
        "/reform/",
        {"form": "round", "framework": framework.pk, "organiser": env["province"].pk, "deadline": deadline, "reminder_days": "7, 3"},
    )
    rnd = Round.objects.get(framework=framework)
    assert r.status_code == 302 and rnd.reminder_days == [7, 3]
    assert sorted(rnd.assessments.values_list("agency__code", flat=True)) == sorted([env["a"].code, env["b"].code])
    prefilled = Score.objects.filter(assessment__round=rnd, node__prefill="on_time_rate")
    assert prefilled.count() == 2 and all(s.evidence[0]["kind"] == "one_stop" for s in prefilled)
    # The same framework cannot have a second round.
    r = client.post(
        "/reform/",
        {"form": "round", "framework": framework.pk, "organiser": env["province"].pk, "deadline": deadline, "reminder_days": "7"},
    )
    assert r.status_code == 422 and Round.objects.filter(framework=framework).count() == 1
    # A commune leader is not a council: no round opened, 403 from the service.
    login(client, env["staff"]["leader_a"])
    other = services.import_framework(
        actor=council, year=2032, level="commune", name="Bộ chỉ số 2032", groups=[["A", 0]], rows=commune_rows()
    )
    r = client.post(
        "/reform/", {"form": "round", "framework": other.pk, "organiser": env["a"].pk, "deadline": deadline, "reminder_days": "7"}
    )
    assert r.status_code in (403, 422) and not Round.objects.filter(framework=other).exists()


def test_the_scorecard_takes_values_and_evidence_of_every_kind(commune_round, asm_a, unit, client, env, receive):
    dossier = receive()
    elsewhere = receive(agency="b_centre")  # commune B's: not the unit's to cite
    login(client, unit)
    url = f"/reform/assessments/{asm_a.pk}/"
    plan = leaf(commune_round, "1.1.1")
    r = client.post(
        url,
        {
            "action": "score",
            "node": plan.pk,
            "value": "yes",
            "link": "https://example.invalid/ke-hoach-cchc",
            "document": "Kế hoạch số 12/KH-UBND ngày 10/01",
            "dossier": dossier.code,
            "file": SimpleUploadedFile("kế hoạch.pdf", sample_pdf("plan")),
        },
    )
    assert r.status_code == 302
    score = Score.objects.get(assessment=asm_a, node=plan)
    assert score.self_score == Decimal("1.00") and [e["kind"] for e in score.evidence] == ["link", "document", "dossier", "file"]
    stored = EvidenceFile.objects.get(pk=score.evidence[3]["id"])
    assert stored.agency == env["a"] and stored.name == "kế hoạch.pdf" and stored.content_type == "application/pdf"
    step("The evidence file is served to the unit, not to another commune's officer.")
    assert client.get(f"/reform/evidence/{stored.pk}/").status_code == 200
    page = client.get(url).content.decode()
    assert "Kế hoạch số 12/KH-UBND" in page and dossier.code in page
    step("Refused values and evidence change nothing and say why.")
    ratio = leaf(commune_round, "1.1.2")
    for data, message in (
        ({"value": "abc"}, "Giá trị phải là một số"),
        ({"value": "120"}, "Tỷ lệ không quá 100%"),
        ({"value": "90", "link": "javascript:alert(1)"}, "http"),
        ({"value": "90", "dossier": "KHONG-CO"}, "Không có hồ sơ mã"),
        ({"value": "90", "dossier": elsewhere.code}, "Không có hồ sơ mã"),
        ({"value": "90", "file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf")}, "Chỉ nhận tệp PDF, PNG hoặc JPEG"),
    ):
        r = client.post(url, {"action": "score", "node": ratio.pk, **data})
        assert r.status_code == 422 and message in r.content.decode()
    assert not Score.objects.filter(assessment=asm_a, node=ratio).exclude(self_score=None).exists()
    step("Removing a piece of evidence keeps the others and is on the trail.")
    client.post(url, {"action": "score", "node": plan.pk, "value": "yes", "remove": ["0"]})
    score.refresh_from_db()
    assert [e["kind"] for e in score.evidence] == ["document", "dossier", "file"]
    step("A criterion filled from the one-stop data takes evidence but no typed value.")
    on_time = leaf(commune_round, "3.2.1")
    before = Score.objects.get(assessment=asm_a, node=on_time).self_score
    client.post(url, {"action": "score", "node": on_time.pk, "value": "100", "document": "Báo cáo tháng 10"})
    s = Score.objects.get(assessment=asm_a, node=on_time)
    assert s.self_score == before and [e["kind"] for e in s.evidence] == ["one_stop", "document"]
    step("A photo is accepted as evidence too.")
    client.post(url, {"action": "score", "node": ratio.pk, "value": "87,5", "file": SimpleUploadedFile("anh.png", sample_png())})
    assert Score.objects.get(assessment=asm_a, node=ratio).self_score == Decimal("1.75")
    assert ScoreEvent.objects.filter(score__assessment=asm_a, action="evidence").exists()


def test_other_units_and_citizens_see_nothing(commune_round, asm_a, unit, client, env, make_user):
    services.save_leaf(
        actor=unit, assessment=asm_a, node=leaf(commune_round, "1.1.1"), value=True, upload=SimpleUploadedFile("a.pdf", sample_pdf())
    )
    file_id = EvidenceFile.objects.get().pk
    b_leader = make_user(env["b"], role="leader")
    login(client, b_leader)
    assert client.get(f"/reform/assessments/{asm_a.pk}/").status_code == 404
    assert client.get(f"/reform/evidence/{file_id}/").status_code == 404
    r = client.post(f"/reform/assessments/{asm_a.pk}/", {"action": "score", "node": leaf(commune_round, "1.1.1").pk, "value": "no"})
    assert r.status_code == 404 and Score.objects.get(assessment=asm_a, node__code="1.1.1").value is True
    assert client.get(f"/reform/rounds/{commune_round.pk}/").status_code == 302  # to its own assessment
    login(client, env["staff"]["processing_a"])  # an officer without a reform role
    assert client.get("/reform/").status_code == 403


def test_appraisal_on_the_scorecard_publication_and_who_sees_the_ranking(commune_round, asm_a, unit, council, client, env, make_user):
    url = f"/reform/assessments/{asm_a.pk}/"
    fill(commune_round, asm_a, unit)
    login(client, council)
    propaganda = leaf(commune_round, "1.4")
    assert client.post(url, {"action": "appraise", "node": propaganda.pk, "points": "1"}).status_code == 409  # not submitted
    login(client, unit)
    assert client.post(url, {"action": "submit"}).status_code == 302
    assert client.post(url, {"action": "score", "node": propaganda.pk, "value": "1"}).status_code == 409  # locked
    login(client, council)
    assert client.get("/reform/appraisal/").content.decode().count(env["a"].name) == 1
    r = client.post(url, {"action": "appraise", "node": propaganda.pk, "points": "1"})
    assert r.status_code == 422 and "lý do" in r.content.decode()
    assert client.post(url, {"action": "appraise", "node": propaganda.pk, "points": "9"}).status_code == 422  # above the maximum
    assert (
        client.post(
            url, {"action": "appraise", "node": propaganda.pk, "points": "1", "reason": "Chưa có chuyên mục tuyên truyền"}
        ).status_code
        == 302
    )
    plan = leaf(commune_round, "1.1.1")
    assert client.post(url, {"action": "send_back", "node": plan.pk, "reason": ""}).status_code == 422
    assert client.post(url, {"action": "send_back", "node": plan.pk, "reason": "Thiếu kế hoạch đã ký"}).status_code == 302
    r = client.post(url, {"action": "complete"})
    assert r.status_code == 409 and "1.1.1" in r.content.decode()  # waits for the evidence
    login(client, unit)
    assert (
        client.post(url, {"action": "score", "node": plan.pk, "value": "yes", "document": "Kế hoạch 12/KH-UBND (bản ký)"}).status_code
        == 302
    )
    login(client, council)
    for survey in ("8.1", "8.2"):
        assert client.post(url, {"action": "survey", "node": leaf(commune_round, survey).pk, "points": "7.5"}).status_code == 302
    assert client.post(url, {"action": "complete"}).status_code == 302
    asm_a.refresh_from_db()
    assert asm_a.state == "appraised"
    t = selectors.totals(asm_a)
    assert t.survey_score == Decimal("15.0") and t.appraised_score == t.self_score - 1  # 2 → 1 on 1.4
    accepted = ScoreEvent.objects.filter(score__assessment=asm_a, action="accept").count()
    assert accepted == commune_round.framework.nodes.filter(kind="sub", source="appraised").count() - 1
    step("Not published while B is a draft; B's draft is closed by the council only after the deadline.")
    rnd_url = f"/reform/rounds/{commune_round.pk}/"
    r = client.post(rnd_url, {"action": "publish"})
    assert r.status_code == 409 and env["b"].name in r.content.decode()
    asm_b = commune_round.assessments.get(agency=env["b"])
    assert client.post(rnd_url, {"action": "close", "assessment": asm_b.pk}).status_code == 403
    Round.objects.filter(pk=commune_round.pk).update(deadline=timezone.localdate() - dt.timedelta(days=1))
    assert client.post(rnd_url, {"action": "close", "assessment": asm_b.pk}).status_code == 302
    assert client.post(f"/reform/assessments/{asm_b.pk}/", {"action": "complete"}).status_code == 302
    step("The unit sees no ranking before publication; the council does.")
    year = commune_round.framework.year
    login(client, unit)
    assert env["a"].name not in client.get(f"/reform/rankings/?year={year}&level=commune").content.decode()
    login(client, council)
    assert env["a"].name in client.get(f"/reform/rankings/?year={year}&level=commune").content.decode()
    assert client.post(rnd_url, {"action": "publish"}).status_code == 302
    login(client, unit)
    page = client.get(f"/reform/rankings/?year={year}&level=commune").content.decode()
    rows = re.findall(r"<tr><td>(\d+)</td><td>([^<]+)</td>", page)
    assert [name for _rank, name in rows] == [env["a"].name, env["b"].name] and rows[0][0] == "1" and "<svg" in page
    card = client.get(f"/reform/assessments/{asm_a.pk}/?format=pdf")
    assert card.status_code == 200 and card.content.startswith(b"%PDF")
    history = client.get(f"/reform/assessments/{asm_a.pk}/").content.decode()
    assert f"<td>{year}</td>" in history and "1/2" in history
    xlsx = client.get(f"/reform/rankings/?year={year}&level=commune&export=xlsx")
    from io import BytesIO

    from openpyxl import load_workbook

    ws = load_workbook(BytesIO(xlsx.content)).active
    assert ws["C4"].value == env["a"].name and ws["A4"].value == 1 and ws["J4"].value == t.group
    pdf = client.get(f"/reform/rankings/?year={year}&level=commune&export=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_council_never_appraises_its_own_unit(env, commune_round, asm_a, unit, make_user):
    fill(commune_round, asm_a, unit)
    services.submit(actor=unit, assessment=asm_a)
    own_reform_officer = make_user(env["a"], role="reform")  # the commune's own reform officer
    outsider = make_user(env["b"], role="reform")  # another commune's: not over the organiser
    for actor in (own_reform_officer, outsider):
        with pytest.raises(services.ReformError) as refused:
            services.appraise(actor=actor, assessment=asm_a, node=leaf(commune_round, "1.4"), points=0, reason="x")
        assert refused.value.status == 403
    assert not Score.objects.filter(assessment=asm_a).exclude(appraised_score=None).exists()


def test_assessment_states_in_the_trail_are_consistent(commune_round, asm_a, unit):
    """Every self score on the card has its event, and the last event's value is the score."""
    fill(commune_round, asm_a, unit, {"1.1.2": 50, "1.2": 2})
    for s in Score.objects.filter(assessment=asm_a).exclude(self_score=None):
        last = ScoreEvent.objects.filter(score=s).exclude(action="evidence").last()
        assert last is not None and Decimal(last.after) == s.self_score
    assert Score.objects.get(assessment=asm_a, node__code="1.2").self_score == Decimal("1.00")  # 2 late reports × 0.5
    assert Assessment.objects.get(pk=asm_a.pk).state == "draft"


def test_a_commune_never_runs_a_round_or_an_inspection_over_its_peers(env, council, make_user):
    from motcua.reform.demo import commune_rows

    own = make_user(env["a"], role="reform")  # the commune's reform officer
    framework = services.import_framework(
        actor=council, year=2033, level="commune", name="Bộ chỉ số 2033", groups=[["A", 0]], rows=commune_rows()
    )
    deadline = timezone.localdate() + dt.timedelta(days=5)
    with pytest.raises(services.ReformError) as refused:
        services.open_round(actor=own, framework=framework, organiser=env["a"], deadline=deadline)
    assert refused.value.status == 403 and not Round.objects.filter(framework=framework).exists()
    with pytest.raises(services.ReformError):
        services.create_plan(actor=own, year=2033, title="Kế hoạch của xã", issuer=env["a"], team=[{"name": "A", "role": "B"}])
    with pytest.raises(services.ReformError) as refused:  # nor issues (or replaces) the index it is scored by
        services.import_framework(actor=own, year=2034, level="commune", name="Bộ chỉ số của xã", groups=[["A", 0]], rows=commune_rows())
    assert refused.value.status == 403 and not Framework.objects.filter(year=2034).exists()
    # The province's round assesses only the communes of its own province.
    rnd = services.open_round(actor=council, framework=framework, organiser=env["province"], deadline=deadline)
    assert set(rnd.assessments.values_list("agency", flat=True)) == {env["a"].pk, env["b"].pk}
