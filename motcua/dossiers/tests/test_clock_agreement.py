"""The same dossier is on time, nearly due, overdue or paused in the same way on every screen at
the same moment: the officer's queues and their counts, the leaders' dashboard, the daily
alert, the settlement report of a period that has not ended, public statistics and the API.

The expected classes are written here from the rules (docs/rules.md section 5.3), not read
from ``dossiers.clock``."""

import datetime as dt

import pytest
from django.utils import timezone

from motcua.accounts.services import create_api_token
from motcua.calendars.selectors import engine_for
from motcua.core.testing import step
from motcua.dossiers import effects, selectors, services
from motcua.dossiers.models import Dossier
from motcua.notifications.models import Message
from motcua.reports import dashboard
from motcua.reports import selectors as report_selectors
from motcua.reports import services as report_services
from motcua.reports.periods import Period

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(env, land, receive, at_branches):
    """One dossier per class, all in commune A and assigned to its processing officer, but one
    that waits at two departments' parallel steps."""
    staff = env["staff"]
    admin, officer = staff["admin"], staff["processing_a"]
    now = timezone.now()
    long_ago, recently = now - dt.timedelta(days=30), now - dt.timedelta(hours=2)

    def make(at):
        d = receive(at=at)
        return services.perform(d, "assign", actor=admin, at=at + dt.timedelta(minutes=1), to_user=officer.pk)

    out = {
        "overdue": make(long_ago),  # three working days ran out weeks ago
        "not_due": make(now - dt.timedelta(minutes=5)),
        "nearly_due": make(long_ago),
    }
    threshold = engine_for(None).add_office_minutes(now, 8 * 60)  # NEARLY_DUE_WORKING_HOURS
    Dossier.objects.filter(pk=out["nearly_due"].pk).update(due_at=threshold - dt.timedelta(minutes=30))
    effects.changed([out["nearly_due"].pk])  # a write that bypassed the actions: the report figures follow it
    # A supplement requested while time was left: paused, its due time will move.
    paused = make(recently)
    out["paused_in_time"] = services.perform(
        paused, "request_supplement", actor=admin, at=recently + dt.timedelta(minutes=30), note="Thiếu tờ khai"
    )
    # A supplement requested after the due time: the clock had run out, it stays overdue.
    late = make(long_ago)
    out["paused_late"] = services.perform(late, "request_supplement", actor=admin, at=recently, note="Thiếu tờ khai")
    done_late = make(long_ago)
    out["finished_late"] = services.perform(done_late, "resolve", actor=admin, at=recently)
    gone = make(long_ago)
    out["withdrawn"] = services.perform(gone, "withdraw", actor=admin, at=recently, reason="Không cần nữa")
    # At two departments' parallel steps since long ago: overdue at the commune that sent it and
    # at each department.
    out["parallel_overdue"] = at_branches(long_ago)
    # Handed to the land department (inter-agency) and accepted there: overdue at the partner.
    lent = services.perform(
        make(long_ago), "transfer_out", actor=officer, at=long_ago + dt.timedelta(hours=1), to_agency=land["land_dept"].code
    )
    out["at_partner"] = services.perform(lent, "transfer_accept", actor=land["staff"]["land_officer"], at=long_ago + dt.timedelta(hours=2))
    for key, d in out.items():
        out[key] = Dossier.objects.get(pk=d.pk)
    return out


EXPECTED = {
    "overdue": "overdue",
    "not_due": "not_due",
    "nearly_due": "nearly_due",
    "paused_in_time": "paused",
    "paused_late": "overdue",
    "finished_late": "late",
    "withdrawn": None,
    "parallel_overdue": "overdue",
    "at_partner": "overdue",
}


def _codes(cases, *names):
    return {cases[n].code for n in names}


