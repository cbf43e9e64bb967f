"""Outbound HTTP: one ``requests`` session per thread, so the connections to a counterpart (the
national portal, the post office, the SMS gateway) are kept open and reused by every call that
thread makes."""

from __future__ import annotations

import threading

import requests

_local = threading.local()


def http() -> requests.Session:
    """This thread's HTTP session."""
    session = getattr(_local, "session", None)
    if session is None:
        session = _local.session = requests.Session()
    return session
