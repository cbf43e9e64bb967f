"""API authentication: ``Authorization: Bearer <token>`` of a staff member, ``X-Api-Key`` of an
integrated system, or the staff session (with CSRF) for the app's own pages."""

from collections.abc import Callable
from typing import Any

from ninja.security import APIKeyCookie, APIKeyHeader, HttpBearer

from motcua.accounts.selectors import is_staff_member
from motcua.accounts.services import authenticate_token


class BearerToken(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request, token):
        user = authenticate_token(token)
        if user is not None:
            request.user = user
        return user


class StaffSession(APIKeyCookie):
    """Django's session cookie of a staff member; CSRF is checked for unsafe methods. A
    citizen's portal session is a session too, and opens nothing here."""

    param_name = "sessionid"

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and is_staff_member(user):
            return user
        return None


class IntegrationKey(APIKeyHeader):
    """``X-Api-Key`` of another system: scopes per key (403 outside them), a rate limit per key
    (429), every request logged."""

    param_name = "X-Api-Key"

    def authenticate(self, request, key):
        return _KEY_AUTHENTICATORS[0](request, key) if _KEY_AUTHENTICATORS else None


_KEY_AUTHENTICATORS: list[Callable[[Any, str], Any]] = []


def accept_keys(authenticator: Callable[[Any, str], Any]) -> None:
    """The keys of integrated systems are kept by ``integrations``, which registers how to check
    one when it starts (without it, no key opens anything)."""
    _KEY_AUTHENTICATORS[:] = [authenticator]


STAFF_AUTH = [BearerToken(), IntegrationKey(), StaffSession(csrf=True)]
