"""The report cells against the direct computation: random timelines, random periods, groupings
and moments (hypothesis), after a rebuild, after a bulk load and after a calendar change."""

import datetime as dt

import pytest
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.dossiers import services
from motcua.dossiers.models import Dossier, DossierFile
from motcua.integrations.models import OutboxMessage
from motcua.integrations.services import on_sent
from motcua.organisations.models import Agency
from motcua.portal.models import FeedbackCategory
from motcua.portal.services import file_feedback
from motcua.reports import settlement
from motcua.reports.facts import read, rebuild, store
from motcua.reports.facts.timeline import Inputs, contributions
from motcua.reports.models import DossierFact, FactsStaging, PendingFact, ReportCell
from motcua.reports.periods import Period, period_for

from .conftest import VN, imported

START = dt.datetime(2025, 9, 1, 7, 0, tzinfo=VN)
PLANS = [
    [],
    ["resolve"],
    ["resolve", "return_result"],
    ["resolve", "return_result", "rate"],
    ["request_supplement", "supplement_received", "resolve"],
    ["request_supplement", "supplement_received", "request_supplement"],
    ["request_supplement"],
    ["request_payment"],
    ["request_payment", "payment_received", "resolve", "return_result"],
    ["withdraw"],
    ["stop"],
    ["request_supplement", "stop"],
    ["request_supplement", "supplement_received", "request_supplement", "supplement_received", "resolve", "return_result"],
]
PARAMS: dict[str, dict] = {
    "stop": {"reason": "x"},
    "withdraw": {"reason": "x"},
    "request_payment": {"amount": 50_000},
    "rate": {"score": 2},
}

timelines = st.lists(
    st.tuples(
        st.integers(0, 100 * 24),  # hours after START the dossier is received
        st.sampled_from(PLANS),
        st.lists(st.integers(1, 12 * 24), min_size=6, max_size=6),  # hours between its events
        st.sampled_from(["counter", "online", "postal"]),
        st.sampled_from(["a_centre", "b_centre"]),
    ),
    min_size=1,
    max_size=6,
)
periods = st.one_of(
    st.builds(lambda m: period_for("month", year=2025, number=m), st.integers(8, 12)),
    st.builds(lambda n: period_for("week", year=2025, number=n), st.integers(35, 52)),
    st.builds(lambda q: period_for("quarter", year=2025, number=q), st.integers(3, 4)),
    st.builds(lambda c: period_for("half", year=2025, number=2, cutoff_day=c), st.sampled_from([0, 15])),
    st.builds(lambda c: period_for("year", year=2025, cutoff_day=c), st.sampled_from([0, 15])),
    st.builds(
        lambda a, n: Period(dt.date(2025, 8, 20) + dt.timedelta(days=a), dt.date(2025, 8, 20) + dt.timedelta(days=a + n)),
        st.integers(0, 150),
        st.integers(0, 120),
    ),
)


def _office_hour(at: dt.datetime) -> dt.datetime:
    """``at``, or the next 8 o'clock when it falls outside 8:00-17:00."""
    if at.hour < 8:
        return at.replace(hour=8)
    if at.hour >= 17:
        return (at + dt.timedelta(days=1)).replace(hour=8)
    return at


def _load(env, plans) -> dt.datetime:
    """The dossiers of ``plans``; the moment of the last event."""
    last = START
    for i, (offset, plan, gaps, channel, agency) in enumerate(plans):
        received = _office_hour(START + dt.timedelta(hours=offset))
        events, at = [], received
        for action, gap in zip(plan, gaps, strict=False):
            at = _office_hour(at + dt.timedelta(hours=gap))
            events.append({"action": action, "at": at.strftime("%Y-%m-%d %H:%M"), **PARAMS.get(action, {"note": "x"})})
        imported(env, f"P{i:03d}", received.strftime("%Y-%m-%d %H:%M"), events, channel=channel, agency=agency)
        last = max(last, at)
    return last


def _rows(rows):
    return [(r.key, r.name, r.counts) for r in rows]


