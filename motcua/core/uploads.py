"""Checking an uploaded file before anything keeps it: size, real content type (by content,
never by name or by the browser's claim), a sanitised display name, and a SHA-256. Used by the
officers' attachments and the portal's uploads alike; the caller stores the bytes under a name
of its own (never the one sent), outside the web root."""

from __future__ import annotations

import hashlib
import io
import os
import unicodedata
from dataclasses import dataclass

from django.conf import settings

from .errors import BilingualError

SIGNATURES = ((b"%PDF-", "application/pdf", ".pdf"), (b"\x89PNG\r\n\x1a\n", "image/png", ".png"), (b"\xff\xd8\xff", "image/jpeg", ".jpg"))
NAME_CHARS = " -_.()"


class UploadError(BilingualError):
    pass


@dataclass(frozen=True)
class CheckedUpload:
    data: bytes
    content_type: str
    ext: str
    name: str  # sanitised display name with the extension of the real content
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


def sniff(head: bytes) -> tuple[str, str] | None:
    for magic, content_type, ext in SIGNATURES:
        if head.startswith(magic):
            return content_type, ext
    return None


def safe_name(raw: str, ext: str) -> str:
    """A display name without any directory part, control or shell character, at most 150
    characters, ending in the extension of the real content."""
    base = str(raw or "").replace("\\", "/").split("/")[-1]
    stem = os.path.splitext(unicodedata.normalize("NFC", base))[0]
    stem = "".join(ch for ch in stem if ch.isalnum() or ch in NAME_CHARS).strip(" .")[:150]
    return (stem or "tep") + ext


def _well_formed(data: bytes, content_type: str) -> bool:
    if content_type == "application/pdf":
        return b"%%EOF" in data[-2048:]
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        return True
    except Exception:  # noqa: BLE001 - any decoder error means "not an image"
        return False


def check_upload(upload, *, max_mb: int | None = None) -> CheckedUpload:
    """The upload's bytes if it is a non-empty, well-formed PDF, PNG or JPEG under the limit."""
    max_mb = max_mb or settings.DOSSIER_FILE_MAX_MB
    limit = max_mb * 1024 * 1024
    if upload is None or not getattr(upload, "size", 0):
        raise UploadError("Cần chọn một tệp không rỗng.", "A non-empty file is required.")
    if upload.size > limit:
        raise UploadError(f"Tệp lớn hơn {max_mb} MB.", f"The file is larger than {max_mb} MB.")
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise UploadError(f"Tệp lớn hơn {max_mb} MB.", f"The file is larger than {max_mb} MB.")
    sniffed = sniff(data[:16])
    if sniffed is None:
        raise UploadError("Chỉ nhận tệp PDF, PNG hoặc JPEG (kiểm tra theo nội dung tệp).", "Only PDF, PNG or JPEG files are accepted (checked by content).")
    content_type, ext = sniffed
    if not _well_formed(data, content_type):
        raise UploadError("Tệp bị hỏng hoặc không đúng định dạng PDF, PNG, JPEG.", "The file is damaged or not a real PDF, PNG or JPEG.")
    return CheckedUpload(data, content_type, ext, safe_name(getattr(upload, "name", ""), ext), hashlib.sha256(data).hexdigest())
