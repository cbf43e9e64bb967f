"""The staff bar, assembled from the entries each app registers when it starts (in its
``registrations`` module), so ``core`` names no app. An entry is shown to the roles it lists
(None: everyone signed in), on the bar itself or in one of a few menus, in ``order``; a
``badge`` function of the user gives the number beside it (None: no badge). Badges are counted
after the page, by one request of its own (``badges``), so that no page waits for them."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

DESK = _("Một cửa")
STEER = _("Điều hành")
CATALOGUE = _("Danh mục")
SYSTEM = _("Quản trị")


@dataclass(frozen=True)
class Entry:
    url_name: str
    label: str | Promise
    roles: frozenset[str] | None
    group: str | Promise | None
    order: int
    badge: Callable[[Any], int | None] | None = None


_ENTRIES: dict[str, Entry] = {}


def register(
    url_name: str,
    label: str | Promise,
    *,
    roles: Collection[str] | None,
    group: str | Promise | None = None,
    order: int = 50,
    badge: Callable[[Any], int | None] | None = None,
) -> None:
    """Add (or replace, by URL name) an entry of the bar."""
    _ENTRIES[url_name] = Entry(url_name, label, None if roles is None else frozenset(roles), group, order, badge)


def entries() -> list[Entry]:
    return sorted(_ENTRIES.values(), key=lambda entry: entry.order)


def visible(roles: Collection[str]) -> list[Entry]:
    """The entries a user with ``roles`` sees, in order."""
    return [e for e in entries() if e.roles is None or bool(set(roles) & e.roles)]


def badge_id(entry: Entry) -> str:
    """The id of the element that shows an entry's badge."""
    return "nav-badge-" + entry.url_name.replace(":", "-").replace("_", "-")


def group_badge_id(group: str | Promise) -> str:
    """The id of a menu's badge: the sum of its entries'."""
    return f"nav-badge-menu-{[str(e.group) for e in entries() if e.group is not None].index(str(group))}"


def badges(user: Any, roles: Collection[str]) -> list[tuple[str, int, bool]]:
    """(element id, number, a link of the bar itself) for every badge the user sees: each
    entry's, then each menu's, the sum of its entries'."""
    out: dict[str, tuple[int, bool]] = {}
    for entry in visible(roles):
        if entry.badge is None:
            continue
        n = entry.badge(user) or 0
        out[badge_id(entry)] = (n, entry.group is None)
        if entry.group is not None:
            group = group_badge_id(entry.group)
            out[group] = (out.get(group, (0, False))[0] + n, False)
    return [(key, n, on_bar) for key, (n, on_bar) in out.items()]
