"""Every API error answers JSON with a Vietnamese and an English message."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError
from django.http import Http404
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser

from motcua.core.errors import BilingualError
from motcua.core.middleware import NUL_EN, NUL_VI

MESSAGES = {
    400: ("Yêu cầu không hợp lệ.", "Bad request."),
    401: ("Chưa xác thực: cần khóa API hoặc đăng nhập.", "Not authenticated: an API token or a session is required."),
    403: ("Không có quyền thực hiện thao tác này.", "You are not allowed to do this."),
    404: ("Không tìm thấy.", "Not found."),
    409: ("Xung đột trạng thái.", "Conflict with the current state."),
    413: ("Dữ liệu gửi lên quá lớn.", "The request body is too large."),
    414: ("Địa chỉ yêu cầu quá dài.", "The request URI is too long."),
    415: ("Kiểu dữ liệu gửi lên không được hỗ trợ.", "Unsupported media type."),
    422: ("Dữ liệu không hợp lệ.", "Invalid input."),
    429: ("Quá nhiều yêu cầu, vui lòng thử lại sau.", "Too many requests; try again later."),
}


class ApiError(Exception):
    def __init__(self, status: int, message_vi: str, message_en: str, detail: object = None):
        self.status, self.message_vi, self.message_en, self.detail = status, message_vi, message_en, detail


def body(status: int, vi: str | None = None, en: str | None = None, detail: object = None) -> dict:
    default_vi, default_en = MESSAGES.get(status, ("Lỗi.", "Error."))
    return {"message": vi or default_vi, "message_en": en or default_en, "detail": detail}


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


class StrictParser(Parser):
    """JSON bodies declared as JSON (anything else, ``text/plain`` or no type at all, is a 415:
    a browser form may send ``text/plain`` across sites without a preflight) and without NUL characters, which no text column can store
    (PostgreSQL refuses
    them): a 422, never a 500 deeper down. Paths, query strings and forms are checked for every
    request by ``core.middleware.RejectNulMiddleware``."""

    def parse_body(self, request):
        if request.body and request.content_type != "application/json" and not request.content_type.endswith("+json"):
            raise ApiError(
                415,
                "Dữ liệu phải gửi dạng JSON (Content-Type: application/json).",
                "Send the body as JSON (Content-Type: application/json).",
                {"content_type": request.content_type or None},
            )
        data = super().parse_body(request)
        if _has_nul(data):
            raise ApiError(422, NUL_VI, NUL_EN)
        return data


def _install_refusals(api) -> None:
    """A refusal no operation caught (``BilingualError``, e.g. a PDF that cannot be signed now):
    its own status and both messages."""

    @api.exception_handler(BilingualError)
    def refusal(request, exc: BilingualError):
        return api.create_response(request, body(exc.status, exc.message_vi, exc.message_en), status=exc.status)


def install(api) -> None:
    @api.exception_handler(ApiError)
    def api_error(request, exc: ApiError):
        return api.create_response(request, body(exc.status, exc.message_vi, exc.message_en, exc.detail), status=exc.status)

    @api.exception_handler(NinjaValidationError)
    def validation(request, exc: NinjaValidationError):
        detail = [{"loc": list(map(str, e.get("loc", []))), "msg": e.get("msg", "")} for e in exc.errors]
        # Name the fields (the last part of each location that is a name, not a list index).
        fields = list(dict.fromkeys(next((part for part in reversed(d["loc"]) if not part.isdigit()), "") for d in detail))[:10]
        named = ", ".join(f for f in fields if f)
        vi, en = MESSAGES[422]
        return api.create_response(
            request, body(422, f"{vi[:-1]}: {named}." if named else vi, f"{en[:-1]}: {named}." if named else en, detail), status=422
        )

    @api.exception_handler(ValidationError)
    def django_validation(request, exc: ValidationError):
        return api.create_response(request, body(422, "; ".join(exc.messages), detail=exc.messages), status=422)

    @api.exception_handler(DataError)
    def data_error(request, exc: DataError):
        # A value the database cannot store (a NUL in a path, a number out of range): the
        # client's input, and the statement's transaction has rolled back.
        return api.create_response(request, body(400, "Dữ liệu không hợp lệ.", "Invalid data."), status=400)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(request, body(401), status=401)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return api.create_response(request, body(403), status=403)

    _install_refusals(api)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, body(404), status=404)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if isinstance(exc.__cause__, ApiError):  # ninja wraps what the body parser raises
            return api_error(request, exc.__cause__)
        return api.create_response(request, body(exc.status_code, detail=str(exc)), status=exc.status_code)


ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "required": ["message", "message_en"],
    "properties": {
        "message": {"type": "string", "description": "Vietnamese message for people."},
        "message_en": {"type": "string", "description": "English message."},
        "detail": {"description": "Machine-readable detail (field errors, allowed actions...)", "nullable": True},
    },
}
ERROR_DESCRIPTIONS = {
    400: "Bad request.",
    401: "Not authenticated (token, API key or session).",
    403: "Not allowed (role, scope, agency).",
    404: "Not found or not in scope.",
    409: "Conflict with the current state or version.",
    413: "Body too large (MAX_REQUEST_BODY_MB).",
    414: "URI too long (MAX_URI_LENGTH).",
    415: "The body is not JSON (Content-Type must be application/json).",
    422: "Invalid input.",
    429: "Rate limit reached (per client address, key or account).",
}


def document(schema: dict) -> dict:
    """Every operation answers its errors with the same JSON body: say so in the OpenAPI."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            statuses = [400, 414, 422, 429]
            if operation.get("security"):
                statuses += [401, 403]
            if operation.get("security") or any(p.get("in") == "path" for p in operation.get("parameters", [])):
                statuses.append(404)  # a path or a referenced code (agency, procedure) not found or not in scope
            if "post" in str(operation.get("operationId", "")).lower() or operation.get("requestBody"):
                statuses += [409, 413]
            if "application/json" in operation.get("requestBody", {}).get("content", {}):
                statuses.append(415)
            for status in statuses:
                existing = responses.get(status) or responses.get(str(status))
                if existing is None:
                    responses[status] = {"description": ERROR_DESCRIPTIONS[status], **ref}
                    continue
                # A status the operation documents with its own body may also carry a plain error
                # (e.g. an import's 422 for a body that is not even an import).
                content = existing.setdefault("content", {}).setdefault("application/json", {})
                own = content.get("schema")
                if own and own != ref["content"]["application/json"]["schema"]:
                    content["schema"] = {"anyOf": [own, {"$ref": "#/components/schemas/Error"}]}
    return schema
