"""The fake national portal on 127.0.0.1 the integration tests drive: sessions, the status
calls idempotent on their key, look-ups, and the dossiers citizens submit there (offered by
``LayDanhSachHoSoMoi`` until acknowledged, files served from ``/files/``)."""

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlparse

from motcua.core.testing import FakeCounterpart, send_json


class FakePortal(FakeCounterpart):
    """The national portal: sessions, DongBoHoSoMC / CapNhatTienDoHoSoMC idempotent on the key,
    TraCuuHoSo, DanhSachHoSo. Modes: up, down (503), slow (3 s), error (400)."""

    def __init__(self):
        self.mode, self.sessions, self.keys = "up", set(), set()
        self.fail_once: set[str] = set()  # services that answer 503 to their next call
        self.calls: list[tuple[str, dict]] = []
        self.received: list[str] = []  # every key that reached a service, repeats included
        self.dossiers: dict[str, dict] = {}
        self.procedures: dict[str, dict] = {}
        self.submitted: list = []  # dossiers citizens submitted here, offered until acknowledged
        self.files: dict[str, bytes] = {}  # served at /files/<name>
        self.acks: list[dict] = []
        self.files_status = 404  # the answer for a file it does not have (503: its file server is down)
        super().__init__()

    def submit(self, item, files: dict[str, bytes] | None = None) -> None:
        """A citizen submits a dossier on the portal (with the files it links to)."""
        self.files.update(files or {})
        self.submitted.append(item)

    def handler(self):
        return type("Handler", (_PortalHandler,), {"portal": self})


class _PortalHandler(BaseHTTPRequestHandler):
    """The fake national portal's HTTP side; ``portal`` is the FakePortal it answers for."""

    portal: "FakePortal"

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length) or b"{}")

    def _refusal(self) -> tuple[dict, int] | None:
        """The portal's answer before it takes a call: down, a login, no session, an error mode, a busy spell."""
        if self.portal.mode == "down":
            return {"error": "maintenance"}, 503
        if self.portal.mode == "slow":
            threading.Event().wait(3)
        if self.path == "/auth":
            token = uuid.uuid4().hex
            self.portal.sessions.add(token)
            return {"session": token}, 200
        if self.headers.get("Authorization", "")[7:] not in self.portal.sessions:
            return {"error": "session"}, 401
        if self.portal.mode == "error":
            return {"error": "MaTTHC không tồn tại"}, 400
        if self.path.strip("/") in self.portal.fail_once:
            self.portal.fail_once.discard(self.path.strip("/"))
            return {"error": "busy"}, 503
        return None

    def do_POST(self):  # noqa: N802
        body = self._body()
        if (refusal := self._refusal()) is not None:
            return send_json(self, *refusal)
        key = self.headers.get("X-Idempotency-Key", "")
        self.portal.received.append(key)
        if key not in self.portal.keys:  # a repeat of a key changes nothing
            self.portal.keys.add(key)
            service = self.path.strip("/")
            self.portal.calls.append((service, body))
            if service == "DongBoHoSoMC":
                self.portal.dossiers[body["MaHoSo"] or body["MaHoSoQG"]] = body
            if service == "XacNhanHoSo":
                self.portal.acks.append(body)
                self.portal.submitted = [
                    i for i in self.portal.submitted if not isinstance(i, dict) or i.get("MaHoSoQG") != body["MaHoSoQG"]
                ]
        return send_json(self, {"status": "ok"})

    def do_GET(self):  # noqa: N802
        url = urlparse(self.path)
        if (url.path == "/LayDanhSachHoSoMoi" or url.path.startswith("/files/")) and (refusal := self._refusal()) is not None:
            return send_json(self, *refusal)
        query = parse_qs(url.query)
        if url.path == "/TraCuuHoSo":
            found = self.portal.dossiers.get(query["MaHoSo"][0])
            return send_json(self, found or {"error": "not found"}, 200 if found else 404)
        if url.path == "/LayThuTuc":
            found = self.portal.procedures.get(query["MaTTHC"][0])
            return send_json(self, found or {"error": "not found"}, 200 if found else 404)
        if url.path == "/LayDanhSachHoSoMoi":
            return send_json(self, {"items": list(self.portal.submitted)})
        if url.path.startswith("/files/"):
            data = self.portal.files.get(url.path[7:])
            if data is None:
                return send_json(self, {"error": "not found"}, self.portal.files_status)
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return None
        if url.path == "/DanhSachHoSo":
            return send_json(self, {"items": [{"MaHoSo": k, "TrangThaiHoSo": v["TrangThaiHoSo"]} for k, v in self.portal.dossiers.items()]})
        return send_json(self, {"error": "?"}, 404)
