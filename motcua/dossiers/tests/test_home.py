"""Each role's home page shows what waits for it (core.home sections)."""

import datetime as dt

import pytest
from django.utils import timezone

from motcua.dossiers import services
from motcua.fees.services import LineIn
from motcua.fees.services import collect as collect_fees

pytestmark = pytest.mark.django_db


def test_an_officer_sees_the_queues_and_the_most_urgent_dossiers_first(env, receive, client):
    officer = env["staff"]["processing_a"]
    late = receive(at=timezone.now() - dt.timedelta(days=20))
    late = services.perform(late, "assign", actor=env["staff"]["leader_a"], to_user=officer.pk)
    fresh = services.perform(receive(), "assign", actor=env["staff"]["leader_a"], to_user=officer.pk)
    client.force_login(officer)
    page = client.get("/").content.decode()
    assert 'id="home-work"' in page and 'data-queue="overdue"' in page
    assert late.code in page and fresh.code not in page  # the overdue queue comes first, with its own dossiers only
    client.force_login(env["staff"]["processing_b"])
    page = client.get("/").content.decode()
    assert late.code not in page and "Không có hồ sơ nào chờ bạn." in page


def test_a_leader_sees_the_day_and_the_overdue(env, receive, client):
    leader = env["staff"]["leader_a"]
    late = receive(at=timezone.now() - dt.timedelta(days=20))
    receive()
    client.force_login(leader)
    page = client.get("/").content.decode()
    assert 'id="home-leader"' in page and late.code in page
    assert 'id="home-overdue">1<' in page and 'id="home-received">1<' in page  # one received today, one overdue
    services.perform(late, "resolve", actor=env["staff"]["admin"])
    page = client.get("/").content.decode()
    assert 'id="home-overdue">0<' in page and 'id="home-resolved">1<' in page and "(1 trễ hạn)" in page  # its result, late, today


def test_the_desk_sees_what_it_collected_today(env, receive, client):  # the test procedure has one fee, 15.000 đồng
    d = receive()
    collect_fees(d, [LineIn(0)], actor=env["staff"]["reception_a"], method="cash")
    client.force_login(env["staff"]["reception_a"])
    page = client.get("/").content.decode()
    assert 'id="home-fees"' in page and "15.000 đồng" in page
    client.force_login(env["staff"]["processing_a"])
    assert 'id="home-fees"' not in client.get("/").content.decode()
