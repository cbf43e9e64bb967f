"""The settlement report over dossiers with known timelines (built through the legacy import,
which replays every action at its time): every column, the invariants across consecutive
periods, drill-down lists equal to the counts, inter-agency dossiers counted once."""

import datetime as dt
import random

import pytest

from motcua.reports import selectors, settlement
from motcua.reports.periods import Period, PeriodError, period_for

from .conftest import DECEMBER, EXPECTED_NOVEMBER_A, NOVEMBER, VN, imported


def report(user, period, **kw):
    rows, total = selectors.settlement_report(user, selectors.Query(period, **kw))
    return {r.key: r for r in rows}, total


def test_every_column_of_a_month(november):
    rows, total = report(november["staff"]["admin"], NOVEMBER)
    a = rows[november["a_centre"].code]
    assert a.counts == EXPECTED_NOVEMBER_A
    assert a.on_time_rate == 66.67
    assert rows[november["b_centre"].code].counts["received_total"] == 1
    assert total.counts["received_total"] == 9 and total.counts["in_progress_total"] == 4


def test_the_next_period_carries_over_what_was_open(november):
    nov, _ = report(november["staff"]["admin"], NOVEMBER)
    dec, _ = report(november["staff"]["admin"], DECEMBER)
    code = november["a_centre"].code
    assert dec[code].counts["carried_over"] == nov[code].counts["in_progress_total"] == 3
    assert dec[code].counts["resolved_late"] == 1  # J, due 04/11, resolved 02/12
    assert dec[code].counts["in_progress_total"] == 2  # E and F (still paused)


def test_drill_down_lists_are_the_counted_dossiers(november):
    user = november["staff"]["admin"]
    q = selectors.Query(NOVEMBER)
    key = november["a_centre"].code
    expected = {
        "carried_over": {"B", "J"},
        "resolved_late": {"B"},
        "resolved_early": {"C"},
        "resolved_on_time": {"D"},
        "in_progress_overdue": {"E", "J"},
        "paused": {"F"},
        "withdrawn": {"G"},
        "stopped": {"H"},
        "received_postal": {"E"},
    }
    for column, codes in expected.items():
        assert {d.code for d in selectors.drill_down(user, q, column, key)} == codes, column
    refused = list(selectors.drill_down(user, q, "refused", key))
    assert len(refused) == 1 and refused[0].code is None
    for column in (*settlement.COLUMNS, *settlement.COMPOSITES):  # the total's figure, read without its rows, is its list's length
        assert selectors.figure(user, q, column) == selectors.drill_down(user, q, column).count(), column
    assert selectors.figure(user, q, "received_postal", key) == 1


def test_a_resolved_figure_lists_the_latest_results_first(env):
    """Resolved columns from the latest result back, withdrawn ones from the latest closing, the
    others from the latest reception."""
    imported(env, "R1", "2025-11-03 09:00", [{"action": "resolve", "at": "2025-11-20 10:00"}])
    imported(env, "R2", "2025-11-04 09:00", [{"action": "resolve", "at": "2025-11-06 10:00"}])
    user, q = env["staff"]["admin"], selectors.Query(NOVEMBER)
    assert [d.code for d in selectors.drill_down(user, q, "resolved_total")] == ["R1", "R2"]
    assert [d.code for d in selectors.drill_down(user, q, "received_total")] == ["R2", "R1"]
    imported(env, "W1", "2025-11-03 09:00", [{"action": "withdraw", "at": "2025-11-25 10:00", "reason": "x"}])
    imported(env, "W2", "2025-11-10 09:00", [{"action": "withdraw", "at": "2025-11-12 10:00", "reason": "x"}])
    assert [d.code for d in selectors.drill_down(user, q, "withdrawn")] == ["W1", "W2"]  # the latest withdrawal first


