"""Side effects of dossier actions.

``record`` runs inside the action's transaction, right after its event is written: it puts the
applicant's notice and the messages to outside systems (national portal, post, payment) in
their outboxes, so they exist if and only if the action committed.
``after`` runs only after the transaction commits (never for a rolled-back action): a
structured log line per action, and the subscribers (the national portal sync, issue 10)."""

from __future__ import annotations

import logging

from django.db import transaction

logger = logging.getLogger("motcua.dossiers")
SUBSCRIBERS: list = []


def record(dossier, event) -> None:
    from motcua.integrations.services import on_dossier_event
    from motcua.notifications.services import notify_dossier_event

    notify_dossier_event(dossier, event)
    on_dossier_event(dossier, event)


def after(dossier, action: str) -> None:
    snapshot = {"dossier": dossier.pk, "code": dossier.code, "action": action, "state": dossier.state, "national_status": dossier.national_status}

    def run() -> None:
        logger.info("dossier action", extra=snapshot)
        for subscriber in SUBSCRIBERS:
            subscriber(snapshot)

    transaction.on_commit(run)
