"""Every action from every state through the services, due times, pauses, apologies,
inter-agency transfers, import, events, the calendar hook."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from conftest import at
from motcua.calendars.selectors import engine_for
from motcua.core.models import AppendOnlyError
from motcua.dossiers import machine, services
from motcua.dossiers.choices import State
from motcua.dossiers.errors import Conflict, Forbidden, Invalid
from motcua.dossiers.models import Dossier, DossierEvent

from .fixtures import APPLICANT


def drive(env, receive, state: str) -> Dossier:
    """A dossier in ``state``, built through actions only."""
    admin = env["staff"]["admin"]
    p = lambda d, action, **kw: services.perform(d, action, actor=admin, **kw)  # noqa: E731
    if state in (State.SUBMITTED, State.GUIDED, State.REFUSED):
        d = services.submit(
            actor=None, procedure_code=env["code"], receiving_agency_code=env["a_centre"].code, applicant=APPLICANT, channel="online"
        )
        if state == State.GUIDED:
            d = p(d, "guide", note="Thiếu giấy chứng sinh")
        if state == State.REFUSED:
            d = p(d, "refuse", reason="Không thuộc thẩm quyền")
        return d
    d = receive()
    if state == State.RECEIVED:
        return d
    if state == State.WITHDRAWN:
        return p(d, "withdraw", reason="Người nộp rút")
    d = p(d, "forward")
    extra: dict[str, tuple[str, dict]] = {
        State.SUPPLEMENT_REQUESTED: ("request_supplement", {"note": "Bổ sung bản sao"}),
        State.AWAITING_PAYMENT: ("request_payment", {"amount": 50000}),
        State.STOPPED: ("stop", {"reason": "Có tranh chấp"}),
        State.RESOLVED: ("resolve", {}),
    }
    if state in extra:
        action, kw = extra[state]
        d = p(d, action, **kw)
    if state == State.RETURNED:
        d = p(p(d, "resolve"), "return_result", channel="counter")
    return d


def params(env, action):
    return {
        "guide": {"note": "Thiếu tờ khai"},
        "refuse": {"reason": "Không đủ điều kiện"},
        "assign": {"to_user": env["staff"]["processing_a"].pk},
        "send_back": {"note": "Cần xem lại"},
        "transfer_out": {"to_agency": env["province"].code},
        "request_supplement": {"note": "Bổ sung"},
        "transfer_recall": {"reason": "Gửi nhầm"},
        "request_payment": {"amount": 100000},
        "stop": {"reason": "Dừng"},
        "withdraw": {"reason": "Rút"},
        "apologize": {
            "reason": "Chậm do xác minh",
            "new_appointment": engine_for(None).add_office_minutes(timezone.now() + dt.timedelta(days=30), 60),
        },
        "return_result": {"channel": "postal"},
        "rate": {"score": 4, "criteria": {"attitude": 5}},
    }.get(action, {})


# What the law allows from each state, written by hand from the rules (docs/rules.md sections 1-2),
# never read from the code it checks: a declaration that allows more, or less, fails here.
S = State
_IN_PROCESSING = {"request_supplement", "request_payment", "stop", "withdraw", "apologize", "resolve"}
LEGAL: dict[str, set[str]] = {
    S.SUBMITTED: {"receive", "guide", "refuse", "withdraw"},
    S.GUIDED: {"receive", "guide", "refuse", "resubmit", "withdraw"},
    S.RECEIVED: {"assign", "forward", "transfer_out"} | _IN_PROCESSING,
    S.PROCESSING: {
        "assign",
        "forward",
        "send_back",
        "transfer_out",
        "transfer_accept",
        "transfer_recall",
        "transfer_in",
        "branch_accept",
        "branch_done",
    }
    | _IN_PROCESSING,
    S.SUPPLEMENT_REQUESTED: {"supplement_received", "stop", "withdraw", "apologize"},  # no result while the clock waits for the applicant
    S.AWAITING_PAYMENT: {"payment_received", "stop", "withdraw", "apologize"},
    S.REFUSED: set(),
    S.WITHDRAWN: set(),
    S.STOPPED: set(),
    S.RESOLVED: {"return_result"},  # withdrawal only before the result
    S.RETURNED: {"rate"},
}
# What each legal action leads to (None: the state stays).
LEADS_TO = {
    "receive": S.RECEIVED,
    "guide": S.GUIDED,
    "refuse": S.REFUSED,
    "resubmit": S.SUBMITTED,
    "assign": S.PROCESSING,
    "forward": S.PROCESSING,
    "send_back": S.PROCESSING,
    "transfer_out": S.PROCESSING,
    "transfer_accept": S.PROCESSING,
    "transfer_recall": S.PROCESSING,
    "transfer_in": S.PROCESSING,
    "branch_accept": S.PROCESSING,
    "branch_done": S.PROCESSING,
    "request_supplement": S.SUPPLEMENT_REQUESTED,
    "supplement_received": S.PROCESSING,
    "request_payment": S.AWAITING_PAYMENT,
    "payment_received": S.PROCESSING,
    "stop": S.STOPPED,
    "withdraw": S.WITHDRAWN,
    "apologize": None,
    "resolve": S.RESOLVED,
    "return_result": S.RETURNED,
    "rate": None,
}
# Legal from the state but refused by a precondition of the dossier itself.
PRECONDITIONS = {
    (State.RECEIVED, "send_back"),
    (State.PROCESSING, "transfer_in"),
    (State.PROCESSING, "transfer_accept"),
    (State.PROCESSING, "transfer_recall"),
    (State.PROCESSING, "branch_accept"),
    (State.PROCESSING, "branch_done"),
}


def test_the_state_table_is_the_legal_table():
    assert {state: set(machine.allowed_actions(state)) for state in State.values} == LEGAL
    assert {action: t.target for action, t in machine.TRANSITIONS.items() if action != "submit"} == LEADS_TO


@pytest.mark.parametrize("state", State.values)
def test_every_action_from_every_state(env, receive, state):
    d = drive(env, receive, state)
    assert d.state == state and d.national_status == machine.NATIONAL_CODE[state]
    for action in machine.ACTIONS:
        if action == "submit":
            continue
        with transaction.atomic():
            events = d.events.count()
            allowed = action in LEGAL[state] and (state, action) not in PRECONDITIONS
            if allowed:
                after = services.perform(d, action, actor=env["staff"]["admin"], **params(env, action))
                expected = LEADS_TO[action] or state
                assert after.state == expected, action
                assert after.national_status == machine.NATIONAL_CODE[expected]
                assert after.events.count() == events + 1
                last = after.events.order_by("-seq").first()
                assert (last.action, last.from_state, last.to_state) == (action, state, expected)
            else:
                # Not legal from this state: a conflict. Legal but without its precondition (no
                # partner agency to recall from): refused too, as a conflict or for want of an agency to act in.
                refused = (Conflict, Forbidden) if (state, action) in PRECONDITIONS else Conflict
                with pytest.raises(refused):
                    services.perform(d, action, actor=env["staff"]["admin"], **params(env, action))
                assert Dossier.objects.get(pk=d.pk).state == state and d.events.count() == events
            transaction.set_rollback(True)


def test_reception_gives_code_secret_and_due_time(env, receive):
    d = receive(at=at("2026-02-13 10:00"))
    assert d.code == f"{env['a_centre'].code}-260213-0001"
    assert len(d.lookup_secret) == 8 and d.lookup_secret not in d.code
    assert d.due_at == at("2026-02-25 17:00")  # 3 working days over Tết (docs/rules.md section 5.2; the Tết 2026 example)
    assert d.national_status == 2 and d.procedure_version_id == env["version"].pk
    second = receive(at=at("2026-02-13 10:05"))
    assert second.code.endswith("-260213-0002")
    other_day = receive(at=at("2026-02-23 08:00"))
    assert other_day.code.endswith("-260223-0001")
    other_agency = receive(at=at("2026-02-13 10:06"), agency="b_centre")
    assert other_agency.code == f"{env['b_centre'].code}-260213-0001"


def test_a_supplement_request_pauses_the_clock(env, receive):
    admin = env["staff"]["admin"]
    d = receive(at=at("2026-03-02 08:00"))  # Monday; due Thursday 05/03 17:00
    assert d.due_at == at("2026-03-05 17:00")
    d = services.perform(d, "forward", actor=admin, at=at("2026-03-02 09:00"))
    d = services.perform(d, "request_supplement", actor=admin, at=at("2026-03-03 08:00"), note="Thiếu bản sao")
    d = services.perform(d, "supplement_received", actor=admin, at=at("2026-03-05 08:00"))
    # paused two full working days (Tue 08:00 -> Thu 08:00): due moves to Monday 09/03 17:00
    assert d.due_at == at("2026-03-09 17:00")
    assert d.original_due_at == at("2026-03-05 17:00")
    assert d.supplement_count == 1


def test_apology_keeps_the_original_due_time_and_only_before_it(env, receive):
    admin = env["staff"]["admin"]
    d = receive(at=at("2026-03-02 08:00"))
    d = services.perform(d, "forward", actor=admin, at=at("2026-03-02 09:00"))
    new = at("2026-03-12 17:00")
    d = services.perform(d, "apologize", actor=admin, at=at("2026-03-05 16:00"), reason="Cần xác minh", new_appointment=new)
    assert d.due_at == at("2026-03-05 17:00") and d.appointment_at == new and d.appointment == new
    d = services.perform(d, "resolve", actor=admin, at=at("2026-03-10 10:00"))
    assert d.events.get(action="resolve").data["classification"] == "late"
    late = receive(at=at("2026-03-02 08:00"))
    with pytest.raises(Conflict):
        services.perform(late, "apologize", actor=admin, at=at("2026-03-06 08:00"), reason="Quá hạn", new_appointment=new)


@pytest.mark.parametrize(
    "new,why",
    [
        ("2026-03-14 09:00", "Thứ Bảy"),  # a Saturday
        ("2026-04-30 09:00", "30/4"),  # a holiday
        ("2026-03-12 12:00", "ngoài giờ làm việc"),  # the lunch break
        ("2026-03-12 18:30", "ngoài giờ làm việc"),  # after the close
    ],
)
def test_an_apologys_new_appointment_falls_in_office_hours_of_a_working_day(env, receive, new, why):
    admin = env["staff"]["admin"]
    d = services.perform(receive(at=at("2026-03-02 08:00")), "forward", actor=admin, at=at("2026-03-02 09:00"))
    with pytest.raises(Invalid) as exc:
        services.perform(d, "apologize", actor=admin, at=at("2026-03-05 16:00"), reason="Cần xác minh", new_appointment=at(new))
    assert why.lower() in exc.value.message_vi.lower() and exc.value.message_en.startswith(
        "The new appointment must fall within office hours"
    )
    proposed = dt.datetime.fromisoformat(exc.value.detail["proposed"])
    assert proposed > d.due_at and timezone.localtime(proposed).weekday() < 5
    assert (
        services.perform(
            d, "apologize", actor=admin, at=at("2026-03-05 16:00"), reason="Cần xác minh", new_appointment=proposed
        ).appointment_at
        == proposed
    )


def test_inter_agency_dossier_is_one_dossier_visible_to_both(env, receive):
    from motcua.dossiers.selectors import visible_dossiers

    admin = env["staff"]["admin"]
    d = services.perform(receive(), "forward", actor=admin)
    d = services.perform(d, "transfer_out", actor=env["staff"]["processing_a"], to_agency=env["b"].code, note="Xin ý kiến")
    assert d.current_agency_id == env["b"].pk and d.transfer_origin_id == env["a"].pk
    assert list(visible_dossiers(env["staff"]["processing_b"])) == [d]
    with pytest.raises(Conflict):
        services.perform(d, "resolve", actor=admin)
    # The sender cannot take it back alone, and the partner returns it only after accepting it.
    with pytest.raises(Forbidden):
        services.perform(d, "transfer_in", actor=env["staff"]["processing_a"])
    with pytest.raises(Conflict):
        services.perform(d, "transfer_in", actor=env["staff"]["processing_b"])
    with pytest.raises(Forbidden):
        services.perform(d, "transfer_accept", actor=env["staff"]["processing_a"])
    d = services.perform(d, "transfer_accept", actor=env["staff"]["processing_b"], note="Đã nhận")
    assert d.transfer_accepted_at is not None and d.current_assignee == env["staff"]["processing_b"]
    with pytest.raises(Conflict):  # accepted: too late to recall
        services.perform(d, "transfer_recall", actor=env["staff"]["processing_a"], reason="Gửi nhầm")
    d = services.perform(d, "transfer_in", actor=env["staff"]["processing_b"], result="Đủ điều kiện")
    assert d.current_agency_id == env["a"].pk and d.transfer_origin is None
    back = d.events.get(action="transfer_in")
    assert back.agency == env["b"] and back.data["result"] == "Đủ điều kiện"  # the control sheet names the partner that returned it
    assert Dossier.objects.count() == 1
    assert list(d.steps.values_list("agency__code", flat=True)) == [env["a_centre"].code, env["a"].code, env["b"].code, env["a"].code]
    assert env["b"].pk in set(visible_dossiers(env["staff"]["processing_b"]).values_list("steps__agency", flat=True))


def test_the_sender_recalls_a_transfer_only_before_the_partner_accepts(env, receive):
    d = services.perform(receive(), "forward", actor=env["staff"]["admin"])
    d = services.perform(d, "transfer_out", actor=env["staff"]["processing_a"], to_agency=env["b"].code)
    with pytest.raises(Invalid):
        services.perform(d, "transfer_recall", actor=env["staff"]["processing_a"])  # the reason is required
    with pytest.raises(Forbidden):
        services.perform(d, "transfer_recall", actor=env["staff"]["processing_b"])  # the partner does not recall
    d = services.perform(d, "transfer_recall", actor=env["staff"]["processing_a"], reason="Gửi nhầm cơ quan")
    assert d.current_agency_id == env["a"].pk and d.transfer_origin is None
    recall = d.events.get(action="transfer_recall")
    assert recall.note == "Gửi nhầm cơ quan" and recall.agency == env["a"] and recall.to_agency == env["a"]


def test_steps_keep_quota_and_time_used(env, receive):
    admin = env["staff"]["admin"]
    d = receive(at=at("2026-03-02 08:00"))
    d = services.perform(d, "forward", actor=admin, at=at("2026-03-02 10:00"))
    d = services.perform(d, "forward", actor=admin, at=at("2026-03-04 10:00"))
    first, second = d.steps.order_by("started_at")[:2]
    assert first.quota_minutes == 120 and first.used_minutes == 120 and first.overrun_minutes == 0
    assert second.quota_minutes == 18 * 60
    assert second.used_minutes == 2 * 450  # two office days of 7.5 h
    assert second.overrun_minutes == 0


def test_permissions_and_stale_versions(env, receive):
    d = receive()
    with pytest.raises(Forbidden):
        services.perform(d, "forward", actor=env["staff"]["processing_b"])
    with pytest.raises(Forbidden):
        receive(actor=env["staff"]["reception_b"])  # B's clerk cannot receive at A's centre
    d = services.perform(d, "forward", actor=env["staff"]["reception_a"], expected_version=d.version)
    with pytest.raises(Conflict):
        services.perform(
            d, "assign", actor=env["staff"]["leader_a"], expected_version=d.version - 1, to_user=env["staff"]["processing_a"].pk
        )


def test_bad_input_keeps_nothing(env, receive):
    before = (Dossier.objects.count(), DossierEvent.objects.count())
    bad = services.Applicant(name="X", id_number="123")
    with pytest.raises(Invalid):
        receive(applicant=bad)
    with pytest.raises(Invalid):
        receive(channel="fax")
    with pytest.raises(Invalid):
        services.receive_at_counter(
            actor=env["staff"]["reception_a"], procedure_code="9.999999", receiving_agency_code=env["a_centre"].code, applicant=APPLICANT
        )
    d = receive()
    with pytest.raises(Conflict):
        services.perform(d, "refuse", actor=env["staff"]["admin"], reason="x")  # not from this state
    submitted = services.submit(
        actor=None, procedure_code=env["code"], receiving_agency_code=env["a_centre"].code, applicant=APPLICANT, channel="online"
    )
    with pytest.raises(Invalid):
        services.perform(submitted, "refuse", actor=env["staff"]["admin"])  # a refusal needs its reasons
    with pytest.raises(Invalid):
        services.perform(
            services.perform(d, "forward", actor=env["staff"]["admin"]), "request_payment", actor=env["staff"]["admin"], amount=-5
        )
    assert Dossier.objects.count() == before[0] + 2
    assert Dossier.objects.get(pk=submitted.pk).state == State.SUBMITTED


def test_events_are_append_only_in_the_database(env, receive):
    d = receive()
    event = d.events.get()
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        DossierEvent.objects.filter(pk=event.pk).delete()
    from django.db import connection

    with pytest.raises(Exception), transaction.atomic(), connection.cursor() as cursor:  # noqa: B017, PT011
        cursor.execute("UPDATE dossiers_dossierevent SET note = 'sửa' WHERE id = %s", [event.pk])
    assert DossierEvent.objects.get(pk=event.pk).note == ""


def test_import_replays_a_timeline_and_rejects_a_broken_one_atomically(env):
    admin = env["staff"]["admin"]
    good = {
        "code": "CU-2026-000123",
        "procedure": env["code"],
        "receiving_agency": env["a_centre"].code,
        "applicant": APPLICANT,
        "received_at": at("2026-03-02 08:00"),
        "events": [
            {"action": "forward", "at": at("2026-03-02 09:00")},
            {"action": "request_supplement", "at": at("2026-03-03 08:00"), "note": "Thiếu"},
            {"action": "supplement_received", "at": at("2026-03-05 08:00")},
            {"action": "resolve", "at": at("2026-03-06 10:00")},
            {"action": "return_result", "at": at("2026-03-06 14:00"), "channel": "counter"},
        ],
    }
    outcome = services.import_dossier(good, actor=admin)
    assert outcome.status == "created" and outcome.dossier.state == State.RETURNED
    assert outcome.dossier.due_at == at("2026-03-09 17:00") and outcome.dossier.imported
    assert services.import_dossier(good, actor=admin).status == "exists"
    broken = {**good, "code": "CU-2026-000124", "events": [good["events"][0], {"action": "return_result", "at": at("2026-03-03 08:00")}]}
    counts = (Dossier.objects.count(), DossierEvent.objects.count())
    outcome = services.import_dossier(broken, actor=admin)
    assert outcome.status == "rejected" and "return_result" in outcome.message_en
    backwards = {**good, "code": "CU-2026-000125", "events": [{"action": "forward", "at": at("2026-03-01 08:00")}]}
    assert services.import_dossier(backwards, actor=admin).status == "rejected"
    assert (Dossier.objects.count(), DossierEvent.objects.count()) == counts


def test_a_code_taken_by_an_imported_dossier_is_skipped_not_refused(env, receive):
    """A legacy system under the same pattern may already have used today's next numbers (its
    own numbering: these were received the day before, and an import numbers nothing today)."""
    admin, centre = env["staff"]["admin"], env["a_centre"]
    moment = at("2026-02-27 16:00")
    taken = [f"{centre.code}-260302-{n:04d}" for n in (1, 2)]
    for code in taken:
        assert (
            services.import_dossier(
                {
                    "code": code,
                    "procedure": env["code"],
                    "receiving_agency": centre.code,
                    "applicant": APPLICANT,
                    "received_at": moment,
                    "events": [],
                },
                actor=admin,
            ).status
            == "created"
        )
    d = receive(at=at("2026-03-02 09:00"))
    assert d.code == f"{centre.code}-260302-0003" and d.register_number == 3
    online = services.submit(
        actor=None,
        procedure_code=env["code"],
        receiving_agency_code=centre.code,
        applicant=APPLICANT,
        channel="online",
        at=at("2026-03-02 09:30"),
    )
    services.import_dossier(
        {
            "code": f"{centre.code}-260302-0004",
            "procedure": env["code"],
            "receiving_agency": centre.code,
            "applicant": APPLICANT,
            "received_at": moment,
            "events": [],
        },
        actor=admin,
    )
    online = services.perform(online, "receive", actor=env["staff"]["reception_a"], at=at("2026-03-02 10:00"))
    assert online.code == f"{centre.code}-260302-0005"
    assert Dossier.objects.filter(code__startswith=f"{centre.code}-260302-").count() == 5


def test_calendar_change_recomputes_open_dossiers(env, receive, make_user):
    from motcua.calendars import services as calendar

    admin = env["staff"]["admin"]
    d = services.perform(receive(at=at("2026-03-02 08:00")), "forward", actor=admin)
    assert d.due_at == at("2026-03-05 17:00")
    calendar.set_day(date=dt.date(2026, 3, 4), kind="day_off", reason="Nghỉ đột xuất", confirmed=True, actor=admin)
    changes = calendar.preview_recompute(dt.date(2026, 3, 1), dt.date(2026, 3, 10))
    assert [c["key"] for c in changes] == [str(d.pk)]
    calendar.recompute(dt.date(2026, 3, 1), dt.date(2026, 3, 10), actor=admin)
    d.refresh_from_db()
    assert d.due_at == at("2026-03-06 17:00")
    assert d.events.filter(action="due_recomputed").exists()


def test_an_action_that_fails_half_way_leaves_nothing_on_any_database(transactional_db, env, receive, monkeypatch):
    """``perform`` is one transaction (outside any test transaction here): a failure after the
    first writes undoes them all."""
    d = receive()
    events_before, steps_before = d.events.count(), d.steps.count()

    def half_way(d, ctx, p):
        d.steps.filter(ended_at__isnull=True).update(status="done", ended_at=ctx.at)  # a first write
        raise RuntimeError("the second write fails")

    monkeypatch.setitem(services.HANDLERS, "forward", half_way)
    with pytest.raises(RuntimeError):
        services.perform(d, "forward", actor=env["staff"]["reception_a"])
    d.refresh_from_db()
    assert d.steps.filter(ended_at__isnull=True).count() == 1 and d.steps.count() == steps_before
    assert d.events.count() == events_before and d.state == "received"
