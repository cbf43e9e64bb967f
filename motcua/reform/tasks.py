"""Scheduled reminders of the reform domain on the job runner."""

import datetime as dt

from motcua.jobs.runner import job, periodic

from . import services


@periodic(at=dt.time(8, 0))
@job(queue="reports")
def send_reform_reminders() -> int:
    return services.send_reminders()
