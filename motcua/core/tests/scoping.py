"""Reusable checks that every staff screen and staff endpoint must pass, as NetBox's
``utilities/testing`` gives each view the same permission tests.

A test class of an app mixes one in and says what its page is: a URL (a function of the ``env``
fixture: two communes A and B with staff, see ``motcua/dossiers/tests/fixtures.py``), the staff
who may open it and the staff who may not. The mixin adds the tests:

- an anonymous visitor is sent to log in (a screen) or answered 401 (the API);
- a signed-in user with no role (a citizen's account) is refused;
- each allowed officer gets the page (200), each refused officer 403 or 404 (a dossier outside
  one's units is not found, rather than forbidden, so its existence does not leak).

The expected outcomes are written by the test class from the rules (``docs/rules.md`` §9),
never read from the code under test."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from django.contrib.auth import get_user_model

from motcua.accounts.services import create_api_token

REFUSED = (403, 404)


def _no_role_user():
    return get_user_model().objects.create_user(username="nguoidan.thu", password="Mật-khẩu-thử-123", full_name="Người dân thử")  # noqa: S106


class StaffScreen:
    """A staff screen: ``path(env, extra)`` answers its URL; ``extra`` is what the class's
    ``setup(env)`` made (a dossier, a round...)."""

    allowed: ClassVar[tuple[str, ...]] = ()
    refused: ClassVar[tuple[str, ...]] = ()

    @staticmethod
    def path(env: dict, extra: Any, /) -> str:
        raise NotImplementedError("say the URL of the page")

    def setup(self, env) -> Any:
        return None

    @pytest.fixture
    def url(self, env) -> str:
        return self.path(env, self.setup(env))

    def test_an_anonymous_visitor_is_sent_to_log_in(self, url, client):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]

    def test_a_user_without_a_role_is_refused(self, url, client):
        client.force_login(_no_role_user())
        response = client.get(url)
        assert response.status_code in REFUSED or (response.status_code == 302 and "portal" in response["Location"])

    def test_the_staff_it_serves_open_it(self, url, client, env):
        assert self.allowed, "name at least one officer who may open the screen"
        for key in self.allowed:
            client.force_login(env["staff"][key])
            assert client.get(url).status_code == 200, key

    def test_staff_outside_its_scope_are_refused(self, url, client, env):
        for key in self.refused:
            client.force_login(env["staff"][key])
            assert client.get(url).status_code in REFUSED, key


class StaffEndpoint:
    """A staff API endpoint (GET): ``path(env, extra)`` answers its URL under ``/api/v1``.
    Refused callers get 403 or 404, or, for a list, ``hidden(body)`` true (nothing of the
    other unit in it)."""

    allowed: ClassVar[tuple[str, ...]] = ()
    refused: ClassVar[tuple[str, ...]] = ()

    @staticmethod
    def path(env: dict, extra: Any, /) -> str:
        raise NotImplementedError("say the URL of the endpoint")

    def setup(self, env) -> Any:
        return None

    def hidden(self, body: Any) -> bool:
        return False

    @pytest.fixture
    def url(self, env) -> str:
        return self.path(env, self.setup(env))

    def _get(self, client, url, user):
        return client.get(url, headers={"Authorization": f"Bearer {create_api_token(user, name='scope test')[1]}"})

    def test_without_credentials_it_answers_401(self, url, client):
        response = client.get(url)
        assert response.status_code == 401 and "message_en" in response.json()

    def test_a_user_without_a_role_is_refused(self, url, client):
        response = self._get(client, url, _no_role_user())
        assert response.status_code in (401, 403, 404)

    def test_the_staff_it_serves_get_it(self, url, client, env):
        assert self.allowed, "name at least one officer who may call the endpoint"
        for key in self.allowed:
            assert self._get(client, url, env["staff"][key]).status_code == 200, key

    def test_staff_outside_its_scope_see_nothing(self, url, client, env):
        for key in self.refused:
            response = self._get(client, url, env["staff"][key])
            assert response.status_code in REFUSED or (response.status_code == 200 and self.hidden(response.json())), key