def _scope(env, name, group_by):
    """The cells' scope and the same dossiers for the direct path: everything, or one commune's
    agencies along the grouping's agency (receiving for field and procedure), as the report
    screens scope them."""
    if name == "all":
        return read.Scope(), Dossier.objects.all()
    field = settlement.AGENCY_FIELD.get(group_by, "receiving_agency")
    agencies = Agency.objects.filter(path__startswith=env[name].path)
    return read.Scope(field.removesuffix("_agency"), agencies), Dossier.objects.filter(**{f"{field}__in": agencies})


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plans=timelines, data=st.data())
def test_the_cells_give_the_direct_figures(env, plans, data):
    """Any timelines, any period, grouping and scope, at any moment after the last event (some
    just before a due time): the cells kept by the actions give exactly the direct rows."""
    with transaction.atomic():
        last = _load(env, plans)
        dues = sorted(d for d in Dossier.objects.filter(due_at__gt=last).values_list("due_at", flat=True))
        moments = st.builds(lambda h: last + dt.timedelta(hours=h, minutes=1), st.integers(0, 150 * 24))
        if dues:
            before_due = st.builds(lambda d, m: max(last, d - dt.timedelta(minutes=m)), st.sampled_from(dues), st.integers(0, 900))
            moments = st.one_of(moments, before_due)
        for _ in range(data.draw(st.integers(1, 4))):
            period, group_by, scope_name = data.draw(
                st.tuples(periods, st.sampled_from(list(settlement.GROUPS)), st.sampled_from(["all", "a", "b"]))
            )
            now = data.draw(moments)
            scope, qs = _scope(env, scope_name, group_by)
            direct = settlement.compute(qs, period, group_by, now)
            assert _rows(read.compute(scope, period, group_by, now)) == _rows(direct), (period, group_by, scope_name, now)
            if scope.field == "receiving":
                assert _index_counts(scope, period, now) == _direct_index_counts(qs, period, now), (period, scope_name, now)
        transaction.set_rollback(True)


def _index_counts(scope, period, now):
    out = dict.fromkeys(read.INDEX_COUNTS, 0)
    for counts in read.sums(scope, period, "receiving", now).values():
        for name in out:
            out[name] += counts[name]
    return out


def _direct_index_counts(qs, period, now):
    """The service index's own counts over the dossier table (Decision 766: at most one
    supplement request; a poor rating or a complaint; results and returns in the period)."""
    f = settlement.filters(period, now)
    in_period = {"gte": period.opens, "lt": period.closes}
    cohort = settlement.annotate(qs.filter(settlement.relevant(period)), period)
    strict = (f["resolved_early"] | f["resolved_on_time"] | f["in_progress_not_due"]) & Q(supplement_count__lte=1)
    received = qs.filter(received_at__gte=period.opens, received_at__lt=period.closes)
    components = DossierFile.objects.filter(dossier=OuterRef("pk"), kind=DossierFile.Kind.COMPONENT)
    digital = received.aggregate(
        digitised=Count("pk", filter=Q(Exists(components))),
        reused=Count("pk", filter=Q(Exists(components.exclude(reused_from="")))),
        synced=Count("pk", filter=Q(Exists(Dossier.objects.filter(pk=OuterRef("pk"), outbox__target="portal", outbox__state="sent")))),
        vneid=Count("pk", filter=Q(channel="online", owner__applicant__oidc_subject__isnull=False)),
    )
    files = DossierFile.objects.filter(kind=DossierFile.Kind.COMPONENT, dossier__in=received.values("pk"))
    signed = DossierFile.objects.filter(dossier=OuterRef("pk"), kind=DossierFile.Kind.RESULT, signed_at__isnull=False)
    return {
        **digital,
        "component_files": files.count(),
        "files_from_store": files.exclude(reused_from="").count(),
        "electronic_results": qs.filter(resolved_at__gte=period.opens, resolved_at__lt=period.closes).filter(Exists(signed)).count(),
        "returned": qs.filter(returned_at__gte=in_period["gte"], returned_at__lt=in_period["lt"]).count(),
        "returned_postal": qs.filter(returned_at__gte=in_period["gte"], returned_at__lt=in_period["lt"], result_channel="postal").count(),
        "results": qs.filter(resolved_at__gte=in_period["gte"], resolved_at__lt=in_period["lt"]).count(),
        "resolved_negative": cohort.filter(f["resolved_total"] & (Q(rating__lte=2) | Q(feedback__isnull=False))).distinct().count(),
        "strict_on_time": cohort.filter(strict).count(),
    }


def _cells() -> set[tuple]:
    store.drain()
    keys = ("dim", "grain", "day", "receiving", "competent", "current", "procedure")
    measures = [f.name for f in ReportCell._meta.fields if f.name not in ("id", *keys)]
    return {tuple(row) for row in ReportCell.objects.exclude(**dict.fromkeys(measures, 0)).values_list(*keys, *measures)}


@pytest.mark.parametrize("copy_above", [400, 0])
def test_a_rebuild_gives_the_cells_the_actions_kept(env, monkeypatch, copy_above):
    """Also with every write through COPY (as a rebuild's big chunks on PostgreSQL)."""
    monkeypatch.setattr(store, "COPY_ABOVE", copy_above)
    _load(env, [(h * 7, plan, [30, 50, 70, 90, 20, 30], "counter", "a_centre") for h, plan in enumerate(PLANS)])
    kept = _cells()
    assert kept, "the actions keep cells"
    rebuild.rebuild(restart=True, size=3)
    assert _cells() == kept
    assert DossierFact.objects.count() == Dossier.objects.count()
    run = rebuild.rebuild()  # after a finished run: starts over, same result
    assert run.done == Dossier.objects.count() and _cells() == kept


