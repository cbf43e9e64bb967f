"""API authentication: ``Authorization: Bearer <token>`` of a staff member, ``X-Api-Key`` of an
integrated system, or the staff session (with CSRF) for the app's own pages."""

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
        from motcua.integrations.services import authenticate_key

        return authenticate_key(request, key)


STAFF_AUTH = [BearerToken(), IntegrationKey(), StaffSession(csrf=True)]
