"""Staff roles managed in the app: who may grant, withdraw and move which role, each change
audited; a refused change leaves everything as it was."""

import pytest
from django.urls import reverse

from motcua.accounts import staffing
from motcua.accounts.models import Membership
from motcua.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_unit_leader_manages_the_desk_and_processing_roles_of_their_unit_only(env, make_user):
    leader, newcomer = env["staff"]["leader_a"], make_user()
    m = staffing.grant_role(actor=leader, user=newcomer, agency=env["a_centre"], role="reception")  # a unit under the commune
    assert m.is_active and AuditEvent.objects.filter(action="membership.added", object_id=str(m.pk)).exists()
    with pytest.raises(staffing.StaffError) as refused:
        staffing.grant_role(actor=leader, user=newcomer, agency=env["a"], role="admin")
    assert refused.value.status == 403
    with pytest.raises(staffing.StaffError):
        staffing.grant_role(actor=leader, user=newcomer, agency=env["b"], role="processing")  # another commune
    with pytest.raises(staffing.StaffError):
        staffing.grant_role(
            actor=env["staff"]["reception_a"], user=newcomer, agency=env["a_centre"], role="processing"
        )  # the desk manages nobody
    with pytest.raises(staffing.StaffError):
        staffing.grant_role(actor=leader, user=newcomer, agency=env["a_centre"], role="reception")  # held already
    assert Membership.objects.filter(user=newcomer).count() == 1


def test_withdrawing_needs_a_reason_and_never_ones_own_role(env):
    leader = env["staff"]["leader_a"]
    officer_role = Membership.objects.get(user=env["staff"]["processing_a"])
    with pytest.raises(staffing.StaffError):
        staffing.withdraw_role(actor=leader, membership=officer_role, reason="  ")
    with pytest.raises(staffing.StaffError):
        staffing.withdraw_role(actor=leader, membership=Membership.objects.get(user=leader), reason="Nghỉ hưu")
    staffing.withdraw_role(actor=leader, membership=officer_role, reason="Chuyển công tác")
    officer_role.refresh_from_db()
    assert not officer_role.is_active
    event = AuditEvent.objects.get(action="membership.withdrawn")
    assert event.data["reason"] == "Chuyển công tác" and event.actor_id == leader.pk


def test_an_administrator_moves_an_officer_between_communes(env):
    admin, officer = env["staff"]["admin"], env["staff"]["processing_a"]
    old = Membership.objects.get(user=officer)
    moved = staffing.move_role(actor=admin, membership=old, to_agency=env["b"], reason="Điều động")
    old.refresh_from_db()
    assert not old.is_active and moved.agency_id == env["b"].pk and moved.role == "processing"
    assert AuditEvent.objects.get(action="membership.moved").data == {
        "reason": "Điều động",
        "from": env["a"].code,
        "to": env["b"].code,
        "role": "processing",
        "user": officer.username,
    }
    with pytest.raises(staffing.StaffError):  # a leader of commune A cannot take someone into commune B
        staffing.move_role(
            actor=env["staff"]["leader_a"],
            membership=Membership.objects.get(user=env["staff"]["reception_a"]),
            to_agency=env["b"],
            reason="x",
        )


def test_the_staff_page_grants_and_refuses_with_the_reason(env, client, make_user):
    newcomer = make_user(username="canbo.moi")
    client.force_login(env["staff"]["leader_a"])
    page = client.get(reverse("organisations:staff_list")).content.decode()
    assert 'id="grant-form"' in page and 'value="admin"' not in page  # a leader is not offered the administrator's role
    r = client.post(
        reverse("organisations:staff_list"), {"change": "grant", "username": "canbo.moi", "agency": env["a"].code, "role": "processing"}
    )
    assert r.status_code == 302 and Membership.objects.filter(user=newcomer, agency=env["a"], role="processing", is_active=True).exists()
    r = client.post(
        reverse("organisations:staff_list"), {"change": "grant", "username": "canbo.moi", "agency": env["b"].code, "role": "processing"}
    )
    assert r.status_code == 422 and "Cơ quan không hợp lệ" in r.content.decode()  # not one of the leader's agencies
    r = client.post(reverse("organisations:staff_list"), {"change": "withdraw", "membership": "abc", "reason": "x"})
    assert r.status_code == 404
    assert Membership.objects.filter(user=newcomer).count() == 1
    client.force_login(env["staff"]["processing_a"])
    assert 'id="grant-form"' not in client.get(reverse("organisations:staff_list")).content.decode()