def test_a_folded_figure_lists_results_and_closings_by_their_own_moment(env):
    """The official layout's "on time" holds results on their due day, withdrawals and stops: one
    list from the latest of either back, whatever the reception order."""
    imported(env, "T1", "2025-11-03 09:00", [{"action": "resolve", "at": "2025-11-06 15:00"}])  # due 06/11: on time
    imported(env, "W1", "2025-11-18 09:00", [{"action": "withdraw", "at": "2025-11-24 10:00", "reason": "x"}])
    imported(env, "S1", "2025-11-05 09:00", [{"action": "stop", "at": "2025-11-21 10:00", "reason": "x"}])
    imported(env, "L1", "2025-11-04 09:00", [{"action": "resolve", "at": "2025-11-27 10:00"}])  # due 07/11: late
    user, q = env["staff"]["admin"], selectors.Query(NOVEMBER)
    assert [d.code for d in selectors.drill_page(user, q, "official_on_time").object_list] == ["W1", "S1", "T1"]
    assert [d.code for d in selectors.drill_page(user, q, "official_resolved").object_list] == ["L1", "W1", "S1", "T1"]
    assert selectors.drill_page(user, q, "official_on_time").paginator.count == 3


def test_scope_limits_the_report(november):
    rows, total = report(november["staff"]["reception_b"], NOVEMBER)
    assert set(rows) == {november["b_centre"].code} and total.counts["received_total"] == 1


def test_inter_agency_dossier_is_counted_once_in_its_receiving_agency(env):
    d = imported(
        env,
        "L",
        "2025-11-03 09:00",
        [
            {"action": "transfer_out", "at": "2025-11-03 10:00", "to_agency": env["b"].code},
            {"action": "transfer_accept", "at": "2025-11-03 14:00"},
            {"action": "transfer_in", "at": "2025-11-04 10:00"},
            {"action": "resolve", "at": "2025-11-05 10:00"},
        ],
    )
    assert d.events.filter(action="transfer_out").exists()
    rows, total = report(env["staff"]["admin"], NOVEMBER)
    assert total.counts["received_total"] == 1 and rows[env["a_centre"].code].counts["resolved_early"] == 1
    by_competent, _ = report(env["staff"]["admin"], NOVEMBER, group_by="competent")
    assert {k: r.counts["received_total"] for k, r in by_competent.items()} == {env["a"].code: 1}


def test_group_by_field_and_procedure(november):
    by_field, total = report(november["staff"]["admin"], NOVEMBER, group_by="field")
    assert list(by_field) == ["HT"] and by_field["HT"].counts == total.counts
    by_procedure, _ = report(november["staff"]["admin"], NOVEMBER, group_by="procedure")
    assert by_procedure[november["code"]].counts["resolved_total"] == 3


def test_historical_agencies_roll_into_their_successor(november):
    from motcua.organisations.models import Agency

    Agency.objects.filter(pk=november["b_centre"].pk).update(successor=november["a_centre"], valid_to=dt.date(2025, 12, 31))
    rows, _ = report(november["staff"]["admin"], NOVEMBER, rollup=True)
    assert set(rows) == {november["a_centre"].code} and rows[november["a_centre"].code].counts["received_total"] == 9
    drilled = selectors.drill_down(
        november["staff"]["admin"], selectors.Query(NOVEMBER, rollup=True), "received_total", november["a_centre"].code
    )
    assert drilled.count() == 9


def test_random_timelines_keep_every_invariant_across_consecutive_months(env):
    """Seeded random timelines: each row of three consecutive months satisfies the invariants,
    each period carries over the previous one's open dossiers, every figure drills down to as
    many dossiers."""
    rng = random.Random(20251101)
    start = dt.datetime(2025, 9, 1, 8, 0, tzinfo=VN)
    for i in range(40):
        received = start + dt.timedelta(days=rng.randint(0, 80), hours=rng.randint(0, 8))
        events, at = [], received
        for action in rng.choice(
            [
                [],
                ["resolve"],
                ["resolve", "return_result"],
                ["request_supplement", "supplement_received", "resolve"],
                ["request_supplement"],
                ["request_payment"],
                ["withdraw"],
                ["stop"],
                ["request_supplement", "stop"],
            ]
        ):
            at += dt.timedelta(days=rng.randint(0, 9), hours=rng.randint(1, 5))
            params = {"stop": {"reason": "x"}, "withdraw": {"reason": "x"}, "request_payment": {"amount": 50_000}}.get(
                action, {"note": "x"}
            )
            events.append({"action": action, "at": at.strftime("%Y-%m-%d %H:%M"), **params})
        imported(
            env,
            f"R{i:03d}",
            received.strftime("%Y-%m-%d %H:%M"),
            events,
            channel=rng.choice(["counter", "online", "postal"]),
            agency=rng.choice(["a_centre", "b_centre"]),
        )
    user = env["staff"]["admin"]
    months = [period_for("month", year=2025, number=m) for m in (9, 10, 11, 12)]
    previous = None
    for period in months:
        rows, total = report(user, period)
        for row in [*rows.values(), total]:
            c = row.counts
            assert c["received_total"] == c["received_online"] + c["received_counter"] + c["received_postal"] + c["carried_over"]
            assert c["resolved_total"] == c["resolved_early"] + c["resolved_on_time"] + c["resolved_late"]
            assert c["in_progress_total"] == c["in_progress_not_due"] + c["in_progress_overdue"]
            assert c["received_total"] == c["resolved_total"] + c["withdrawn"] + c["stopped"] + c["in_progress_total"]
            assert c["paused"] <= c["in_progress_total"]
        if previous is not None:
            for key in set(rows) | set(previous):
                before = previous[key].counts["in_progress_total"] if key in previous else 0
                after = rows[key].counts["carried_over"] if key in rows else 0
                assert after == before, (period, key)
        for key, row in rows.items():
            for column in settlement.COLUMNS:
                assert selectors.drill_down(user, selectors.Query(period), column, key).count() == row.counts[column], (period, key, column)
        previous = rows


