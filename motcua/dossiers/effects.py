"""The dossier app publishes its events; other apps subscribe when they start (``docs/rules.md``
§1: an action's effects exist if and only if it committed).

``record`` runs inside the action's transaction, right after its event is written: the
subscribers registered with ``subscribe`` put the applicant's notice and the messages to outside
systems (national portal, post, payment) in their outboxes, so they commit or roll back with the
action. ``after`` runs only after the transaction commits (never for a rolled-back action): a
structured log line per action, then the ``subscribe_committed`` subscribers.

The dossier app imports none of its subscribers: ``notifications`` and ``integrations`` register
themselves in their ``AppConfig.ready``."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction

logger = logging.getLogger("motcua.dossiers")

EventSubscriber = Callable[[Any, Any], object]  # what it answers is ignored
CommitSubscriber = Callable[[dict], None]
_IN_TRANSACTION: list[tuple[int, EventSubscriber]] = []
SUBSCRIBERS: list[CommitSubscriber] = []
ChangeSubscriber = Callable[[list[int]], None]
_CHANGED: list[ChangeSubscriber] = []


def subscribe(handler: EventSubscriber, *, order: int = 50) -> None:
    """Call ``handler(dossier, event)`` inside the transaction of every dossier event (once per
    handler however often an app starts); lower ``order`` runs first."""
    if all(existing is not handler for _order, existing in _IN_TRANSACTION):
        _IN_TRANSACTION.append((order, handler))
        _IN_TRANSACTION.sort(key=lambda item: item[0])


def subscribe_committed(handler: CommitSubscriber) -> None:
    """Call ``handler(snapshot)`` after an action commits (the snapshot of ``after``)."""
    if handler not in SUBSCRIBERS:
        SUBSCRIBERS.append(handler)


def subscribe_changed(handler: ChangeSubscriber) -> None:
    """Call ``handler(dossier_ids)`` when another app changed something about dossiers without
    an event of theirs (a message reached the national portal, a complaint was filed)."""
    if handler not in _CHANGED:
        _CHANGED.append(handler)


def changed(dossier_ids: list[int]) -> None:
    """Tell the subscribers, in the caller's transaction, that these dossiers changed."""
    for handler in _CHANGED:
        handler(dossier_ids)


def record(dossier, event) -> None:
    for _order, handler in _IN_TRANSACTION:
        handler(dossier, event)


def after(dossier, action: str) -> None:
    snapshot = {
        "dossier": dossier.pk,
        "code": dossier.code,
        "action": action,
        "state": dossier.state,
        "national_status": dossier.national_status,
    }

    def run() -> None:
        logger.info("dossier action", extra=snapshot)
        for subscriber in SUBSCRIBERS:
            subscriber(snapshot)

    transaction.on_commit(run)
