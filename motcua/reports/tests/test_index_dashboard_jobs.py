"""The service index's formulas and points, targets and the dashboard, and the scheduled
sends: reports to leaders with their Excel, daily alerts, never twice."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from motcua.accounts.services import create_api_token
from motcua.dossiers import services as dossier_services
from motcua.jobs.services import schedule_periodic
from motcua.notifications.models import Message
from motcua.notifications.services import OUTBOX
from motcua.reports import dashboard, indicators, services, views
from motcua.reports.dashboard import dossiers_of, subtree
from motcua.reports.models import Formula, IndexIndicator, Subscription, Target

from .conftest import NOVEMBER, imported


def test_indicator_formulas_on_known_timelines(november):
    a = november["a_centre"]
    values = indicators.compute(dossiers_of(a), subtree(a), NOVEMBER)
    v, b = values.values, values.basis
    assert b["on_time_rate"] == (2, 3) and v["on_time_rate"] == Decimal("66.67")
    assert b["online_share"] == (1, 6) and b["postal_share"] == (1, 6)
    # Decision 766: finished or open in the period; early/on time or not yet due, at most one supplement.
    assert b["on_time_766"] == (3, 6)  # C, D, F (F has one supplement request: still counts)
    assert b["procedures_online"] == (1, 1) and b["procedures_online_used"] == (1, 1)
    assert b["satisfaction"] == (2, 3)  # B is late


def test_second_supplement_counts_late_for_the_index(env):
    a = env["a_centre"]
    imported(
        env,
        "S2",
        "2025-11-03 09:00",
        [
            {"action": "request_supplement", "at": "2025-11-03 10:00", "note": "1"},
            {"action": "supplement_received", "at": "2025-11-03 11:00"},
            {"action": "request_supplement", "at": "2025-11-03 14:00", "note": "2"},
            {"action": "supplement_received", "at": "2025-11-03 15:00"},
            {"action": "resolve", "at": "2025-11-04 09:00"},
        ],
    )
    values = indicators.compute(dossiers_of(a), subtree(a), NOVEMBER)
    assert values.basis["on_time_rate"] == (1, 1) and values.basis["on_time_766"] == (0, 1)


def test_points_are_linear_below_the_threshold_and_full_above():
    ind = IndexIndicator(max_points=Decimal(10), threshold=Decimal(50))
    assert indicators.points(Decimal(25), ind) == Decimal("5.00")
    assert indicators.points(Decimal(50), ind) == indicators.points(Decimal(90), ind) == Decimal(10)
    assert indicators.points(None, ind) == 0
    assert indicators.points(Decimal(100), IndexIndicator(max_points=Decimal(6), threshold=Decimal(0))) == 6


def test_service_index_totals_its_groups(november):
    a = november["a_centre"]
    lines, groups, score, maximum = indicators.service_index(indicators.compute(dossiers_of(a), subtree(a), NOVEMBER))
    assert maximum == sum(i.max_points for i in IndexIndicator.objects.filter(is_active=True)) and score == sum(groups.values())
    progress = next(line for line in lines if line.indicator.formula == "on_time_766")
    assert progress.points == Decimal("10.00")  # 50% of 20 points with a 100% threshold


def test_targets_are_set_by_leaders_only(env):
    leader, officer = env["staff"]["leader_a"], env["staff"]["processing_a"]
    target = services.set_target(actor=leader, agency=env["a"], year=2026, formula="on_time_rate", value="95")
    assert target.value == Decimal("95.00")
    with pytest.raises(services.ReportError):
        services.set_target(actor=officer, agency=env["a"], year=2026, formula="on_time_rate", value="50")
    with pytest.raises(services.ReportError):
        services.set_target(actor=leader, agency=env["a"], year=2026, formula="on_time_rate", value="120")
    assert Target.objects.get().value == Decimal("95.00")


def test_dashboard_shows_targets_lists_and_overruns(november, client):
    leader = november["staff"]["leader_a"]
    client.force_login(leader)
    r = client.post(reverse("reports:dashboard"), {"agency": november["a"].code, "year": 2025, "formula": "online_share", "value": "25"})
    assert r.status_code == 302 and Target.objects.filter(agency=november["a"], formula="online_share").exists()
    page = client.get(reverse("reports:dashboard"), {"agency": november["a"].code, "year": 2025})
    body = page.content.decode()
    assert page.status_code == 200 and "≥ 25,00%" in body and 'id="index-score"' in body and "<svg" in body
    assert ">E<" in body and ">J<" in body  # overdue dossiers of the unit (received at its centre? no: held by it)
    a, centre, b = november["a"], november["a_centre"], november["b"]
    assert f'<option value="{a.code}" selected>{a.name}</option>' in body and f'<option value="{centre.code}">' in body
    # An agency outside the leader's units is never shown: the first of theirs is.
    other = client.get(reverse("reports:dashboard"), {"agency": b.code, "year": 2025}).content.decode()
    assert f'value="{b.code}"' not in other and f'<option value="{a.code}" selected>' in other


def test_scheduled_report_goes_once_with_its_excel(november, settings):
    leader = november["staff"]["leader_a"]
    leader.email = "lanhdao@example.invalid"
    leader.save()
    Subscription.objects.create(user=leader, agency=november["a"], frequency="month")
    assert services.send_scheduled_reports(dt.date(2025, 12, 2)) == 0  # not the day after a month
    assert services.send_scheduled_reports(dt.date(2025, 12, 1)) == 1
    assert services.send_scheduled_reports(dt.date(2025, 12, 1)) == 0  # run again (restart): nothing twice
    message = Message.objects.get(template_key="report.scheduled")
    assert "01/11/2025 – 30/11/2025" in message.subject and message.attachment_name.endswith(".xlsx")
    assert OUTBOX.deliver(message.pk) == "sent"
    from django.core import mail

    assert mail.outbox[-1].attachments[0][0] == message.attachment_name


def test_daily_alerts_once_a_day_and_not_on_days_off(november):
    officer = november["staff"]["processing_a"]
    officer.email = "xuly@example.invalid"
    officer.save()
    d = dossier_services.perform("E", "assign", actor=november["staff"]["admin"], to_user=officer.pk)
    assert d.current_assignee == officer
    monday = dt.date(2026, 11, 23)
    assert services.send_daily_alerts(monday) >= 1
    services.send_daily_alerts(monday)
    alerts = Message.objects.filter(template_key="alert.daily", recipient="xuly@example.invalid")
    assert alerts.count() == 1 and "E" in alerts.get().body
    assert services.send_daily_alerts(dt.date(2026, 11, 22)) == 0  # a Sunday


def test_the_periodic_slots_survive_a_restart(db):
    import motcua.reports.tasks  # noqa: F401

    at = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)
    first = schedule_periodic(at)
    assert "motcua.reports.tasks.send_daily_alerts" in first
    assert "motcua.reports.tasks.send_daily_alerts" not in schedule_periodic(at)  # a second scheduler, or a restart


def test_the_service_index_api_gives_every_indicator_and_the_dashboards_numbers(november, client):
    a = november["a_centre"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {create_api_token(november['staff']['admin'])[1]}"}
    r = client.get("/api/v1/reports/service-index", {"agency": a.code, "start": "2025-11-01", "end": "2025-11-30"}, **auth)
    assert r.status_code == 200, r.content
    body = r.json()
    lines = {line["formula"]: line for line in body["indicators"]}
    # The known timelines (conftest): C, D and F of six count for Decision 766, 20 points at a 100% threshold.
    assert (lines["on_time_766"]["part"], lines["on_time_766"]["whole"], lines["on_time_766"]["points"]) == (3, 6, 10.0)
    assert lines["on_time_766"]["value"] == 50.0 and lines["on_time_766"]["threshold"] == 100.0
    assert (lines["online_share"]["part"], lines["online_share"]["whole"]) == (1, 6)
    assert body["total"] == round(sum(g["points"] for g in body["groups"]), 2)
    assert body["max_points"] == float(sum(i.max_points for i in IndexIndicator.objects.filter(is_active=True)))
    # The same numbers as the leaders' dashboard for the year.
    year = client.get("/api/v1/reports/service-index", {"agency": a.code, "year": 2025}, **auth).json()
    client.force_login(november["staff"]["admin"])
    page = client.get(reverse("reports:dashboard"), {"agency": a.code, "year": 2025}).content.decode()
    shown = page.split('id="index-score">', 1)[1].split("<", 1)[0]
    assert Decimal(shown.replace(",", ".")) == Decimal(str(year["total"]))  # shown with the Vietnamese decimal comma
    # Out of scope, a bad period: 4xx.
    officer = create_api_token(november["staff"]["processing_b"])[1]
    assert client.get("/api/v1/reports/service-index", {"agency": a.code}, HTTP_AUTHORIZATION=f"Bearer {officer}").status_code == 404
    assert client.get("/api/v1/reports/service-index", {"agency": a.code, "start": "2025-11-01"}, **auth).status_code == 422
    assert (
        client.get("/api/v1/reports/service-index", {"agency": a.code, "start": "2025-12-01", "end": "2025-11-01"}, **auth).status_code
        == 422
    )


def test_the_units_table_sums_each_sub_units_whole_subtree(november):
    # November's dossiers are received by xã A's service centre, one level below xã A, and one
    # by xã B's (conftest.november): each row of the province's table holds its commune's centre.
    rows = dashboard.units(november["province"], NOVEMBER)
    assert [unit.pk for unit, _ in rows] == [november["a"].pk, november["b"].pk]
    (_, a), (_, b) = rows
    assert a.basis[Formula.ON_TIME_RATE] == (2, 3)  # C early and D on time, of B, C and D resolved
    assert a.basis[Formula.ONLINE_SHARE] == (1, 6)  # C online, of the six received at the centre
    assert b.basis[Formula.ONLINE_SHARE] == (0, 1) and b.basis[Formula.ON_TIME_RATE] == (0, 0)
    assert dashboard.units(november["a_centre"], NOVEMBER) == []  # no sub-unit, no table


def test_the_units_table_pages_and_puts_the_lowest_rate_first(november, client, monkeypatch):
    """A page of sub-units at a time (the chart shows the same units); ordered by the tree, or
    by on-time rate, lowest first, with the units that have no rate last."""
    monkeypatch.setattr(views, "UNITS_PER_PAGE", 1)
    client.force_login(november["staff"]["admin"])
    url, params = reverse("reports:dashboard"), {"agency": november["province"].code, "year": 2025}
    row = '<td><a href="?agency={0.code}&amp;year=2025">{0.name}</a></td>'.format
    first = client.get(url, params).content.decode()
    assert row(november["a"]) in first and row(november["b"]) not in first and 'id="units-count">2<' in first
    second = client.get(url, {**params, "units_page": 2}).content.decode()
    assert row(november["b"]) in second and row(november["a"]) not in second and "Đơn vị 2–2 trên 2" in second
    assert "units_page=1#units-h" in second  # back to the first page, keeping the agency, year and order
    by_rate = dashboard.units(november["province"], NOVEMBER, order="rate")
    assert [(u.pk, v.values.get(Formula.ON_TIME_RATE)) for u, v in by_rate] == [
        (november["a"].pk, Decimal("66.67")),  # 2 of 3 on time
        (november["b"].pk, None),  # nothing resolved: no rate, last
    ]
