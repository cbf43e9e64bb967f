"""Process caches of reference data that every request reads and few ever change.

A reception reads the receiving agency, the procedure version in force and the notice
templates; each read through the ORM costs more to compile than to run. ``cached`` keeps such
reads in the process, keyed by the current token of their kind of data (``core.Revision``):

- one small SQL statement checks the token (no ORM compilation), once per request for all the
  kinds of data (``RequestTokens``), once per read outside requests;
- ``bump`` writes a new random token in the writer's transaction, so the change and the new
  token commit (or roll back) together, and every process refills on its next read;
- the models whose rows feed a cache bump its token on every save and delete (``watch``), and
  their ``QuerySet.update`` does too (``WatchedQuerySet``: an update sends no signal).

Cached values are model instances; callers get a shallow copy, so nothing they set on it leaks
into another request.
"""

from __future__ import annotations

import copy
import secrets
import threading
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db import connection, models
from django.db.models.signals import m2m_changed, post_delete, post_save

T = TypeVar("T")
MAX_ENTRIES = 2000
_MISSING = object()
_lock = threading.Lock()
_caches: dict[str, tuple[str, dict[Hashable, Any]]] = {}
WATCHED: dict[type[models.Model], str] = {}  # model -> the revision its rows feed


# Inside a request (``RequestTokens``): every token, read once with the first cached read. None
# outside requests, and for the rest of a request that has changed reference data itself.
_request_tokens: ContextVar[dict[str, str] | None] = ContextVar("motcua_revision_tokens", default=None)
_LOADED = "\x00loaded"


def token(name: str) -> str:
    """The current token of ``name`` ('' before its first change). Within a request, the
    tokens as they were at its first read: one statement for all the request's cached reads."""
    memo = _request_tokens.get()
    if memo is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT token FROM core_revision WHERE name = %s", [name])
            row = cursor.fetchone()
        return row[0] if row else ""
    if _LOADED not in memo:
        with connection.cursor() as cursor:
            cursor.execute("SELECT name, token FROM core_revision")
            memo.update(cursor.fetchall())
        memo[_LOADED] = ""
    return memo.get(name, "")


def bump(name: str) -> None:
    """Mark ``name`` changed, in the current transaction."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_revision (name, token) VALUES (%s, %s) ON CONFLICT (name) DO UPDATE SET token = excluded.token",
            [name, secrets.token_hex(16)],
        )
    # This request now reads the database every time: its change may yet roll back.
    _request_tokens.set(None)


class RequestTokens:
    """Middleware: the tokens of reference data are read at most once per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reset = _request_tokens.set({})
        try:
            return self.get_response(request)
        finally:
            _request_tokens.reset(reset)


def _copy(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, tuple, frozenset)):
        return value
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    clone = copy.copy(value)
    state = getattr(clone, "_state", None)
    if state is not None:  # related instances loaded with select_related: copies too
        state.fields_cache = {k: _copy(v) for k, v in state.fields_cache.items()}
    return clone


def cached(name: str, key: Hashable, load: Callable[[], T], *, shared: bool = False) -> T:
    """``load()``, kept in this process until ``name`` next changes. Each caller gets its own
    copy (model instances are mutable), unless ``shared``: an immutable value (a compiled
    template, a deadline engine) is handed out as it is."""
    current = token(name)
    with _lock:
        held = _caches.get(name)
        if held is None or held[0] != current:
            held = (current, {})
            _caches[name] = held
        value = held[1].get(key, _MISSING)
    if value is _MISSING:
        value = load()
        with _lock:
            if _caches.get(name, (None,))[0] == current:
                entries = _caches[name][1]
                if len(entries) >= MAX_ENTRIES:
                    entries.clear()
                entries[key] = value
    return value if shared else _copy(value)


def clear() -> None:
    """Forget every cached entry of this process (tests)."""
    with _lock:
        _caches.clear()


def watch(name: str, *watched: type[models.Model]) -> None:
    """Bump ``name`` whenever a row of one of the ``watched`` models (or one of their
    many-to-many links) is saved or deleted."""

    def changed(sender, **kwargs) -> None:
        bump(name)

    for model in watched:
        WATCHED[model] = name
        uid = f"motcua_revision_{name}_{model._meta.label_lower}"
        post_save.connect(changed, sender=model, dispatch_uid=f"{uid}_save", weak=False)
        post_delete.connect(changed, sender=model, dispatch_uid=f"{uid}_delete", weak=False)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(changed, sender=field.remote_field.through, dispatch_uid=f"{uid}_{field.name}", weak=False)


class WatchedQuerySet(models.QuerySet):
    """The query set of a watched model: ``update`` bumps the model's revision, as ``save``
    and ``delete`` do through their signals."""

    def update(self, **kwargs) -> int:
        rows = super().update(**kwargs)
        name = WATCHED.get(self.model)
        if rows and name:
            bump(name)
        return rows
