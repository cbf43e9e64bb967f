"""What apps above the dossier app add to the dossier's pages, so the dossier app imports none of
them; an app registers its functions in its ``registrations`` module.

- Panels answer HTML for a dossier, or "" when they have nothing. ``where`` is "detail" (below
  the dossier's header), "actions" (beside the action buttons) or "print" (the print page after
  reception).
- Next pages: where the officer goes after an action (the form it issues, ready to print); the
  first registered function that answers a URL wins, else the dossier page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.safestring import SafeString, mark_safe

Panel = Callable[..., str]
NextPage = Callable[[Any, str], str | None]
_PANELS: list[Panel] = []
_NEXT_PAGES: list[NextPage] = []


def register(panel: Panel) -> None:
    if panel not in _PANELS:
        _PANELS.append(panel)


def render(request, d, where: str) -> SafeString:
    """Every registered panel's HTML for ``d`` on the page ``where``."""
    return mark_safe("".join(panel(request, d, where) for panel in _PANELS))  # noqa: S308 - each panel renders an escaping template


def register_next_page(next_page: NextPage) -> None:
    if next_page not in _NEXT_PAGES:
        _NEXT_PAGES.append(next_page)


def next_page(d, action: str) -> str | None:
    """The page to show after ``action`` on ``d`` (None: the dossier page)."""
    for candidate in _NEXT_PAGES:
        url = candidate(d, action)
        if url:
            return url
    return None
