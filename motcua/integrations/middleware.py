"""The request log of integrated systems: every /api/ call made with an integration key."""

from __future__ import annotations

import time

from .models import RequestLog


class IntegrationRequestLog:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        key = getattr(request, "integration_key", None)
        if key is not None:
            RequestLog.objects.create(
                key=key,
                method=request.method[:8],
                path=request.path[:300],
                status=response.status_code,
                duration_ms=int((time.perf_counter() - started) * 1000),
            )
        return response
