"""The shell's context: the staff bar by role (``core.navigation``) and the frame of public pages."""

from django.conf import settings
from django.urls import reverse

from . import access, navigation


def navigation_bar(request):
    """The bar: the entries the user's roles see, the most used on the bar itself and the others
    in a few menus (one line at 1366 px; collapsed on a phone). Badges are empty places here,
    filled after the page by ``views.nav_badges``."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    roles = access.roles_of(user)
    items: list[dict] = []
    groups: dict[str, dict] = {}
    badged = False
    for entry in navigation.visible(roles):
        url = reverse(entry.url_name)
        active = request.path == url or (url != "/" and request.path.startswith(url))
        badge = navigation.badge_id(entry) if entry.badge else None
        badged = badged or badge is not None
        item = {"url": url, "label": entry.label, "active": active, "badge_id": badge}
        if entry.group is None:
            items.append(item)
            continue
        menu = groups.get(str(entry.group))
        if menu is None:
            menu = groups[str(entry.group)] = {"label": entry.group, "entries": [], "active": False, "badge_id": None}
            items.append(menu)
        menu["entries"].append(item)
        menu["active"] = menu["active"] or item["active"]
        if badge is not None:
            menu["badge_id"] = navigation.group_badge_id(entry.group)
    return {"nav_items": items, "nav_badges": badged, "user_roles": roles, "is_admin": access.ADMIN in roles}


def shell(request):
    """The frame of a page anyone may open (the procedure catalogue, the status lookup, the
    calendar): the staff shell for staff, the public portal's for everyone else, so that a
    citizen never lands in the staff's pages."""
    user = getattr(request, "user", None)
    staff = user is not None and user.is_authenticated and bool(access.roles_of(user))
    return {"public_base": "base.html" if staff else settings.PUBLIC_SHELL_TEMPLATE}
