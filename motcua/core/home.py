"""The staff home page is assembled from sections the apps register in their ``ready`` (what
waits for the user: queues for officers, today's figures and alerts for leaders, the day's
collections for the desk), so ``core`` imports none of them. A section is a function of the
request answering HTML, or "" when it has nothing for this user; ``order`` sorts them."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe

Section = Callable[..., str]
_SECTIONS: list[tuple[int, Section]] = []


def register(section: Section, *, order: int = 50) -> None:
    if all(existing is not section for _order, existing in _SECTIONS):
        _SECTIONS.append((order, section))
        _SECTIONS.sort(key=lambda item: item[0])


def render(request) -> SafeString:
    return mark_safe("".join(section(request) for _order, section in _SECTIONS))  # noqa: S308 - each section renders an escaping template
