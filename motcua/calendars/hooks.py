"""The hook through which a calendar change reaches objects with due times (dossiers).

A domain that keeps due times registers a provider. When an administrator changes a day, the
calendar page lists every open subject whose recomputed due time would differ, and applies
the new due times only when the administrator asks; each recomputation is an audit event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from .engine import Duration, Pause


@dataclass(frozen=True)
class DeadlineSubject:
    key: str
    label: str
    received_at: dt.datetime
    duration: Duration
    due_at: dt.datetime
    agency_id: int | None = None
    pauses: tuple[Pause, ...] = field(default=())


class SubjectProvider(Protocol):
    name: str

    def open_subjects(self, start: dt.date, end: dt.date) -> Iterable[DeadlineSubject]:
        """Open subjects whose counting window may include a day in [start, end]."""

    def apply(self, key: str, new_due: dt.datetime, *, actor: Any) -> None:
        """Store a recomputed due time."""


PROVIDERS: dict[str, SubjectProvider] = {}


def register(provider: SubjectProvider) -> SubjectProvider:
    PROVIDERS[provider.name] = provider
    return provider


def unregister(name: str) -> None:
    PROVIDERS.pop(name, None)