def test_every_screen_classifies_each_dossier_the_same_way(env, land, cases, client):
    overdue, nearly = _codes(cases, "overdue", "paused_late", "parallel_overdue"), _codes(cases, "nearly_due")
    officer, leader = env["staff"]["processing_a"], env["staff"]["leader_a"]

    step("The officer's queues and their counts.")
    counts = selectors.queue_counts(officer)
    assert {d.code for d in selectors.queue(officer, "overdue")} == overdue and counts["overdue"] == 3
    assert {d.code for d in selectors.queue(officer, "nearly_due")} == nearly and counts["nearly_due"] == 1
    assert {d.code for d in selectors.queue(officer, "paused")} == _codes(cases, "paused_in_time", "paused_late")

    step("The leaders' dashboard.")
    near_list, overdue_list = dashboard.open_lists(env["a"])
    assert {d.code for d in overdue_list} == overdue and {d.code for d in near_list} == nearly

    step("The daily alert to the unit's leader.")
    type(leader).objects.filter(pk=leader.pk).update(email="lanhdao.a@example.invalid")
    working_day = engine_for(None).calendar.next_working_on_or_after(timezone.localdate())
    report_services.send_daily_alerts(working_day)
    alert = Message.objects.get(recipient="lanhdao.a@example.invalid", template_key="alert.daily")
    listed = {code for code in (d.code for d in cases.values()) if code in alert.body}
    assert listed == overdue | nearly

    step(
        "Each department at a parallel step (and the land department holding the inter-agency dossier): its queue and count, its "
        "dashboard, its leader's alert."
    )
    held = {"land": _codes(cases, "parallel_overdue", "at_partner"), "finance": _codes(cases, "parallel_overdue")}
    for dept, who in ((land["land_dept"], "land"), (land["finance"], "finance")):
        dept_officer, dept_leader = land["staff"][f"{who}_officer"], land["staff"][f"{who}_leader"]
        assert {d.code for d in selectors.queue(dept_officer, "overdue")} == held[who]
        assert selectors.queue_counts(dept_officer)["overdue"] == len(held[who])
        assert {d.code for d in dashboard.open_lists(dept)[1]} == held[who]
        type(dept_leader).objects.filter(pk=dept_leader.pk).update(email=f"lanhdao.{who}@example.invalid")
    report_services.send_daily_alerts(working_day)
    for who in ("land", "finance"):
        body = Message.objects.get(recipient=f"lanhdao.{who}@example.invalid", template_key="alert.daily").body
        assert {code for code in (d.code for d in cases.values()) if code in body} == held[who]

    step("The settlement report of a period that has not ended, and public statistics.")
    period = Period(timezone.localdate() - dt.timedelta(days=60), timezone.localdate() + dt.timedelta(days=1))
    rows, total = report_selectors.settlement_report(env["staff"]["admin"], report_selectors.Query(period))
    c = total.counts
    assert (
        c["in_progress_overdue"] == 4 and c["in_progress_not_due"] == 3
    )  # the partner's dossier is the commune's in the report and c["resolved_late"] == 1 and c["withdrawn"] == 1
    overdue_drill = report_selectors.drill_down(env["staff"]["admin"], report_selectors.Query(period), "in_progress_overdue")
    assert {d.code for d in overdue_drill} == overdue | _codes(cases, "at_partner")
    _rows, public = report_selectors.public_statistics(period)
    assert public.counts["in_progress_overdue"] == 4

    step("The API.")
    token = create_api_token(env["staff"]["admin"])[1]
    for name, d in cases.items():
        body = client.get(f"/api/v1/dossiers/{d.code}", HTTP_AUTHORIZATION=f"Bearer {token}").json()
        assert body["time_class"] == EXPECTED[name], name


def test_a_report_for_a_period_not_ended_classifies_at_the_request_and_says_so(env, receive, client):
    """Classified at the period's future end, a dossier received today and due in three days
    was counted overdue; it is not due now, and the heading says up to when it counts."""
    receive()
    client.force_login(env["staff"]["admin"])
    today = timezone.localdate()
    page = client.get(
        "/reports/",
        {
            "kind": "custom",
            "start": today.isoformat(),
            "end": (today + dt.timedelta(days=40)).isoformat(),
            "group_by": "agency",
            "layout": "extended",
        },
    )
    body = page.content.decode()
    assert page.status_code == 200 and "số liệu đến" in body
    period = Period(today, today + dt.timedelta(days=40))
    _rows, total = report_selectors.settlement_report(env["staff"]["admin"], report_selectors.Query(period))
    assert total.counts["in_progress_not_due"] == 1 and total.counts["in_progress_overdue"] == 0
