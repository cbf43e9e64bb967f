"""HTTP clients of the outside systems. Each call carries the outbox message's stable key
(``X-Idempotency-Key``) so the counterpart can drop a repeat; a timeout, a refused connection
or a 5xx/429 answer raises ``DeliveryError`` (retried later), a 4xx other than 401/429 raises
``Rejected`` (retrying will not help: straight to the dead letters)."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from typing import Any

import requests
from django.conf import settings

from motcua.core.http import http
from motcua.jobs.outbox import DeliveryError, Rejected


def sign(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _call(
    method: str, url: str, *, key: str = "", headers: dict | None = None, body: dict | None = None, params: dict | None = None
) -> requests.Response:
    data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    if key:
        all_headers["X-Idempotency-Key"] = key
    try:
        return http().request(method, url, data=data, params=params, headers=all_headers, timeout=settings.OUTBOX_TIMEOUT)
    except requests.RequestException as exc:
        raise DeliveryError(f"{type(exc).__name__}: {str(exc)[:200]}") from exc


def _check(response: requests.Response) -> dict[str, Any]:
    if response.status_code >= 500 or response.status_code in (401, 408, 429):
        raise DeliveryError(f"HTTP {response.status_code}: {response.text[:200]}")
    if response.status_code >= 400:
        raise Rejected(f"HTTP {response.status_code}: {response.text[:200]}")
    try:
        return response.json()
    except ValueError:
        return {}


class NationalPortal:
    """The national public service portal: a session token from ``/auth``, then the calls with
    the session, the agency code (``madonvi``) and the service name."""

    _session: dict[str, str] = {}
    _lock = threading.Lock()

    def __init__(self):
        self.base = settings.NATIONAL_PORTAL_URL.rstrip("/")

    def _login(self) -> str:
        response = _call(
            "POST", f"{self.base}/auth", body={"username": settings.NATIONAL_PORTAL_USERNAME, "password": settings.NATIONAL_PORTAL_PASSWORD}
        )
        token = _check(response).get("session", "")
        if not token:
            raise DeliveryError("The portal gave no session.")
        with self._lock:
            self._session[self.base] = token
        return token

    def _headers(self, service: str) -> dict:
        token = self._session.get(self.base) or self._login()
        return {"Authorization": f"Bearer {token}", "X-Ma-Don-Vi": settings.NATIONAL_PORTAL_AGENCY, "X-Service": service}

    def request(
        self, method: str, service: str, *, key: str = "", body: dict | None = None, params: dict | None = None
    ) -> requests.Response:
        response = _call(method, f"{self.base}/{service}", key=key, headers=self._headers(service), body=body, params=params)
        if response.status_code == 401:  # the session expired: log in again, once
            self._login()
            response = _call(method, f"{self.base}/{service}", key=key, headers=self._headers(service), body=body, params=params)
        return response

    def send(self, kind: str, payload: dict, key: str) -> dict:
        service = {"sync": "DongBoHoSoMC", "progress": "CapNhatTienDoHoSoMC", "intake_ack": "XacNhanHoSo"}[kind]
        return _check(self.request("POST", service, key=key, body=payload))

    def lookup(self, code: str) -> dict | None:
        response = self.request("GET", "TraCuuHoSo", params={"MaHoSo": code})
        if response.status_code == 404:
            return None
        return _check(response)

    def listing(self, start: str, end: str) -> list[dict]:
        return _check(self.request("GET", "DanhSachHoSo", params={"tungay": start, "denngay": end})).get("items", [])

    def new_dossiers(self) -> list[dict]:
        """The dossiers submitted on the portal for this province and not yet acknowledged."""
        items = _check(self.request("GET", "LayDanhSachHoSoMoi")).get("items", [])
        return items if isinstance(items, list) else []

    def file(self, url: str, *, limit: int) -> bytes:
        """A submitted file, fetched from the portal itself only (a link elsewhere is refused:
        we never fetch what a payload points at on another host), at most ``limit`` bytes."""
        if url.startswith(self.base + "/"):
            target = url
        elif "://" in url or url.startswith("//"):
            raise Rejected("The file link is not on the portal.")
        else:
            target = f"{self.base}/{url.lstrip('/')}"
        try:
            response = http().get(target, headers=self._headers("TaiTep"), timeout=settings.OUTBOX_TIMEOUT, stream=True)
        except requests.RequestException as exc:
            raise DeliveryError(f"{type(exc).__name__}: {str(exc)[:200]}") from exc
        with response:
            if response.status_code != 200:
                raise (DeliveryError if response.status_code >= 500 else Rejected)(f"HTTP {response.status_code}")
            data = b""
            for chunk in response.iter_content(64 * 1024):
                data += chunk
                if len(data) > limit:
                    raise Rejected("The file is too large.")
        return data

    def procedure(self, code: str) -> dict | None:
        response = self.request("GET", "LayThuTuc", params={"MaTTHC": code})
        if response.status_code == 404:
            return None
        return _check(response)


class PostalService:
    def __init__(self):
        self.base = settings.POSTAL_URL.rstrip("/")
        self.headers = {"Authorization": f"Bearer {settings.POSTAL_TOKEN}"}

    def send(self, kind: str, payload: dict, key: str) -> dict:
        if kind == "postal_cancel":
            return _check(_call("POST", f"{self.base}/orders/{payload['waybill']}/cancel", key=key, headers=self.headers, body={}))
        return _check(_call("POST", f"{self.base}/orders", key=key, headers=self.headers, body=payload))


class PaymentGateway:
    def __init__(self):
        self.base = settings.PAYMENT_URL.rstrip("/")

    def send(self, kind: str, payload: dict, key: str) -> dict:
        body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
        headers = {"X-Merchant": settings.PAYMENT_MERCHANT, "X-Signature": sign(settings.PAYMENT_SECRET, body)}
        try:
            response = http().post(
                f"{self.base}/payments",
                data=body,
                headers={"Content-Type": "application/json", "X-Idempotency-Key": key, **headers},
                timeout=settings.OUTBOX_TIMEOUT,
            )
        except requests.RequestException as exc:
            raise DeliveryError(f"{type(exc).__name__}: {str(exc)[:200]}") from exc
        return _check(response)


def adapter_for(target: str):
    return {"portal": NationalPortal, "postal": PostalService, "payment": PaymentGateway}[target]()