def test_a_bulk_load_is_counted_after_a_rebuild_that_resumes(env):
    """Dossiers written without their actions (a bulk load) count once ``rebuild_report_facts``
    ran, also when it was interrupted and resumed."""
    _load(env, [(h * 5, plan, [40, 40, 40, 40, 40, 40], "online", "b_centre") for h, plan in enumerate(PLANS)])
    store.drain()
    DossierFact.objects.all().delete()
    ReportCell.objects.all().delete()
    september = period_for("month", year=2025, number=9)
    now = dt.datetime(2026, 1, 1, tzinfo=VN)
    direct = _rows(settlement.compute(Dossier.objects.all(), september, "agency", now))
    assert _rows(read.compute(read.Scope(), september, "agency", now)) != direct
    run = rebuild.start(restart=True)
    assert rebuild.step(run, 4) == 4  # interrupted after one chunk
    rebuild.rebuild(size=5)  # resumes
    assert _rows(read.compute(read.Scope(), september, "agency", now)) == direct
    assert direct[0][2]["received_online"] == len(PLANS)  # all received online in the first days of September


def test_actions_during_a_rebuild_count_once_it_ends(env):
    """Dossiers acted on while a rebuild runs, behind and ahead of the chunk it has reached:
    the applied marks change the cells at once, what the rebuild staged is added when it ends,
    and the figures come out as the direct computation and as a rebuild run alone."""
    dossiers = [imported(env, f"R{i}", f"2025-11-0{3 + i} 09:00") for i in range(6)]
    admin, at = env["staff"]["admin"], dt.datetime(2025, 11, 12, 10, 0, tzinfo=VN)
    run = rebuild.start(restart=True)
    assert rebuild.step(run, 3) == 3  # the first three staged, the cells still empty
    assert not ReportCell.objects.exists() and FactsStaging.objects.exists()
    for d in (dossiers[0], dossiers[5]):  # one behind the rebuild, one ahead of it
        services.perform(d, "resolve", actor=admin, at=at)
    assert store.drain() == 2
    rebuild.rebuild(size=3)  # resumes and ends
    assert not FactsStaging.objects.exists()
    november, now = period_for("month", year=2025, number=11), dt.datetime(2025, 12, 1, tzinfo=VN)
    figures = _rows(read.compute(read.Scope(), november, "agency", now))
    assert figures == _rows(settlement.compute(Dossier.objects.all(), november, "agency", now))
    assert figures[0][2]["received_total"] == 6 and figures[0][2]["resolved_total"] == 2
    kept = _cells()
    rebuild.rebuild(restart=True)
    assert _cells() == kept


def test_a_flow_and_a_snapshot_by_hand():
    """One dossier received on 3 November, due 6 November 17:00, paused on the 5th before its
    due time, resumed on the 10th and resolved on the 12th: what it adds, worked out by hand."""
    t = lambda s: dt.datetime.fromisoformat(s).replace(tzinfo=VN)  # noqa: E731
    f = Inputs(
        state="resolved",
        channel="online",
        received_at=t("2025-11-03 09:00"),
        resolved_at=t("2025-11-12 10:00"),
        due_at=t("2025-11-11 17:00"),
        pauses=(("request_supplement", t("2025-11-05 09:00")), ("supplement_received", t("2025-11-10 08:00"))),
        supplement_count=1,  # one request: still counted by Decision 766 as its time says
    )
    d = dt.date
    assert contributions(f) == {
        (d(2025, 11, 3), "received"): 1,
        (d(2025, 11, 3), "received_online"): 1,
        (d(2025, 11, 12), "resolved_total"): 1,
        (d(2025, 11, 12), "resolved_late"): 1,
        (d(2025, 11, 12), "results"): 1,
        # open from the midnight after reception to the midnight after the result
        (d(2025, 11, 4), "open"): 1,
        (d(2025, 11, 13), "open"): -1,
        # running and not due at the midnights of the 4th and 5th
        (d(2025, 11, 4), "running_not_due"): 1,
        (d(2025, 11, 6), "running_not_due"): -1,
        (d(2025, 11, 4), "strict_running_not_due"): 1,
        (d(2025, 11, 6), "strict_running_not_due"): -1,
        # paused in time at the midnights of the 6th to the 10th
        (d(2025, 11, 6), "paused"): 1,
        (d(2025, 11, 6), "held"): 1,
        (d(2025, 11, 6), "strict_held"): 1,
        (d(2025, 11, 11), "strict_held"): -1,
        (d(2025, 11, 11), "paused"): -1,
        (d(2025, 11, 11), "held"): -1,
        # running again: not due at the 11th's midnight, overdue at the 12th's
        (d(2025, 11, 11), "running_not_due"): 1,
        (d(2025, 11, 12), "running_not_due"): -1,
        (d(2025, 11, 11), "strict_running_not_due"): 1,
        (d(2025, 11, 12), "strict_running_not_due"): -1,
        (d(2025, 11, 12), "running_overdue"): 1,
        (d(2025, 11, 13), "running_overdue"): -1,
    }


