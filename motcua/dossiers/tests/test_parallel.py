"""Parallel route steps (docs/rules.md section 1.3): the steps of one parallel group open
together, each at its agency with its quota; each agency accepts and finishes its own; the
dossier moves on when the last is finished. Queues, permissions, the control sheet and the
step overruns follow the branches."""

import datetime as dt

import pytest
from django.utils import timezone

from motcua.accounts.services import create_api_token
from motcua.calendars.selectors import engine_for
from motcua.documents import rendering
from motcua.dossiers import selectors, services
from motcua.dossiers.errors import Conflict, Forbidden, Invalid
from motcua.dossiers.models import Dossier

pytestmark = pytest.mark.django_db


def _open_steps(d):
    return {(s.position, s.agency_id) for s in d.steps.filter(ended_at__isnull=True)}


def test_the_group_opens_together_at_both_departments(env, land, at_branches):
    d = at_branches()
    assert d.state == "processing" and d.branches_open == 2 and d.current_step == 3
    assert _open_steps(d) == {(3, land["land_dept"].pk), (4, land["finance"].pk)}
    quotas = {s.position: s.quota_minutes for s in d.steps.filter(ended_at__isnull=True)}
    assert quotas == {3: 8 * 60, 4: 4 * 60}  # each branch its own quota, from its route step
    # The commune that sent it keeps following it; nobody at the commune holds it as their work.
    assert d.current_agency_id == env["a"].pk and d.current_assignee_id is None
    forward = d.events.get(action="forward", to_step=3)
    assert {b["agency"] for b in forward.data["branches"]} == {land["land_dept"].code, land["finance"].code}


def test_queues_follow_the_branches(env, land, at_branches):
    d = at_branches()
    land_officer, finance_officer = land["staff"]["land_officer"], land["staff"]["finance_officer"]
    assert d.pk in {x.pk for x in selectors.queue(land_officer, "unit")}
    assert d.pk in {x.pk for x in selectors.queue(finance_officer, "unit")}
    assert selectors.queue_counts(finance_officer)["unit"] == 1
    # The commune's officer no longer has it waiting at the commune, and it is nobody's own work.
    assert d.pk not in {x.pk for x in selectors.queue(env["staff"]["processing_a"], "unit")}
    assert d.pk not in {x.pk for x in selectors.queue(env["staff"]["processing_a"], "mine")}
    services.perform(d, "branch_accept", actor=land_officer)
    assert d.pk in {x.pk for x in selectors.queue(land_officer, "mine")}
    assert d.pk not in {x.pk for x in selectors.queue(land_officer, "unit")}
    assert d.pk in {x.pk for x in selectors.queue(finance_officer, "unit")}  # the other branch waits still
    # Another commune's officer sees nothing of it.
    assert d.pk not in {x.pk for x in selectors.visible_dossiers(env["staff"]["processing_b"])}


def test_each_department_accepts_and_finishes_its_own_branch_then_the_dossier_moves_on(env, land, at_branches):
    start = timezone.now() - dt.timedelta(hours=3)
    d = at_branches(start)
    land_officer, finance_officer = land["staff"]["land_officer"], land["staff"]["finance_officer"]
    with pytest.raises(Conflict):  # not accepted yet
        services.perform(d, "branch_done", actor=land_officer, at=start + dt.timedelta(hours=1, minutes=5))
    with pytest.raises(Forbidden):  # the finance department's branch is not the land department's
        services.perform(d, "branch_accept", actor=land_officer, at=start + dt.timedelta(hours=1, minutes=5), step=4)
    d = services.perform(d, "branch_accept", actor=land_officer, at=start + dt.timedelta(hours=1, minutes=10))
    with pytest.raises(Conflict):  # twice
        services.perform(d, "branch_accept", actor=land_officer, at=start + dt.timedelta(hours=1, minutes=11), step=3)
    d = services.perform(d, "branch_accept", actor=finance_officer, at=start + dt.timedelta(hours=1, minutes=20))
    d = services.perform(
        d, "branch_done", actor=finance_officer, at=start + dt.timedelta(hours=1, minutes=40), result="Đã xác định nghĩa vụ tài chính"
    )
    # One branch left: the dossier waits at the group.
    assert d.branches_open == 1 and d.current_step == 3 and _open_steps(d) == {(3, land["land_dept"].pk)}
    d = services.perform(d, "branch_done", actor=land_officer, at=start + dt.timedelta(hours=2), result="Đã cập nhật")
    # Both done: on to the approval at the commune (route step 5), no branch open.
    assert d.branches_open == 0 and d.current_step == 5 and d.current_agency_id == env["a"].pk
    assert _open_steps(d) == {(5, env["a"].pk)}
    branches = {s.position: s for s in d.steps.filter(parallel_group=1)}
    assert {p: (s.status, s.assignee_id) for p, s in branches.items()} == {3: ("done", land_officer.pk), 4: ("done", finance_officer.pk)}
    assert all(s.used_minutes is not None and s.accepted_at is not None for s in branches.values())
    # Every line names the department its officer acted for.
    lines = [(e.action, e.agency_id) for e in d.events.filter(action__startswith="branch_").order_by("seq")]
    assert lines == [
        ("branch_accept", land["land_dept"].pk),
        ("branch_accept", land["finance"].pk),
        ("branch_done", land["finance"].pk),
        ("branch_done", land["land_dept"].pk),
    ]
    # Approval and the result go on as on any route.
    d = services.perform(d, "resolve", actor=env["staff"]["leader_a"], at=start + dt.timedelta(hours=2, minutes=30))
    assert d.state == "resolved"


