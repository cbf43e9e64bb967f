"""At risk of being late (docs/rules.md section 5.3), on the fixture's procedure: 3 working days
with a route of reception 2 h, appraisal 18 h, approval 2 h and return 2 h, and office hours of
07:30-11:30 and 13:30-17:00 (7.5 h a day). Every expected moment is worked out by hand below."""

import datetime as dt
from zoneinfo import ZoneInfo

from motcua.accounts.services import create_api_token
from motcua.dossiers import clock
from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import queue, work_scope
from motcua.notifications.models import Message
from motcua.reports import services as report_services
from motcua.reports.dashboard import at_risk_list
from motcua.reports.tests.conftest import imported

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=VN)


def test_still_at_reception_it_becomes_at_risk_once_the_rest_no_longer_fits(env):
    # Received Mon 02/03 08:00, due Thu 05/03 17:00: 7 h left on Monday + 22.5 h = 29.5 h of
    # office time. The later steps need 18 + 2 + 2 = 22 h, so the reception step may take 7.5 h:
    # Monday's 7 h and Tuesday 07:30-08:00. From Tue 08:00 the rest no longer fits.
    d = imported(env, "R1", "2026-03-02 08:00")
    assert d.due_at == at("2026-03-05 17:00")
    assert (d.risk_from, d.risk_step) == (at("2026-03-03 08:00"), "Tiếp nhận")
    assert not clock.is_at_risk(d, at("2026-03-03 07:59"))
    assert clock.is_at_risk(d, at("2026-03-03 08:01"))
    assert not clock.is_at_risk(d, at("2026-03-06 08:00"))  # past its due time: overdue, no longer "at risk"


def test_a_step_opened_late_is_at_risk_at_once_and_names_the_step_that_does_not_fit(env):
    # Forwarded to appraisal on Wed 04/03 09:00: 2.5 + 3.5 h left on Wednesday + 7.5 h on Thursday
    # = 13.5 h. Appraisal alone needs 18 h: at risk at once, at the appraisal step.
    d = imported(env, "R2", "2026-03-02 08:00", [{"action": "forward", "at": "2026-03-04 09:00"}])
    assert (d.risk_from, d.risk_step) == (at("2026-03-04 09:00"), "Thẩm định")


def test_a_step_opened_in_time_is_at_risk_only_when_it_overruns(env):
    # Forwarded to appraisal on Mon 02/03 09:00: 6 h left on Monday + 22.5 h = 28.5 h. Approval and
    # return need 4 h, so appraisal may take 24.5 h: Monday 6 h, Tuesday and Wednesday 15 h, and
    # Thursday 07:30-11:00. From Thu 05/03 11:00 the dossier is at risk because of the appraisal.
    d = imported(env, "R3", "2026-03-02 08:00", [{"action": "forward", "at": "2026-03-02 09:00"}])
    assert (d.risk_from, d.risk_step) == (at("2026-03-05 11:00"), "Thẩm định")
    # Appraisal done on Tue 03/03 10:00: approval (2 h) and return (2 h) are far inside the time left.
    d = dossier_services.perform(d, "forward", actor=None, at=at("2026-03-03 10:00"), imported=True)
    assert d.risk_step == "Phê duyệt" and d.risk_from > at("2026-03-05 11:00")


def test_a_paused_dossier_is_not_at_risk_and_the_risk_comes_back_with_the_supplement(env):
    d = imported(
        env,
        "R4",
        "2026-03-02 08:00",
        [{"action": "forward", "at": "2026-03-04 09:00"}, {"action": "request_supplement", "at": "2026-03-04 10:00", "note": "Thiếu"}],
    )
    assert (d.risk_from, d.risk_step) == (None, "") and not clock.is_at_risk(d, at("2026-03-04 11:00"))
    d = dossier_services.perform(d, "supplement_received", actor=None, at=at("2026-03-06 10:00"), imported=True)
    # The due time moved by the paused office time; appraisal (18 h, 1 h used) still does not fit.
    assert d.risk_from == at("2026-03-06 10:00") and d.risk_step == "Thẩm định"


def test_the_queue_dashboard_daily_alert_and_api_show_it_with_the_step(env, client):
    d = imported(env, "R5", "2026-03-02 08:00", [{"action": "forward", "at": "2026-03-04 09:00"}])
    officer = env["staff"]["processing_a"]
    d = dossier_services.perform(d, "assign", actor=None, at=at("2026-03-04 09:05"), imported=True, to_user=officer.pk)
    moment = at("2026-03-04 15:00")
    assert d in queue(officer, "at_risk", scope=work_scope(officer, moment))
    assert [x.code for x in at_risk_list(env["a"], now=moment)] == ["R5"]
    assert at_risk_list(env["b"], now=moment) == []
    # The daily alert of today: a dossier at risk now (its risk moment moved to this morning).
    Dossier.objects.filter(pk=d.pk).update(due_at=at("2030-01-04 17:00"), risk_from=at("2026-03-04 09:00"))
    officer.email = "xuly.risk@example.invalid"
    officer.save(update_fields=["email"])
    assert report_services.send_daily_alerts(dt.date(2026, 11, 23)) >= 1
    body = Message.objects.get(template_key="alert.daily", recipient="xuly.risk@example.invalid").body
    assert "R5" in body and "nguy cơ trễ hạn ở bước Thẩm định" in body and "1 hồ sơ có nguy cơ trễ hạn" in body
    token = create_api_token(env["staff"]["admin"])[1]
    answer = client.get("/api/v1/dossiers/R5", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert (answer["at_risk"], answer["risk_step"], answer["time_class"]) == (True, "Thẩm định", "not_due")
    client.force_login(officer)
    page = client.get("/work/at_risk/").content.decode()
    assert "Nguy cơ trễ hạn" in page and "R5" in page


def test_recomputing_restores_what_the_actions_recorded_and_changes_nothing_twice(env):
    d = imported(env, "R6", "2026-03-02 08:00", [{"action": "forward", "at": "2026-03-04 09:00"}])
    Dossier.objects.filter(pk=d.pk).update(risk_from=None, risk_step="")  # as before the upgrade
    assert dossier_services.recompute_risks(at("2026-03-04 09:00")) == 1
    d.refresh_from_db()
    assert (d.risk_from, d.risk_step) == (at("2026-03-04 09:00"), "Thẩm định")
    assert dossier_services.recompute_risks(at("2026-03-04 09:00")) == 0
