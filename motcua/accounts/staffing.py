"""Staff and their roles, managed in the app (docs/rules.md section 9): an administrator over
any agency in their scope; a unit leader over their own unit and the units under it, for the
desk, processing, leader and report roles (never an administrator's or the reform officer's,
which an administrator grants). A role is granted, withdrawn with a reason, or moved to another
agency; every change is an audit event. Nobody withdraws or moves their own roles."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from motcua.core.choices import AuditCategory
from motcua.core.errors import BilingualError
from motcua.core.services import record_event

from .choices import Role
from .models import Membership
from .selectors import in_scope
from .services import add_membership

LEADER_GRANTS = (Role.RECEPTION, Role.PROCESSING, Role.LEADER, Role.REPORT_VIEWER)
MAX_REASON = 300


class StaffError(BilingualError):
    pass


def may_manage(actor, agency, role: str) -> bool:
    """Whether ``actor`` may grant or withdraw ``role`` in ``agency``."""
    if in_scope(actor, agency, (Role.ADMIN,)):
        return True
    return role in LEADER_GRANTS and in_scope(actor, agency, (Role.LEADER,))


def _check(actor, agency, role: str) -> None:
    if role not in Role.values:
        raise StaffError("Vai trò không hợp lệ.", "Unknown role.")
    if agency is None or not agency.is_active:
        raise StaffError("Cơ quan không hợp lệ hoặc đã ngừng hoạt động.", "The agency is unknown or inactive.")
    if not may_manage(actor, agency, role):
        raise StaffError(
            "Bạn không có quyền phân công vai trò này tại cơ quan này.", "You may not manage this role in this agency.", status=403
        )


def _reason(text: str) -> str:
    reason = " ".join((text or "").split())
    if not reason or len(reason) > MAX_REASON:
        raise StaffError(f"Cần ghi lý do (tối đa {MAX_REASON} ký tự).", "A reason is required.")
    return reason


@transaction.atomic
def grant_role(*, actor: Any, user, agency, role: str) -> Membership:
    _check(actor, agency, role)
    if user is None or not user.is_active:
        raise StaffError("Không có tài khoản cán bộ này hoặc tài khoản đã bị khóa.", "No such active staff account.")
    if Membership.objects.filter(user=user, agency=agency, role=role, is_active=True).exists():
        raise StaffError("Cán bộ đã có vai trò này tại cơ quan này.", "The officer already holds this role here.", status=409)
    return add_membership(user, agency, role, actor=actor)


def _own(actor, membership: Membership) -> None:
    if membership.user_id == getattr(actor, "pk", None):
        raise StaffError(
            "Không tự thu hồi hoặc điều chuyển vai trò của chính mình.", "You cannot withdraw or move your own role.", status=403
        )


@transaction.atomic
def withdraw_role(*, actor: Any, membership: Membership, reason: str) -> Membership:
    membership = Membership.objects.select_for_update().select_related("agency", "user").get(pk=membership.pk)
    _check(actor, membership.agency, membership.role)
    _own(actor, membership)
    why = _reason(reason)
    if not membership.is_active:
        raise StaffError("Vai trò này đã được thu hồi.", "This role has already been withdrawn.", status=409)
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    record_event(
        actor=actor,
        category=AuditCategory.ACCOUNT,
        action="membership.withdrawn",
        obj=membership,
        agency=membership.agency,
        summary=f"Thu hồi: {membership}",
        data={"reason": why, "user": membership.user.username, "role": membership.role},
    )
    return membership


@transaction.atomic
def move_role(*, actor: Any, membership: Membership, to_agency, reason: str) -> Membership:
    """The officer's role moves to another agency (a transfer between units): withdrawn here,
    granted there, one audit event naming both."""
    membership = Membership.objects.select_for_update().select_related("agency", "user").get(pk=membership.pk)
    if to_agency is not None and to_agency.pk == membership.agency_id:
        raise StaffError("Cơ quan mới trùng cơ quan hiện tại.", "The new agency is the current one.")
    _check(actor, membership.agency, membership.role)
    _check(actor, to_agency, membership.role)
    _own(actor, membership)
    why = _reason(reason)
    if not membership.is_active:
        raise StaffError("Vai trò này đã được thu hồi.", "This role has already been withdrawn.", status=409)
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    moved = add_membership(membership.user, to_agency, membership.role, actor=actor)
    record_event(
        actor=actor,
        category=AuditCategory.ACCOUNT,
        action="membership.moved",
        obj=moved,
        agency=to_agency,
        summary=f"Điều chuyển {membership.user} từ {membership.agency} sang {to_agency}",
        data={
            "reason": why,
            "from": membership.agency.code,
            "to": to_agency.code,
            "role": membership.role,
            "user": membership.user.username,
        },
    )
    return moved