def test_nothing_else_moves_the_dossier_while_branches_run(env, land, at_branches):
    d = at_branches()
    for action, actor, params in (
        ("forward", "processing_a", {}),
        ("resolve", "leader_a", {}),
        ("send_back", "processing_a", {"note": "Sai"}),
        ("assign", "leader_a", {"to_user": env["staff"]["processing_a"].pk}),
        ("transfer_out", "processing_a", {"to_agency": env["b"].code}),
    ):
        with pytest.raises(Conflict) as caught:
            services.perform(d, action, actor=env["staff"][actor], **params)
        assert "song song" in caught.value.message_vi, action
    assert Dossier.objects.get(pk=d.pk).version == d.version and d.branches_open == 2
    # No branch to act on outside a group.
    plain = services.receive_at_counter(
        actor=env["staff"]["reception_a"],
        procedure_code=env["code"],
        receiving_agency_code=env["a_centre"].code,
        applicant=services.Applicant(name="Trần Văn Cường", id_number="068085001111"),
    )
    plain = services.perform(plain, "forward", actor=env["staff"]["reception_a"])
    with pytest.raises((Conflict, Forbidden)):  # no parallel step: none to act on, and no agency of one to act for
        services.perform(plain, "branch_accept", actor=env["staff"]["admin"])


def test_bad_step_numbers_are_refused_and_change_nothing(env, land, at_branches):
    d = at_branches()
    admin = env["staff"]["admin"]  # over both departments: must say which step
    for step, error in ((None, Invalid), (9, Invalid), ("x", Invalid), (2, Invalid)):
        with pytest.raises(error):
            services.perform(d, "branch_accept", actor=admin, **({"step": step} if step is not None else {}))
    assert Dossier.objects.get(pk=d.pk).version == d.version
    assert not d.steps.filter(accepted_at__isnull=False).exists()


def test_a_supplement_during_branches_pauses_every_branch_and_stop_closes_them_all(env, land, at_branches):
    start = timezone.now() - dt.timedelta(days=1)
    d = at_branches(start)
    d = services.perform(
        d, "request_supplement", actor=env["staff"]["processing_a"], at=start + dt.timedelta(hours=2), note="Thiếu trích đo"
    )
    with pytest.raises(Conflict):  # the branches wait for the applicant too
        services.perform(d, "branch_accept", actor=land["staff"]["land_officer"], at=start + dt.timedelta(hours=3))
    d = services.perform(d, "stop", actor=env["staff"]["leader_a"], at=start + dt.timedelta(hours=4), reason="Có tranh chấp")
    assert d.state == "stopped" and d.branches_open == 0
    assert not d.steps.filter(ended_at__isnull=True).exists()
    assert set(d.steps.filter(parallel_group=1).values_list("status", flat=True)) == {"closed"}


