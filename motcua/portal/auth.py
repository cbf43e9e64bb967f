"""How applicants log in: e-mail or phone with a password (PortalBackend), or an OpenID
Connect provider such as the national identity (NationalIdBackend, on when configured)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .services import find_account, oidc_account


class PortalBackend(ModelBackend):
    """``authenticate(request, username=<e-mail or phone>, password=...)`` for applicant accounts."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = find_account(username)
        if user is None:
            # Same work as a real check, so timing does not reveal which accounts exist.

            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


class NationalIdBackend(OIDCAuthenticationBackend):
    """Accounts are matched on the provider's subject (``sub``), never on an e-mail address
    the provider may not have verified."""

    def verify_claims(self, claims):
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims):
        user = oidc_account(claims, create=False)
        return get_user_model().objects.filter(pk=user.pk) if user else get_user_model().objects.none()

    def create_user(self, claims):
        return oidc_account(claims)

    def update_user(self, user, claims):
        return oidc_account(claims) or user
