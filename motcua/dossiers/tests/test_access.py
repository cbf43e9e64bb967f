"""Who opened my dossier (docs/rules.md §10): each time the staff open a dossier, its files or
forms, an append-only row says who, for which agency, in which role, what and from where; an
access without work on the dossier is shown to the unit's leader; the applicant sees the list
(agency and role, the officer's name only if the province says so)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from motcua.accounts.services import create_api_token
from motcua.core.models import AppendOnlyError
from motcua.core.testing import sample_pdf
from motcua.core.tests.scoping import StaffScreen
from motcua.dossiers import services
from motcua.dossiers.models import DossierAccess

pytestmark = pytest.mark.django_db


def _page(client, user, d, via=""):
    client.force_login(user)
    url = reverse("dossiers:detail", args=[d.code]) + (f"?via={via}" if via else "")
    assert client.get(url).status_code == 200
    return DossierAccess.objects.filter(dossier=d).latest("id")


def _returned(env, receive):
    staff = env["staff"]
    d = receive()
    d = services.perform(d, "forward", actor=staff["reception_a"], to_user=staff["processing_a"].pk)
    for action, actor in (("forward", "processing_a"), ("resolve", "leader_a")):
        d = services.perform(d, action, actor=staff[actor])
    return services.perform(d, "return_result", actor=staff["reception_a"])


def test_an_officer_with_work_on_the_dossier_is_recorded_within_work(env, receive, client):
    d = receive()
    access = _page(client, env["staff"]["reception_a"], d, via="to_receive")
    assert (access.user, access.agency, access.role, access.what, access.reason, access.in_work) == (
        env["staff"]["reception_a"],
        env["a_centre"],
        "reception",
        "page",
        "to_receive",
        True,
    )


def test_opening_a_finished_dossier_is_outside_work_and_shown_to_the_leader_of_that_unit(env, receive, client):
    d = _returned(env, receive)
    access = _page(client, env["staff"]["processing_a"], d)
    assert access.in_work is False and access.agency == env["a"] and access.role == "processing" and access.reason == "direct"
    client.force_login(env["staff"]["leader_a"])
    page = client.get(reverse("dossiers:accesses"))
    assert page.status_code == 200 and d.code in page.content.decode()
    assert env["staff"]["processing_a"].get_full_name() in page.content.decode()
    # The leader's own opening from that list is recorded too, and the other commune's leader sees none of it.
    leader_b = env["staff"]["processing_b"]
    leader_b.memberships.update(role="leader")
    client.force_login(leader_b)
    assert d.code not in client.get(reverse("dossiers:accesses")).content.decode()


def test_files_and_forms_are_recorded_with_what_was_opened(env, receive, client):
    d = receive()
    officer = env["staff"]["reception_a"]
    d = services.attach_file(d, SimpleUploadedFile("to-khai.pdf", sample_pdf("to khai")), actor=officer, kind="component")
    row = d.files.get()
    client.force_login(officer)
    assert client.get(reverse("dossiers:file", args=[d.code, row.pk]) + "?via=page").status_code == 200
    assert client.get(reverse("documents:form_pdf", args=[d.code, "receipt"])).status_code == 200
    kinds = list(DossierAccess.objects.filter(dossier=d).order_by("id").values_list("what", "detail", "reason"))
    assert kinds == [("file", "to-khai.pdf", "page"), ("form", "receipt", "print")]


def test_a_link_cannot_write_any_reason_it_likes(env, receive, client):
    d = receive()
    officer = env["staff"]["reception_a"]
    assert _page(client, officer, d, via="<script>").reason == "direct"
    assert _page(client, officer, d, via="action:not_an_action").reason == "direct"
    assert _page(client, officer, d, via="action:forward").reason == "action:forward"


def test_the_record_is_append_only(env, receive, client):
    d = receive()
    access = _page(client, env["staff"]["reception_a"], d)
    with pytest.raises(AppendOnlyError):
        access.save()
    with pytest.raises(AppendOnlyError):
        DossierAccess.objects.filter(pk=access.pk).update(in_work=False)
    for sql in ("UPDATE dossiers_dossieraccess SET in_work = %s WHERE id = %s", "DELETE FROM dossiers_dossieraccess WHERE id = %s AND %s"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:  # the database refuses it too
            cursor.execute(sql, [False, access.pk] if sql.startswith("UPDATE") else [access.pk, True])
    assert DossierAccess.objects.get(pk=access.pk).in_work is True


def test_the_applicant_sees_agency_and_role_and_the_name_only_if_the_province_says_so(env, receive, client, settings):
    d = receive()
    officer = env["staff"]["processing_a"]
    _page(client, officer, d)
    client.logout()
    body = client.get(f"/api/v1/public/dossiers/{d.code}", {"secret": d.lookup_secret}).json()
    assert [(a["agency"], a["what"]) for a in body["accesses"]] == [(env["a"].short_name or env["a"].name, "Xem hồ sơ")]
    assert "officer" not in body["accesses"][0]
    page = client.get(reverse("dossiers:track"), {"code": d.code, "secret": d.lookup_secret}).content.decode()
    assert 'id="accesses"' in page and "Chuyên viên xử lý" in page and officer.get_full_name() not in page
    settings.ACCESS_LOG_SHOWS_OFFICER = True
    page = client.get(reverse("dossiers:track"), {"code": d.code, "secret": d.lookup_secret}).content.decode()
    assert officer.get_full_name() in page
    # A wrong secret shows nothing at all.
    assert client.get(f"/api/v1/public/dossiers/{d.code}", {"secret": "SAI00000"}).status_code == 404


def test_staff_reading_through_the_api_are_recorded(env, receive, client):
    d = receive()
    _token, raw = create_api_token(env["staff"]["leader_a"])
    assert client.get(f"/api/v1/dossiers/{d.code}", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    access = DossierAccess.objects.get(dossier=d)
    assert (access.what, access.reason, access.role) == ("api", "api", "leader")


def test_the_menu_badge_counts_the_last_week_outside_work(env, receive, client):
    d = _returned(env, receive)
    _page(client, env["staff"]["processing_a"], d)  # nothing left for processing on a returned dossier
    old = DossierAccess.objects.get(dossier=d)
    DossierAccess.objects.create(
        dossier=d, at=old.at - dt.timedelta(days=10), user=old.user, agency=old.agency, role=old.role, what="page", in_work=False
    )
    client.force_login(env["staff"]["leader_a"])
    page = client.get("/").content.decode()
    assert 'id="nav-badge-dossiers-accesses"' in page and 'hx-get="/nav/badges/"' in page  # a place, filled after the page
    badges = client.get("/nav/badges/").content.decode()
    assert (
        '<span id="nav-badge-dossiers-accesses" hx-swap-oob="outerHTML" class="badge rounded-pill text-bg-warning" data-count="1">1</span>'
        in badges
    )


class TestAccessesScreen(StaffScreen):
    path = staticmethod(lambda env, _x: reverse("dossiers:accesses"))
    allowed, refused = ("admin", "leader_a"), ("processing_a", "reception_a")
