"""The job runner: Django's tasks API (django-tasks backport) on the database backend, with
retries and exponential backoff, and periodic jobs.

    @job(queue="reports", max_attempts=5)
    def send_message(message_id: int) -> None: ...

    send_message.enqueue(42)          # inside a transaction: enqueued only if it commits

A failing attempt re-enqueues the same job with ``_attempt`` + 1 after
``backoff * 2 ** (attempt - 1)`` seconds (capped at an hour), then re-raises so the failed
attempt is recorded. After ``max_attempts`` the job stays FAILED: the dead letter, visible and
retryable on the jobs page.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger("motcua.jobs")
MAX_BACKOFF_SECONDS = 3600


def backoff_delay(attempt: int, base_seconds: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(base_seconds * 2 ** (attempt - 1), MAX_BACKOFF_SECONDS))


def job(*, queue: str = "default", max_attempts: int | None = None, backoff_seconds: int | None = None, priority: int = 0):
    def decorator(func: Callable[..., Any]):
        @functools.wraps(func)
        def run(*args: Any, _attempt: int = 1, **kwargs: Any) -> Any:
            limit = max_attempts or settings.JOB_DEFAULT_MAX_ATTEMPTS
            try:
                return func(*args, **kwargs)
            except Exception:
                if _attempt < limit:
                    delay = backoff_delay(_attempt, backoff_seconds or settings.JOB_BACKOFF_SECONDS)
                    wrapped.using(run_after=timezone.now() + delay).enqueue(*args, _attempt=_attempt + 1, **kwargs)
                    logger.warning(
                        "job failed, retrying", extra={"job": func.__name__, "attempt": _attempt, "retry_in_s": delay.total_seconds()}
                    )
                else:
                    logger.error("job failed for good", extra={"job": func.__name__, "attempt": _attempt})
                raise

        wrapped = task(queue_name=queue, priority=priority)(run)
        return wrapped

    return decorator


@dataclass(frozen=True)
class Periodic:
    name: str
    job: Any
    every: dt.timedelta | None = None
    at: dt.time | None = None  # daily at this local time

    def slot(self, now: dt.datetime) -> dt.datetime | None:
        """The slot that is due at ``now`` (aware), or None if nothing is due yet today."""
        if self.every is not None:
            seconds = int(self.every.total_seconds())
            epoch = int(now.timestamp())
            return dt.datetime.fromtimestamp(epoch - epoch % seconds, tz=dt.UTC)
        assert self.at is not None
        local = timezone.localtime(now)
        start = local.replace(hour=self.at.hour, minute=self.at.minute, second=0, microsecond=0)
        return start if local >= start else None


PERIODIC: dict[str, Periodic] = {}


def periodic(*, every: dt.timedelta | None = None, at: dt.time | None = None):
    """Register a job (already decorated with @job) to run every ``every`` or daily ``at``."""
    if (every is None) == (at is None):
        raise ValueError("give exactly one of every= or at=")

    def decorator(wrapped):
        name = f"{wrapped.func.__module__}.{wrapped.func.__qualname__}"
        PERIODIC[name] = Periodic(name=name, job=wrapped, every=every, at=at)
        return wrapped

    return decorator
