"""The shell's context: the staff bar by role (``core.navigation``) and the frame of public pages."""

from django.conf import settings
from django.urls import reverse

from . import access, navigation


def navigation_bar(request):
    """The bar: the entries the user's roles see, the most used on the bar itself and the others
    in a few menus (one line at 1366 px; collapsed on a phone)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    roles = access.roles_of(user)
    items: list[dict] = []
    groups: dict[str, dict] = {}
    for entry in navigation.entries():
        if entry.roles is not None and not roles & entry.roles:
            continue
        url = reverse(entry.url_name)
        active = request.path == url or (url != "/" and request.path.startswith(url))
        item = {"url": url, "label": entry.label, "active": active, "badge": entry.badge(user) if entry.badge else None}
        if entry.group is None:
            items.append(item)
            continue
        menu = groups.get(str(entry.group))
        if menu is None:
            menu = groups[str(entry.group)] = {"label": entry.group, "entries": [], "active": False, "badge": 0}
            items.append(menu)
        menu["entries"].append(item)
        menu["active"] = menu["active"] or item["active"]
        menu["badge"] += item["badge"] or 0
    return {"nav_items": items, "user_roles": roles, "is_admin": access.ADMIN in roles}


def shell(request):
    """The frame of a page anyone may open (the procedure catalogue, the status lookup, the
    calendar): the staff shell for staff, the public portal's for everyone else, so that a
    citizen never lands in the staff's pages."""
    user = getattr(request, "user", None)
    staff = user is not None and user.is_authenticated and bool(access.roles_of(user))
    return {"public_base": "base.html" if staff else settings.PUBLIC_SHELL_TEMPLATE}
