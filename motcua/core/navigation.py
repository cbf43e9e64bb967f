"""The staff bar, assembled from the entries each app registers when it starts (in its
``registrations`` module), so ``core`` names no app. An entry is shown to the roles it lists
(None: everyone signed in), on the bar itself or in one of a few menus, in ``order``; a
``badge`` function of the user gives the number beside it (None: no badge)."""

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
