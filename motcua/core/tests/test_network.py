"""The client's address: X-Forwarded-For is believed only from our own proxies, read from the
right; rotating it does not buy more lookups or registrations."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from motcua.core.network import client_ip


def _request(remote: str, xff: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **extra)  # type: ignore[arg-type]  # WSGI keys as keyword arguments, as Django documents


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(_request("203.0.113.7", "1.2.3.4")) == "203.0.113.7"


def test_behind_a_trusted_proxy_the_rightmost_untrusted_address_is_the_client(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/24"]
    # The client wrote "6.6.6.6" itself; our outer proxy (10.0.0.5) appended the real peer.
    assert client_ip(_request("127.0.0.1", "6.6.6.6, 198.51.100.20, 10.0.0.5")) == "198.51.100.20"
    assert client_ip(_request("127.0.0.1", "198.51.100.20")) == "198.51.100.20"
    assert client_ip(_request("127.0.0.1", "2001:db8::1")) == "2001:db8::1"
    # A request straight from the internet cannot use the header at all.
    assert client_ip(_request("198.51.100.20", "10.0.0.9")) == "198.51.100.20"
    # A malformed hop stops the walk at the last address a trusted proxy vouched for.
    assert client_ip(_request("127.0.0.1", "198.51.100.20, garbage")) == "127.0.0.1"


@pytest.mark.django_db
def test_rotating_x_forwarded_for_does_not_lift_the_lookup_limit(env, receive, client, settings):
    settings.PUBLIC_LOOKUP_RATE = "5/m"
    d = receive()
    statuses = [
        client.get(reverse("dossiers:track"), {"code": d.code, "secret": "GUESS000"}, HTTP_X_FORWARDED_FOR=f"203.0.113.{i}").status_code
        for i in range(8)
    ]
    assert statuses == [404] * 5 + [429] * 3
    api = client.get(f"/api/v1/public/dossiers/{d.code}", {"secret": d.lookup_secret}, HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert api.status_code == 429


@pytest.mark.django_db
def test_rotating_x_forwarded_for_does_not_lift_the_registration_limit(client, settings):
    settings.PORTAL_FORM_RATE = "3/h"
    statuses = [
        client.post(
            reverse("portal:register"),
            {"identifier": f"user{i}@example.invalid", "full_name": "Người Thử", "password1": "x", "password2": "x"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{i}",
        ).status_code
        for i in range(5)
    ]
    assert statuses[3:] == [429, 429]