def test_periods_and_the_cut_off_convention():
    assert period_for("quarter", year=2026, number=1) == Period(dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert period_for("half", year=2026, number=2) == Period(dt.date(2026, 7, 1), dt.date(2026, 12, 31))
    assert period_for("month", year=2026, number=2) == Period(dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert period_for("week", year=2026, number=1) == Period(dt.date(2025, 12, 29), dt.date(2026, 1, 4))
    # From the 15th of the month before to the 14th of the period's last month.
    assert period_for("month", year=2026, number=1, cutoff_day=15) == Period(dt.date(2025, 12, 15), dt.date(2026, 1, 14))
    assert period_for("year", year=2026, cutoff_day=15) == Period(dt.date(2025, 12, 15), dt.date(2026, 12, 14))
    assert period_for("quarter", year=2026, number=2, cutoff_day=15) == Period(dt.date(2026, 3, 15), dt.date(2026, 6, 14))
    with pytest.raises(PeriodError):
        Period(dt.date(2026, 2, 1), dt.date(2026, 1, 1))
    with pytest.raises(PeriodError):
        period_for("month", year=2026, number=13)


def test_api_contract(november, client):
    from motcua.dossiers.tests.test_api import bearer

    auth = bearer(november["staff"]["admin"])
    r = client.get("/api/v1/reports/settlement", {"start": "2025-11-01", "end": "2025-11-30", "group_by": "agency"}, **auth)
    assert r.status_code == 200
    body = r.json()
    a = next(row for row in body["rows"] if row["key"] == november["a_centre"].code)
    assert {k: a[k] for k in EXPECTED_NOVEMBER_A} == EXPECTED_NOVEMBER_A and a["on_time_rate"] == pytest.approx(2 / 3) and a["name"]
    assert body["totals"]["received_total"] == 9
    r = client.get("/api/v1/reports/settlement", {"start": "2025-11-01", "end": "2025-11-30", "agency": november["b_centre"].code}, **auth)
    assert [row["key"] for row in r.json()["rows"]] == [november["b_centre"].code]
    bad = client.get("/api/v1/reports/settlement", {"start": "2025-12-01", "end": "2025-11-30"}, **auth)
    assert bad.status_code == 422 and bad.json()["message_en"]
    assert (
        client.get("/api/v1/reports/settlement", {"start": "2025-11-01", "end": "2025-11-30", "group_by": "x"}, **auth).status_code == 422
    )
    assert client.get("/api/v1/reports/settlement", {"start": "2025-11-01", "end": "2025-11-30"}).status_code == 401


def test_the_official_folded_columns_drill_down_too(november):
    user, key = november["staff"]["admin"], november["a_centre"].code
    q = selectors.Query(NOVEMBER)
    assert {d.code for d in selectors.drill_down(user, q, "official_on_time", key)} == {"D", "G", "H"}
    assert {d.code for d in selectors.drill_down(user, q, "official_resolved", key)} == {"B", "C", "D", "G", "H"}
    assert selectors.drill_down(user, q, "received_counter_postal", key).count() == 5
