"""Reads that may come from a PostgreSQL streaming replica (``DATABASE_REPLICA_URL``): the
reports, dashboards and exports, marked with ``replica_reads``. Everything else reads and
writes the primary. Within a marked block the replica is used only while it answers and lags
less than ``REPLICA_MAX_LAG_SECONDS`` (checked at most every ``CHECK_SECONDS`` per process), and
never after the same request or job has written: what a person just did is read back from the
primary."""

from __future__ import annotations

import contextlib
import contextvars
import functools
import logging
import threading
import time
from collections.abc import Iterator

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger("motcua.core")
REPLICA = "replica"
CHECK_SECONDS = 5
# The replay lag: none while everything received is replayed (an idle primary sends nothing).
LAG_SQL = (
    "SELECT CASE WHEN NOT pg_is_in_recovery() THEN NULL WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
    "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END"
)

_wanted: contextvars.ContextVar[bool] = contextvars.ContextVar("motcua_replica_wanted", default=False)
_wrote: contextvars.ContextVar[bool] = contextvars.ContextVar("motcua_replica_wrote", default=False)
_health = {"checked": 0.0, "usable": False}
_lock = threading.Lock()


def configured() -> bool:
    return REPLICA in settings.DATABASES


def usable(now: float | None = None) -> bool:
    """Whether the replica answers and is recent enough, as checked in the last few seconds."""
    now = time.monotonic() if now is None else now
    with _lock:
        if now - _health["checked"] < CHECK_SECONDS:
            return bool(_health["usable"])
        _health["checked"] = now
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(LAG_SQL)
            lag = cursor.fetchone()[0]
        ok = lag is not None and float(lag) <= settings.REPLICA_MAX_LAG_SECONDS
        if not ok:
            logger.warning("replica not used", extra={"lag_seconds": None if lag is None else float(lag)})
    except DatabaseError:
        logger.warning("replica unreachable: reads go to the primary")
        connections[REPLICA].close()
        ok = False
    with _lock:
        _health["usable"] = ok
    return ok


def forget() -> None:
    """Check the replica again at the next read (tests, and after a failover)."""
    with _lock:
        _health["checked"] = 0.0


@contextlib.contextmanager
def replica_reads() -> Iterator[None]:
    """Reads inside may come from the replica (see the module)."""
    wanted, wrote = _wanted.set(True), _wrote.set(False)
    try:
        yield
    finally:
        _wanted.reset(wanted)
        _wrote.reset(wrote)


def reads_from_replica(view):
    """``replica_reads`` around a view or a job."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        with replica_reads():
            return view(*args, **kwargs)

    return wrapped


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _wanted.get() and not _wrote.get() and usable():
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        _wrote.set(True)
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, seen from two places

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
