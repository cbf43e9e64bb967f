from __future__ import annotations

import logging
import time
import uuid

from .network import client_ip

logger = logging.getLogger("motcua.request")


class RequestLogMiddleware:
    """One structured log line per request, with a request id echoed in X-Request-ID."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        request.request_id = request_id
        started = time.perf_counter()
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        user = getattr(request, "user", None)
        logger.info(
            "request",
            extra={
                "request_id": request_id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "ms": round((time.perf_counter() - started) * 1000, 1),
                "user": user.pk if user is not None and user.is_authenticated else None,
                "ip": client_ip(request),
            },
        )
        return response


class SecurityHeadersMiddleware:
    """A strict Content-Security-Policy: everything is vendored, nothing comes from elsewhere."""

    POLICY = (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/api/v1/docs"):
            response.setdefault("Content-Security-Policy", self.POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class DefaultLanguageMiddleware:
    """Vietnamese unless the user chose another language with the switch (the language cookie).
    The browser's Accept-Language is ignored: a counter PC set to English still shows Vietnamese."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
NUL_VI, NUL_EN = "Dữ liệu gửi lên chứa ký tự NUL (0x00), không được chấp nhận.", "Input may not contain the NUL (0x00) character."


def _has_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in value for value in data.getlist(key)) for key in data)


class RejectNulMiddleware:
    """A NUL character (0x00) in the path, the query string or a form field is refused with a
    400 before any view runs: no text column can store it (PostgreSQL refuses it outright), so
    it is never valid input, and refused here it cannot reach a query and become a 500. JSON
    bodies are checked by the API's parser."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _has_nul(request.GET) or (request.method == "POST" and request.content_type in FORM_TYPES and _has_nul(request.POST)):
            if request.path.startswith("/api/"):
                from django.http import JsonResponse

                return JsonResponse({"message": NUL_VI, "message_en": NUL_EN, "detail": None}, status=400)
            from django.shortcuts import render

            return render(request, "400.html", {"message": NUL_VI}, status=400)
        return self.get_response(request)
