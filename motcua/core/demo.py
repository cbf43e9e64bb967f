"""The demo data, assembled from the loaders each app registers when it starts (in its
``registrations`` module), so ``core`` and its ``load_demo`` command name no app.

A loader is a function of the options (``dossiers``: how many demo dossiers) answering the lines
to print (or none); loaders run in ``order`` and are idempotent, so ``load_demo`` can run again
on a loaded database. Everything made here is invented: names, numbers, addresses."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

PASSWORD = "motcua-demo-2026"  # noqa: S105 - demo accounts only, printed for the user
AGENCY_SUFFIX = "H38"  # illustrative agency-code suffix of the demo province
PROVINCE_CODE = "68"  # Tỉnh Lâm Đồng (merged with Đắk Nông and Bình Thuận on 1/7/2025)
COMMUNES = list(range(1, 7))  # the demo communes, numbered from the province's first

Loader = Callable[[dict[str, Any]], Iterable[str] | None]
_LOADERS: dict[str, tuple[int, Loader]] = {}


def register(name: str, loader: Loader, *, order: int) -> None:
    _LOADERS[name] = (order, loader)


def loaders() -> list[tuple[str, Loader]]:
    return [(name, loader) for name, (_order, loader) in sorted(_LOADERS.items(), key=lambda item: item[1][0])]


def load(options: dict[str, Any]) -> list[str]:
    """Run every registered loader in order; the lines they print."""
    lines: list[str] = []
    for _name, loader in loaders():
        lines.extend(loader(options) or ())
    return lines
