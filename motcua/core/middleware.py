from __future__ import annotations

import logging
import time
import uuid

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation

from .errors import BilingualError
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
    """A strict Content-Security-Policy on every page, the API's documentation included:
    everything is vendored, nothing comes from elsewhere. Nothing the app generates is kept by
    a browser or a proxy (``Cache-Control: no-store``): dossier pages, files and forms carry
    personal data and counter PCs are shared (static files, served before this, are cached)."""

    POLICY = (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", self.POLICY)
        response.setdefault("Cache-Control", "no-store")
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class DefaultLanguageMiddleware:
    """Vietnamese unless the user chose another language with the switch (the language cookie).
    The browser's Accept-Language is ignored: a counter PC set to English still shows Vietnamese."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
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
        if (
            "\x00" in request.path
            or _has_nul(request.GET)
            or (request.method == "POST" and request.content_type in FORM_TYPES and _has_nul(request.POST))
        ):
            return refuse(request, 400, NUL_VI, NUL_EN)
        return self.get_response(request)


URI_TOO_LONG = ("Địa chỉ yêu cầu quá dài.", "The request URI is too long.")
BODY_TOO_LARGE = ("Dữ liệu gửi lên quá lớn.", "The request body is too large.")


def refuse(request, status: int, vi: str, en: str):
    """A 4xx before any view: JSON with both messages on the API, the error page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"message": vi, "message_en": en, "detail": None}, status=status)
    return render(request, "400.html", {"message": vi}, status=status)


class RequestLimitsMiddleware:
    """Limits checked before the body is read or a view runs: the URI's length
    (``MAX_URI_LENGTH``, 414; below the web server's own, so the answer is ours) and the declared
    body size (``MAX_REQUEST_BODY_MB``, 413; the web server's ``client_max_body_size`` should
    match, docs/security.md). Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` still caps form fields."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if len(request.get_full_path()) > settings.MAX_URI_LENGTH:
            return refuse(request, 414, *URI_TOO_LONG)
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return refuse(request, 400, "Độ dài dữ liệu không hợp lệ.", "Invalid Content-Length.")
        if declared > settings.MAX_REQUEST_BODY_MB * 1024 * 1024:
            return refuse(request, 413, *BODY_TOO_LARGE)
        return self.get_response(request)


class BilingualErrorMiddleware:
    """A refusal that no view caught (``core.errors.BilingualError``, e.g. a document that cannot
    be signed now) is its own status with its message, never a 500: the error page, or JSON with
    both messages on the API."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, BilingualError):
            return refuse(request, exception.status, exception.message_vi, exception.message_en)
        return None
