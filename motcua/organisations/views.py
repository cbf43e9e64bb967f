from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.accounts import staffing
from motcua.accounts.choices import Role
from motcua.accounts.models import Membership
from motcua.accounts.selectors import has_role, is_staff_member, scoped_agencies, scoped_staff
from motcua.core.choices import AuditCategory
from motcua.core.models import AuditEvent
from motcua.core.text import as_number

from .selectors import agency_tree


@login_required
def agency_list(request):
    agencies = agency_tree(scoped_agencies(request.user))
    return render(request, "organisations/agency_list.html", {"agencies": agencies})


@login_required
def agency_detail(request, code: str):
    agency = get_object_or_404(agency_tree(scoped_agencies(request.user)), code=code)
    staff = agency.memberships.filter(is_active=True).select_related("user").order_by("user__full_name", "role")
    return render(request, "organisations/agency_detail.html", {"agency": agency, "memberships": staff})


@login_required
def staff_list(request):
    """The staff of the user's units and, for administrators and unit leaders, the management of
    their roles: grant, withdraw, move (accounts.staffing), with the recent changes."""
    user = request.user
    if not is_staff_member(user):
        raise PermissionDenied
    managing = list(scoped_agencies(user, (Role.ADMIN, Role.LEADER)).filter(is_active=True).order_by("path"))
    error, status = "", 200
    if request.method == "POST":
        try:
            _staff_change(request, managing)
        except staffing.StaffError as exc:  # the page again, with the reason; nothing changed
            error, status = exc.message_vi, exc.status
        else:
            return redirect("organisations:staff_list")
    in_scope = (
        Membership.objects.filter(agency__in=scoped_agencies(user), is_active=True)
        .select_related("agency")
        .order_by("agency__path", "role")
    )
    staff = scoped_staff(user).prefetch_related(Prefetch("memberships", queryset=in_scope, to_attr="current"))
    q = request.GET.get("q", "").strip()[:100]
    if q:
        staff = staff.filter(Q(full_name__icontains=q) | Q(username__icontains=q))
    page = Paginator(staff, 50).get_page(request.GET.get("page"))
    for member in page:
        for m in member.current:
            m.manageable = staffing.may_manage(user, m.agency, m.role) and m.user_id != user.pk
    is_admin = has_role(user, Role.ADMIN)
    roles = Role.choices if is_admin else [(r, Role(r).label) for r in staffing.LEADER_GRANTS]
    changes = _changes(user) if managing else []
    return render(
        request,
        "organisations/staff_list.html",
        {"page": page, "managing": managing, "roles": roles, "changes": changes, "q": q, "error": error},
        status=status,
    )


CHANGE_LABELS = {
    "membership.added": gettext_lazy("Phân công"),
    "membership.withdrawn": gettext_lazy("Thu hồi"),
    "membership.moved": gettext_lazy("Điều chuyển"),
    "membership.transferred": gettext_lazy("Chuyển theo sáp nhập"),
}


def _changes(user) -> list[dict]:
    """The latest role changes in the user's agencies, written in the screen's language."""
    events = list(
        AuditEvent.objects.filter(category=AuditCategory.ACCOUNT, action__startswith="membership.", agency__in=scoped_agencies(user))
        .select_related("actor", "agency")
        .order_by("-at")[:20]
    )
    memberships = Membership.objects.select_related("user", "agency").in_bulk([int(e.object_id) for e in events if e.object_id.isdigit()])
    rows = []
    for e in events:
        m = memberships.get(int(e.object_id)) if e.object_id.isdigit() else None
        what = f"{m.user.get_full_name() or m.user.username} — {m.get_role_display()} — {m.agency.name}" if m else e.summary
        rows.append(
            {
                "at": e.at,
                "label": CHANGE_LABELS.get(e.action, e.action),
                "what": what,
                "reason": (e.data or {}).get("reason", ""),
                "actor": e.actor,
            }
        )
    return rows


def _staff_change(request, managing) -> None:
    """One change of roles from the staff page; raises StaffError with the reason it is refused."""
    by_code = {a.code: a for a in managing}
    post = request.POST
    change = post.get("change", "")
    if change == "grant":
        account = get_user_model().objects.filter(username=post.get("username", "").strip()[:150]).first()
        if account is None:
            raise staffing.StaffError("Không có tài khoản với tên đăng nhập này.", "No such account.")
        membership = staffing.grant_role(
            actor=request.user, user=account, agency=by_code.get(post.get("agency", "")), role=post.get("role", "")
        )
        messages.success(request, _("Đã phân công: %(m)s.") % {"m": membership})
        return
    if change not in ("withdraw", "move"):
        raise staffing.StaffError("Thao tác không hợp lệ.", "Unknown change.", status=400)
    held = Membership.objects.filter(pk=as_number(post.get("membership"), 0) or 0, agency__in=scoped_agencies(request.user)).first()
    if held is None:
        raise staffing.StaffError("Không tìm thấy phân công này.", "No such role.", status=404)
    if change == "withdraw":
        staffing.withdraw_role(actor=request.user, membership=held, reason=post.get("reason", ""))
        messages.success(request, _("Đã thu hồi: %(m)s.") % {"m": held})
    else:
        moved = staffing.move_role(
            actor=request.user, membership=held, to_agency=by_code.get(post.get("to_agency", "")), reason=post.get("reason", "")
        )
        messages.success(request, _("Đã điều chuyển: %(m)s.") % {"m": moved})
