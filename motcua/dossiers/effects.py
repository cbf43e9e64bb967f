"""Side effects of dossier actions, run only after the transaction commits (never for a
rolled-back action): today a structured log line per action; notifications and the national
portal sync hook in here (issue 10)."""

from __future__ import annotations

import logging

from django.db import transaction

logger = logging.getLogger("motcua.dossiers")
SUBSCRIBERS: list = []


def after(dossier, action: str) -> None:
    snapshot = {"dossier": dossier.pk, "code": dossier.code, "action": action, "state": dossier.state, "national_status": dossier.national_status}

    def run() -> None:
        logger.info("dossier action", extra=snapshot)
        for subscriber in SUBSCRIBERS:
            subscriber(snapshot)

    transaction.on_commit(run)