def test_a_complaint_about_a_finished_dossier_counts_against_satisfaction(env, make_user):
    """A complaint filed on the portal after the result changes the service index's negative
    count at once (the portal refreshes the dossier's contribution), and nothing else."""

    d = imported(env, "K1", "2025-11-03 09:00", [{"action": "resolve", "at": "2025-11-05 10:00"}])
    citizen = make_user()
    Dossier.objects.filter(pk=d.pk).update(owner=citizen)
    FeedbackCategory.objects.get_or_create(code="thai-do", defaults={"name": "Thái độ phục vụ"})
    november, now = period_for("month", year=2025, number=11), dt.datetime(2026, 1, 5, tzinfo=VN)
    scope = read.Scope()
    before = _index_counts(scope, november, now)
    assert before["resolved_negative"] == 0 and before["strict_on_time"] == 1
    file_feedback(
        author=citizen,
        category_code="thai-do",
        name="Nguyễn Văn Thử",
        email="thu@example.invalid",
        phone="",
        title="Chờ lâu",
        content="Cán bộ hẹn lại nhiều lần.",
        dossier_ref=d.public_id,
    )
    after = _index_counts(scope, november, now)
    assert after == {**before, "resolved_negative": 1}
    assert after == _direct_index_counts(Dossier.objects.all(), november, now)


def test_an_action_marks_its_dossier_and_the_cells_follow_when_applied(env):
    """The action writes only its mark; the cells change when the marks are applied (the
    minute's job, or a report read on the primary), once however many actions marked it."""

    d = imported(env, "M1", "2025-11-03 09:00")
    store.drain()
    received = ReportCell.objects.filter(dim="r", grain="m", day=dt.date(2025, 11, 1)).values_list("received", "resolved_total")
    assert list(received) == [(1, 0)]
    admin = env["staff"]["admin"]
    services.perform(d, "resolve", actor=admin, at=dt.datetime(2025, 11, 5, 10, 0, tzinfo=VN))
    services.perform(d, "return_result", actor=admin, at=dt.datetime(2025, 11, 6, 10, 0, tzinfo=VN))
    assert list(PendingFact.objects.values_list("dossier_id", flat=True)) == [d.pk]
    assert list(received.all()) == [(1, 0)]  # not applied yet
    assert store.drain() == 1 and not PendingFact.objects.exists()
    assert list(received.all()) == [(1, 1)]
    assert store.drain() == 0


def test_a_message_delivered_to_the_national_portal_marks_its_dossier(env):
    """A dossier counts as synchronised from the moment its message is marked sent (the outbox
    tells the dossier app, which marks it for the cells), not only at its next event."""

    d = imported(env, "N1", "2025-11-03 09:00")
    november, now = period_for("month", year=2025, number=11), dt.datetime(2026, 1, 5, tzinfo=VN)
    assert _index_counts(read.Scope(), november, now)["synced"] == 0
    message = OutboxMessage.objects.create(key="n1", target="portal", kind="sync", dossier=d, state="sent")
    assert not PendingFact.objects.exists()
    on_sent(message, {})
    assert list(PendingFact.objects.values_list("dossier_id", flat=True)) == [d.pk]
    assert _index_counts(read.Scope(), november, now)["synced"] == 1


def test_days_without_an_end_are_read_from_the_fewer_cells():
    """From a day to every later day: the days to the end of its month when they are fewer,
    else its whole month less the days before it (worked out by hand)."""
    d = dt.date
    assert read.span(d(2025, 11, 1), None) == [("m", d(2025, 11, 1), None, 1)]
    assert read.span(d(2025, 11, 2), None) == [("m", d(2025, 11, 1), None, 1), ("d", d(2025, 11, 1), d(2025, 11, 1), -1)]
    assert read.span(d(2025, 11, 25), None) == [("d", d(2025, 11, 25), d(2025, 11, 30), 1), ("m", d(2025, 12, 1), None, 1)]
    assert read.span(d(2025, 11, 3), d(2025, 12, 31)) == [
        ("m", d(2025, 12, 1), d(2025, 12, 31), 1),
        ("d", d(2025, 11, 3), d(2025, 11, 30), 1),
    ]
