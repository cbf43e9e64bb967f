"""The client's address, the one place every rate limit, lockout and log reads it from.

``REMOTE_ADDR`` is the peer that opened the connection. Only when that peer is one of our own
reverse proxies (``TRUSTED_PROXIES``: addresses or networks) is ``X-Forwarded-For`` read, from
the right: each trusted proxy appended the address it received from, so the first address from
the right that is not a trusted proxy is the client. Anything a client writes into the header
itself stands to the left of that and is never used. With no trusted proxy configured the
header is ignored entirely (docs/security.md, "Client addresses")."""

from __future__ import annotations

import functools
import ipaddress

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.cache
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def trusted(address, networks: tuple[Network, ...]) -> bool:
    return address is not None and any(address in network for network in networks)


def client_ip(request) -> str:
    """The client's address as seen through our trusted proxies (see the module's text)."""
    cached = getattr(request, "_motcua_client_ip", None)
    if cached is not None:
        return cached
    peer_text = request.META.get("REMOTE_ADDR", "") or ""
    peer = _address(peer_text)
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    client = str(peer) if peer is not None else peer_text[:45]
    if trusted(peer, networks):
        for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
            address = _address(hop)
            if address is None:
                break  # a malformed hop: keep the last address a trusted proxy vouched for
            client = str(address)
            if not trusted(address, networks):
                break
    request._motcua_client_ip = client
    return client