def test_sending_back_to_a_parallel_group_opens_the_whole_group_again(env, land, at_branches):
    start = timezone.now() - dt.timedelta(hours=5)
    d = at_branches(start)
    for n, who in enumerate(("land_officer", "finance_officer")):
        d = services.perform(d, "branch_accept", actor=land["staff"][who], at=start + dt.timedelta(hours=1, minutes=10 + 20 * n))
        d = services.perform(d, "branch_done", actor=land["staff"][who], at=start + dt.timedelta(hours=1, minutes=20 + 20 * n))
    d = services.perform(
        d, "send_back", actor=env["staff"]["leader_a"], at=start + dt.timedelta(hours=2), note="Nghĩa vụ tài chính tính sai"
    )
    assert d.branches_open == 2 and _open_steps(d) == {(3, land["land_dept"].pk), (4, land["finance"].pk)}


def test_the_apology_proposal_counts_the_longest_open_branch_and_the_steps_after(env, land, at_branches):
    d = at_branches()
    engine = engine_for(d.competent_agency)
    now = timezone.now()
    # Left: the land branch's 8 h less what it has used, then approval (2 h) and return (2 h).
    used = selectors.working_minutes(engine, d.steps.get(position=3).started_at, now, [])
    left = max(8 * 60 - used, 0) + 2 * 60 + 2 * 60
    start = max(now, d.appointment)
    assert services.proposed_appointment(d, now) == engine.add_office_minutes(start, left)


def test_the_control_sheet_lists_each_branch(env, land, at_branches):
    d = at_branches()
    d = services.perform(d, "branch_accept", actor=land["staff"]["land_officer"])
    rows = rendering.handovers(d)
    receivers = [r["receiver_agency"] for r in rows]
    assert land["land_dept"].name in receivers and land["finance"].name in receivers
    accepted = next(r for r in rows if r["event"].action == "branch_accept")
    assert accepted["giver_agency"] == env["a"].name and accepted["receiver_agency"] == land["land_dept"].name


def test_the_api_runs_branch_actions_and_shows_the_branches(env, land, at_branches, client):
    d = at_branches()
    token = create_api_token(land["staff"]["finance_officer"])[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    r = client.post(f"/api/v1/dossiers/{d.code}/actions", {"action": "branch_accept", "step": 4}, content_type="application/json", **auth)
    assert r.status_code == 200, r.content
    r = client.post(f"/api/v1/dossiers/{d.code}/actions", {"action": "branch_done", "step": 3}, content_type="application/json", **auth)
    assert r.status_code == 403 and r.json()["message_en"]
    r = client.post(f"/api/v1/dossiers/{d.code}/actions", {"action": "forward"}, content_type="application/json", **auth)
    assert r.status_code in (403, 409)
    body = client.get(f"/api/v1/dossiers/{d.code}", **auth).json()
    branches = [s for s in body["steps"] if s["parallel_group"] == 1]
    assert {(s["position"], s["agency"], s["accepted_at"] is not None) for s in branches} == {
        (3, land["land_dept"].code, False),
        (4, land["finance"].code, True),
    }


def test_an_imported_timeline_replays_the_branches(env, land):
    received = timezone.now() - dt.timedelta(days=3)
    item = {
        "code": "CU-2025-0001",
        "procedure": land["code"],
        "receiving_agency": env["a_centre"].code,
        "applicant": services.Applicant(name="Lê Thị Dung", id_number="068190004321"),
        "received_at": received,
        "events": [
            {"action": "forward", "at": received + dt.timedelta(hours=1)},
            {"action": "forward", "at": received + dt.timedelta(hours=2)},
            {"action": "branch_accept", "at": received + dt.timedelta(hours=3), "step": 3},
            {"action": "branch_accept", "at": received + dt.timedelta(hours=3), "step": 4},
            {"action": "branch_done", "at": received + dt.timedelta(hours=5), "step": 4, "result": "Miễn tiền sử dụng đất"},
            {"action": "branch_done", "at": received + dt.timedelta(hours=6), "step": 3},
        ],
    }
    outcome = services.import_dossier(item, actor=env["staff"]["admin"])
    assert outcome.status == "created", outcome.message
    d = outcome.dossier
    assert d.current_step == 5 and d.branches_open == 0
    done = d.events.get(action="branch_done", data__step=4)
    assert done.data["result"] == "Miễn tiền sử dụng đất" and done.at == received + dt.timedelta(hours=5)
