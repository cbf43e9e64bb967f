"""Navigation by role: each entry lists the roles that see it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from motcua.accounts.choices import Role
from motcua.accounts.selectors import roles_of

R = Role
NAVIGATION = [
    ("core:home", _("Trang chủ"), None),
    ("dossiers:counter", _("Tiếp nhận"), {R.ADMIN, R.LEADER, R.RECEPTION}),
    ("dossiers:work", _("Hồ sơ cần xử lý"), {R.ADMIN, R.LEADER, R.RECEPTION, R.PROCESSING}),
    ("dossiers:register", _("Sổ theo dõi"), {R.ADMIN, R.LEADER, R.RECEPTION}),
    ("fees:collections", _("Thu phí, lệ phí"), {R.ADMIN, R.LEADER, R.RECEPTION, R.REPORT_VIEWER}),
    ("portal:feedback_manage", _("Phản ánh, kiến nghị"), {R.ADMIN, R.LEADER, R.RECEPTION, R.PROCESSING}),
    ("reports:dashboard", _("Điều hành"), {R.ADMIN, R.LEADER, R.REPORT_VIEWER}),
    ("reports:settlement", _("Báo cáo"), {R.ADMIN, R.LEADER, R.REPORT_VIEWER, R.RECEPTION, R.PROCESSING}),
    ("reform:index", _("Cải cách hành chính"), {R.ADMIN, R.LEADER, R.REFORM}),
    ("organisations:agency_list", _("Cơ quan"), {R.ADMIN, R.LEADER, R.RECEPTION, R.PROCESSING, R.REPORT_VIEWER, R.REFORM}),
    ("organisations:staff_list", _("Cán bộ"), {R.ADMIN, R.LEADER}),
    ("catalog:list", _("Thủ tục hành chính"), None),
    ("catalog:manage", _("Quản lý danh mục"), {R.ADMIN}),
    ("dossiers:legacy_import", _("Chuyển đổi hồ sơ"), {R.ADMIN}),
    ("calendars:year", _("Lịch làm việc"), None),
    ("jobs:list", _("Tác vụ nền"), {R.ADMIN}),
]


def _badge(url_name: str, user) -> int | None:
    """Dossiers waiting for the officer: assigned to them, for their unit, to receive, to return."""
    if url_name != "dossiers:work":
        return None
    from motcua.dossiers.selectors import queue_counts

    counts = queue_counts(user)
    return counts["mine"] + counts["unit"] + counts["to_receive"] + counts["to_return"]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    roles = roles_of(user)
    items = []
    for url_name, label, allowed in NAVIGATION:
        if allowed is None or roles & allowed:
            url = reverse(url_name)
            items.append({"url": url, "label": label, "active": request.path == url or (url != "/" and request.path.startswith(url)), "badge": _badge(url_name, user)})
    return {"nav_items": items, "user_roles": roles, "is_admin": Role.ADMIN in roles}
