"""Made-up files for tests and demo data: a minimal well-formed PDF and a real PNG."""

from __future__ import annotations

import abc
import io


def sample_pdf(text: str = "scanned") -> bytes:
    body = f"%PDF-1.4\n% {text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    return body.encode("latin-1", "replace")


def sample_png(size: tuple[int, int] = (8, 8), color: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


class FakeCounterpart(abc.ABC):
    """Base of the fake outside systems the tests start on 127.0.0.1 (gateways, identity
    providers): subclasses define ``handler()`` returning a BaseHTTPRequestHandler class."""

    def __init__(self):
        import threading
        from http.server import ThreadingHTTPServer

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
    import json

    body = json.dumps(data).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)
