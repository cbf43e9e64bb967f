"""Delivery jobs: one right after the commit that queued a message, and a sweep every minute
for retries (and for anything queued while no worker was running)."""

import datetime as dt

from motcua.jobs.runner import job, periodic

from . import services


@job(queue="notifications", max_attempts=1)
def deliver_message(message_id: int) -> str:
    return services.deliver(message_id)


@periodic(every=dt.timedelta(minutes=1))
@job(queue="notifications", max_attempts=1)
def deliver_due_messages() -> dict:
    return services.deliver_due()
