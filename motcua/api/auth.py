"""API authentication: ``Authorization: Bearer <token>`` for integrations, or the staff
session (with CSRF) for the app's own pages."""

from ninja.security import APIKeyCookie, HttpBearer

from motcua.accounts.services import authenticate_token


class BearerToken(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request, token):
        user = authenticate_token(token)
        if user is not None:
            request.user = user
        return user


class StaffSession(APIKeyCookie):
    """Django's session cookie; CSRF is checked for unsafe methods."""

    param_name = "sessionid"

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


STAFF_AUTH = [BearerToken(), StaffSession(csrf=True)]
