"""Made-up files for tests and demo data: a minimal well-formed PDF and a real PNG."""

from __future__ import annotations

import io


def sample_pdf(text: str = "scanned") -> bytes:
    body = f"%PDF-1.4\n% {text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    return body.encode("latin-1", "replace")


def sample_png(size: tuple[int, int] = (8, 8), color: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()
