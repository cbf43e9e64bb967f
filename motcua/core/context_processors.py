"""Navigation by role: each entry lists the roles that see it."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from motcua.accounts.choices import Role
from motcua.accounts.selectors import roles_of

R = Role
DESK = _("Một cửa")
STEER = _("Điều hành")
CATALOGUE = _("Danh mục")
SYSTEM = _("Quản trị")
# (url name, label, roles that see it (None: everyone signed in), menu group (None: the bar itself))
NAVIGATION = [
    ("dossiers:counter", _("Tiếp nhận"), {R.ADMIN, R.LEADER, R.RECEPTION}, None),
    ("dossiers:work", _("Hồ sơ cần xử lý"), {R.ADMIN, R.LEADER, R.RECEPTION, R.PROCESSING}, None),
    ("dossiers:register", _("Sổ theo dõi hồ sơ"), {R.ADMIN, R.LEADER, R.RECEPTION}, DESK),
    ("fees:collections", _("Thu phí, lệ phí"), {R.ADMIN, R.LEADER, R.RECEPTION, R.REPORT_VIEWER}, DESK),
    ("portal:feedback_manage", _("Phản ánh, kiến nghị"), {R.ADMIN, R.LEADER, R.RECEPTION, R.PROCESSING}, DESK),
    ("reports:dashboard", _("Bảng điều hành"), {R.ADMIN, R.LEADER, R.REPORT_VIEWER}, STEER),
    ("reports:settlement", _("Báo cáo giải quyết hồ sơ"), {R.ADMIN, R.LEADER, R.REPORT_VIEWER, R.RECEPTION, R.PROCESSING}, STEER),
    ("reform:index", _("Cải cách hành chính"), {R.ADMIN, R.LEADER, R.REFORM}, STEER),
    ("catalog:list", _("Thủ tục hành chính"), None, CATALOGUE),
    ("catalog:manage", _("Quản lý danh mục thủ tục"), {R.ADMIN}, CATALOGUE),
    ("organisations:agency_list", _("Cơ quan"), {R.ADMIN, R.LEADER, R.RECEPTION, R.PROCESSING, R.REPORT_VIEWER, R.REFORM}, CATALOGUE),
    ("organisations:staff_list", _("Cán bộ"), {R.ADMIN, R.LEADER}, CATALOGUE),
    ("calendars:year", _("Lịch làm việc"), None, CATALOGUE),
    ("dossiers:legacy_import", _("Chuyển đổi hồ sơ"), {R.ADMIN}, SYSTEM),
    ("jobs:list", _("Tác vụ nền"), {R.ADMIN}, SYSTEM),
    ("admin:index", _("Trang quản trị"), {R.ADMIN}, SYSTEM),
]


def _badge(url_name: str, user) -> int | None:
    """Dossiers waiting for the officer: assigned to them, for their unit, to receive, to return."""
    if url_name != "dossiers:work":
        return None
    from motcua.dossiers.selectors import queue_counts

    counts = queue_counts(user)
    return counts["mine"] + counts["unit"] + counts["to_receive"] + counts["to_return"]


def navigation(request):
    """The bar: the entries the user's roles see, the most used on the bar itself and the others
    in a few menus (one line at 1366 px; collapsed on a phone)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    roles = roles_of(user)
    items: list[dict] = []
    groups: dict[str, dict] = {}
    for url_name, label, allowed, group in NAVIGATION:
        if allowed is not None and not roles & allowed:
            continue
        url = reverse(url_name)
        entry = {"url": url, "label": label, "active": request.path == url or (url != "/" and request.path.startswith(url)), "badge": _badge(url_name, user)}
        if group is None:
            items.append(entry)
            continue
        menu = groups.get(str(group))
        if menu is None:
            menu = groups[str(group)] = {"label": group, "entries": [], "active": False}
            items.append(menu)
        menu["entries"].append(entry)
        menu["active"] = menu["active"] or entry["active"]
    return {"nav_items": items, "user_roles": roles, "is_admin": Role.ADMIN in roles}


def shell(request):
    """The frame of a page anyone may open (the procedure catalogue, the status lookup, the
    calendar): the staff shell for staff, the public portal's for everyone else, so that a
    citizen never lands in the staff's pages."""
    user = getattr(request, "user", None)
    staff = user is not None and user.is_authenticated and bool(roles_of(user))
    return {"public_base": "base.html" if staff else settings.PUBLIC_SHELL_TEMPLATE}
