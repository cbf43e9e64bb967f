"""Login throttling, race-free (docs/security.md, "Logins"; decision 0005).

Two budgets in the shared cache (Redis in production, so every web process counts against the
same numbers), each a fixed window of ``LOGIN_LOCKOUT_MINUTES``:

- one account from one address: ``LOGIN_MAX_FAILURES`` failed passwords, then that pair is
  locked. Someone who knows an officer's username can lock that officer out only from their own
  address, never from the counter PC the officer uses;
- one address over every account: ``LOGIN_IP_MAX_FAILURES`` failures (spraying one password
  over many accounts).

An attempt **reserves** its place in both budgets (an atomic increment) before the password is
evaluated, and gives it back when the password was right. So however many requests race, no
more than the budget's passwords are ever evaluated; the old count-after-failure let eight
through where the policy allows five. Every attempt is written to the login log
(``LoginAttempt``); ``manage.py reset_login_lockout`` lifts a lock."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from .choices import LoginOutcome
from .models import LoginAttempt


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _pair_key(username: str, ip: str) -> str:
    return f"login:pair:{_digest(username.strip().casefold() + '|' + ip)}"


def _ip_key(ip: str) -> str:
    return f"login:ip:{_digest(ip)}"


def _until_key(key: str) -> str:
    return key + ":until"


def _window() -> int:
    return settings.LOGIN_LOCKOUT_MINUTES * 60


def _take(key: str, limit: int) -> int:
    """Atomically count one more attempt in ``key``'s window; returns the count with it."""
    cache.add(key, 0, _window())
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, _window())
        return 1


def _give_back(key: str) -> None:
    try:
        cache.decr(key)
    except ValueError:
        pass


def _lock(key: str) -> dt.datetime:
    """The budget is spent: locked for a whole window from now."""
    until = timezone.now() + dt.timedelta(seconds=_window())
    cache.touch(key, _window())
    cache.set(_until_key(key), until.isoformat(), _window())
    return until


@dataclass(frozen=True)
class Reservation:
    username: str
    ip: str
    portal: bool
    pair_key: str
    ip_key: str


class Locked(Exception):
    def __init__(self, until: dt.datetime):
        self.until = until


def _locked_until(key: str) -> dt.datetime:
    text = cache.get(_until_key(key))
    return dt.datetime.fromisoformat(text) if text else timezone.now() + dt.timedelta(seconds=_window())


def reserve(username: str, ip: str, *, portal: bool = False, user_agent: str = "") -> Reservation:
    """A place for one password check, or ``Locked`` (recorded in the login log)."""
    pair, by_ip = _pair_key(username, ip), _ip_key(ip)
    for key, limit in ((pair, settings.LOGIN_MAX_FAILURES), (by_ip, settings.LOGIN_IP_MAX_FAILURES)):
        if _take(key, limit) > limit:
            _give_back(key)  # refused attempts do not deepen the hole
            if key == by_ip:
                _give_back(pair)
            until = _locked_until(key)
            _record(username, ip, LoginOutcome.LOCKED, portal, user_agent)
            raise Locked(until)
    return Reservation(username, ip, portal, pair, by_ip)


def failed(reservation: Reservation, *, user_agent: str = "") -> None:
    """The password was wrong: the reserved places stay taken (and a spent budget locks)."""
    for key, limit in ((reservation.pair_key, settings.LOGIN_MAX_FAILURES), (reservation.ip_key, settings.LOGIN_IP_MAX_FAILURES)):
        if (cache.get(key) or 0) >= limit and not cache.get(_until_key(key)):
            _lock(key)
    _record(reservation.username, reservation.ip, LoginOutcome.FAILED, reservation.portal, user_agent)


def succeeded(reservation: Reservation, user, *, user_agent: str = "") -> None:
    """The password was right: the pair starts afresh, the address gets its place back."""
    cache.delete_many([reservation.pair_key, _until_key(reservation.pair_key)])
    _give_back(reservation.ip_key)
    _record(reservation.username, reservation.ip, LoginOutcome.SUCCEEDED, reservation.portal, user_agent, user=user)


def reset(*, username: str = "", ip: str = "") -> int:
    """Lift the locks of an account at an address, or of an address (``reset_login_lockout``)."""
    keys = []
    if username and ip:
        keys.append(_pair_key(username, ip))
    if ip and not username:
        keys.append(_ip_key(ip))
    if username and not ip:  # every address this account failed from in the window
        since = timezone.now() - dt.timedelta(seconds=_window())
        ips = set(LoginAttempt.objects.filter(username__iexact=username, at__gte=since).values_list("ip", flat=True))
        keys += [_pair_key(username, address) for address in ips]
    cache.delete_many([k for key in keys for k in (key, _until_key(key))])
    return len(keys)


def _record(username: str, ip: str, outcome: str, portal: bool, user_agent: str, user=None) -> None:
    LoginAttempt.objects.create(
        username=username[:150], ip=ip[:45], outcome=outcome, portal=portal, user_agent=user_agent[:200], user_id=getattr(user, "pk", None)
    )
