"""Periodic catalogue jobs."""

import datetime as dt

from motcua.jobs.runner import job, periodic

from . import services


@periodic(at=dt.time(0, 5))
@job(queue="default")
def activate_due_versions() -> int:
    """Each night: versions whose effective date has come replace the listed ones."""
    return services.activate_due_versions()
