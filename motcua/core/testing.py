"""Made-up files for tests and demo data: a minimal well-formed PDF and a real PNG; reading a
PDF's text as a reader sees it (poppler's ``pdftotext``); the steps of a long story test."""

from __future__ import annotations

import abc
import io
import json
import shutil
import subprocess  # noqa: S404 - pdftotext with a fixed argv
import threading
from http.server import ThreadingHTTPServer

from PIL import Image


def sample_pdf(text: str = "scanned") -> bytes:
    """A well-formed one-page A4 PDF showing ``text`` (Latin-1), with a correct cross-reference
    table: what a scanner or a word processor produces, minus the bulk."""
    safe = text.encode("latin-1", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    content = b"BT /F1 12 Tf 72 770 Td (" + safe + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += str(number).encode() + b" 0 obj\n" + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 " + str(len(objects) + 1).encode() + b"\n0000000000 65535 f \n"
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += b"trailer\n<< /Size " + str(len(objects) + 1).encode() + b" /Root 1 0 R >>\nstartxref\n" + str(xref).encode() + b"\n%%EOF\n"
    return bytes(out)


def sample_png(size: tuple[int, int] = (8, 8), color: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


class FakeCounterpart(abc.ABC):
    """Base of the fake outside systems the tests start on 127.0.0.1 (gateways, identity
    providers): subclasses define ``handler()`` returning a BaseHTTPRequestHandler class."""

    def __init__(self):
        handler = self.handler()
        handler.log_message = lambda *args: None  # quiet
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @abc.abstractmethod
    def handler(self):
        """The BaseHTTPRequestHandler class that answers like the counterpart."""

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def send_json(handler, data, status: int = 200) -> None:
    body = json.dumps(data).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def pdf_text(data: bytes) -> str:
    """The text of a PDF, whitespace collapsed (poppler-utils' ``pdftotext``)."""
    assert data.startswith(b"%PDF-")
    out = subprocess.run([shutil.which("pdftotext") or "pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True)  # noqa: S603 - fixed argv
    return " ".join(out.stdout.decode("utf-8").split())


_STEP: dict[str, str] = {"name": ""}


def step(name: str) -> None:
    """Mark where a long story test stands: when it fails, the report names the last step it
    reached (the root conftest adds it), so a failure says which part of the journey broke."""
    _STEP["name"] = name


def last_step(*, reset: bool = False) -> str:
    name = _STEP["name"]
    if reset:
        _STEP["name"] = ""
    return name
