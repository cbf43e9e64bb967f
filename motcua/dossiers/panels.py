"""Panels that apps above the dossier app add to the dossier's pages (the dossier page and the
print page after reception), so the dossier app imports none of them: an app registers a
function in its ``AppConfig.ready``; it answers HTML for a dossier, or "" when it has nothing.
``where`` is "detail" or "print"."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe

Panel = Callable[..., str]
_PANELS: list[Panel] = []


def register(panel: Panel) -> None:
    if panel not in _PANELS:
        _PANELS.append(panel)


def render(request, d, where: str) -> SafeString:
    """Every registered panel's HTML for ``d`` on the page ``where``."""
    return mark_safe("".join(panel(request, d, where) for panel in _PANELS))  # noqa: S308 - each panel renders an escaping template
