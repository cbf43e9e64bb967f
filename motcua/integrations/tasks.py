"""Outbox delivery on the job runner: right after the commit that queued a message, and a
sweep every minute for retries and for dossiers whose earlier message was waiting."""

import datetime as dt

from motcua.jobs.runner import job, periodic

from . import services


@job(queue="sync", max_attempts=1)
def deliver_outbox_message(message_id: int) -> str:
    return services.deliver(message_id)


@periodic(every=dt.timedelta(minutes=1))
@job(queue="sync", max_attempts=1)
def deliver_due_outbox() -> dict:
    return services.deliver_due()
