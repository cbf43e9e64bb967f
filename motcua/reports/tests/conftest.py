"""Dossiers with known timelines around November 2025 for the report tests."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from motcua.dossiers import services
from motcua.dossiers.tests.fixtures import APPLICANT
from motcua.reports.periods import Period

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOVEMBER = Period(dt.date(2025, 11, 1), dt.date(2025, 11, 30))
DECEMBER = Period(dt.date(2025, 12, 1), dt.date(2025, 12, 31))


def t(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=VN)


def imported(env, code, received, events=(), channel="counter", agency="a_centre"):
    outcome = services.import_dossier(
        {
            "code": code,
            "procedure": env["code"],
            "receiving_agency": env[agency].code,
            "applicant": APPLICANT,
            "channel": channel,
            "received_at": t(received),
            "events": [{**e, "at": t(e["at"])} for e in events],
        },
        actor=env["staff"]["admin"],
    )
    assert outcome.status == "created", outcome.message
    return outcome.dossier


@pytest.fixture
def november(env):
    """Known timelines around November 2025 (3 working days per dossier; official calendar)."""
    imported(env, "A", "2025-10-20 10:00", [{"action": "resolve", "at": "2025-10-22 10:00"}])  # finished before: not counted
    imported(env, "B", "2025-10-28 09:00", [{"action": "resolve", "at": "2025-11-03 09:00"}])  # carried over, late (due 31/10)
    imported(env, "C", "2025-11-03 09:00", [{"action": "resolve", "at": "2025-11-05 10:00"}], channel="online")  # early (due 06/11)
    imported(
        env,
        "D",
        "2025-11-03 09:00",
        [{"action": "resolve", "at": "2025-11-06 16:00"}, {"action": "return_result", "at": "2025-11-07 08:00"}],
    )  # on time
    imported(env, "E", "2025-11-10 09:00", channel="postal")  # open, overdue (due 13/11)
    imported(
        env, "F", "2025-11-27 09:00", [{"action": "request_supplement", "at": "2025-11-28 09:00", "note": "Thiếu giấy"}]
    )  # open, paused, due 02/12
    imported(env, "G", "2025-11-12 09:00", [{"action": "withdraw", "at": "2025-11-14 09:00", "reason": "Rút"}])
    imported(env, "H", "2025-11-12 09:00", [{"action": "stop", "at": "2025-11-20 09:00", "reason": "Không đủ điều kiện"}])
    imported(env, "J", "2025-10-30 09:00", [{"action": "resolve", "at": "2025-12-02 09:00"}])  # carried over, open and overdue in November
    services.decline_at_counter(
        actor=env["staff"]["reception_a"],
        outcome="refuse",
        procedure_code=env["code"],
        receiving_agency_code=env["a_centre"].code,
        applicant=APPLICANT,
        note="Không thuộc thẩm quyền",
        at=t("2025-11-18 10:00"),
    )
    imported(env, "Z", "2025-11-05 09:00", agency="b_centre")  # another commune
    return env


EXPECTED_NOVEMBER_A = {
    "received_total": 8,
    "received_online": 1,
    "received_counter": 4,
    "received_postal": 1,
    "carried_over": 2,
    "resolved_total": 3,
    "resolved_early": 1,
    "resolved_on_time": 1,
    "resolved_late": 1,
    "in_progress_total": 3,
    "in_progress_not_due": 1,
    "in_progress_overdue": 2,
    "withdrawn": 1,
    "stopped": 1,
    "refused": 1,
    "paused": 1,
}
