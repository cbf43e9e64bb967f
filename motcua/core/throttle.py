"""Rate limits per client address for public pages (lookups, registration, codes, feedback),
kept in the cache so every worker process shares them."""

from __future__ import annotations

from ninja.throttling import SimpleRateThrottle

from .network import client_ip


class ClientThrottle(SimpleRateThrottle):
    """``ClientThrottle("lookup", "60/m").allow_request(request)``: at most the rate per address."""

    def __init__(self, scope: str, rate: str, ident: str = ""):
        self.scope, self.ident = scope, ident
        super().__init__(rate)

    def get_cache_key(self, request) -> str:
        """Per client address, or one budget for ``ident`` (an API key) whatever the address."""
        return self.cache_format % {"scope": self.scope, "ident": self.ident or self.get_ident(request)}

    def get_ident(self, request) -> str:
        """The client's address through the trusted proxies only (ninja's own would believe
        any X-Forwarded-For a client sends)."""
        return client_ip(request)
