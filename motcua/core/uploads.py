"""Checking an uploaded file before anything keeps it: size, real content type (by content,
never by name or by the browser's claim), then **parsed and rewritten** (docs/security.md,
"Uploads"), a sanitised display name, and a SHA-256 of what is kept. Used by the officers'
attachments, the portal's uploads and the reform evidence alike; the caller stores the bytes
under a name of its own (never the one sent), outside the web root.

- A PDF is opened by a real parser (qpdf through pikepdf): encrypted, broken or over
  ``UPLOAD_PDF_MAX_PAGES`` pages is refused; active content (JavaScript, launch and submit
  actions, embedded files, rich media, XFA forms) is refused; every compressed stream is
  inflated under a budget (``UPLOAD_PDF_MAX_INFLATED_MB`` for the whole file), so a stream that
  inflates to hundreds of megabytes is refused before it is inflated; the file is then written
  anew from its objects, which drops anything glued before or after them (an HTML page, a ZIP).
- An image is decoded under a pixel limit (``UPLOAD_MAX_PIXELS``, checked from the header
  before decoding) and re-encoded in its own format without metadata or trailing data, so an
  HTML, PDF or ZIP hidden in a comment or after the end is gone."""

from __future__ import annotations

import hashlib
import io
import os
import unicodedata
import zlib
from dataclasses import dataclass

import pikepdf
from django.conf import settings
from PIL import Image, ImageOps

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


DAMAGED = ("Tệp bị hỏng hoặc không đúng định dạng PDF, PNG, JPEG.", "The file is damaged or not a real PDF, PNG or JPEG.")
ACTIVE = (
    "Tệp PDF chứa nội dung chạy được (mã JavaScript, liên kết chạy chương trình, tệp đính kèm hoặc biểu mẫu động); hãy in ra PDF thường "
    "rồi gửi lại.",
    "The PDF has active content (JavaScript, launch or submit actions, embedded files or dynamic forms); print it to a plain PDF and send "
    "that.",
)
# Names whose presence anywhere in a PDF means content that runs or carries other files.
ACTIVE_NAMES = frozenset(
    {
        "/JS",
        "/JavaScript",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/RichMedia",
        "/XFA",
        "/SubmitForm",
        "/ImportData",
        "/GoToE",
        "/Sound",
        "/Movie",
    }
)
ACTIVE_SUBTYPES = frozenset({"/FileAttachment", "/RichMedia", "/Screen", "/Sound", "/Movie"})
STRIPPED_KEYS = ("/OpenAction", "/AA")  # actions on opening a document or a page: dropped (what is left of them is navigation)


def _inflate(raw: bytes, budget: int) -> int:
    """The inflated size of a Flate stream, without ever holding more than ``budget`` bytes."""
    inflater = zlib.decompressobj()
    size = len(inflater.decompress(raw, budget + 1))
    while inflater.unconsumed_tail and size <= budget:
        size += len(inflater.decompress(inflater.unconsumed_tail, budget + 1 - size))
    return size


def _dictionaries(obj, depth: int = 0):
    """The dictionaries of one indirect object: itself and those written inside it (an indirect
    reference is not followed: it is an object of its own in ``pdf.objects``)."""
    if depth > 64:
        raise UploadError(*DAMAGED)
    if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
        children = list(obj.values())  # before the caller may strip a key of it
        yield obj
    elif isinstance(obj, pikepdf.Array):
        children = list(obj)
    else:
        return
    for child in children:
        if isinstance(child, (pikepdf.Dictionary, pikepdf.Array)) and not child.is_indirect:
            yield from _dictionaries(child, depth + 1)


def _clean_pdf(data: bytes) -> bytes:
    """The PDF saved again without active content, or UploadError: encrypted, damaged, too many
    pages, inflating past the budget, or with JavaScript, launch or submit actions, embedded files."""
    pdf = _open_pdf(data)
    with pdf:
        _check_pages(pdf)
        budget, inflated = settings.UPLOAD_PDF_MAX_INFLATED_MB * 1024 * 1024, 0
        for obj in pdf.objects:
            _scrub(obj)
            if isinstance(obj, pikepdf.Stream):
                inflated += _stream_size(obj, budget - inflated)
                if inflated > budget:
                    raise UploadError(
                        f"Tệp PDF giải nén quá {settings.UPLOAD_PDF_MAX_INFLATED_MB} MB.",
                        f"The PDF inflates to more than {settings.UPLOAD_PDF_MAX_INFLATED_MB} MB.",
                    )
        names = pdf.Root.get("/Names")
        if names is not None and set(names.keys()) & {"/JavaScript", "/EmbeddedFiles"}:
            raise UploadError(*ACTIVE)
        out = io.BytesIO()
        try:
            pdf.save(out, fix_metadata_version=False)
        except pikepdf.PdfError:
            raise UploadError(*DAMAGED) from None
    return out.getvalue()


def _open_pdf(data: bytes) -> pikepdf.Pdf:
    try:
        return pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise UploadError(
            "Tệp PDF có mật khẩu; hãy gửi bản không đặt mật khẩu.", "The PDF is encrypted; send it without a password."
        ) from None
    except pikepdf.PdfError:
        raise UploadError(*DAMAGED) from None


def _check_pages(pdf: pikepdf.Pdf) -> None:
    try:
        pages = len(pdf.pages)
    except pikepdf.PdfError:
        raise UploadError(*DAMAGED) from None
    if pages == 0:
        raise UploadError(*DAMAGED)
    if pages > settings.UPLOAD_PDF_MAX_PAGES:
        raise UploadError(
            f"Tệp PDF quá {settings.UPLOAD_PDF_MAX_PAGES} trang.", f"The PDF has more than {settings.UPLOAD_PDF_MAX_PAGES} pages."
        )


def _scrub(obj) -> None:
    """Refuse an object with active content; drop the keys that only carry metadata we strip."""
    for node in _dictionaries(obj):
        keys = set(node.keys())
        if keys & ACTIVE_NAMES or str(node.get("/S", "")) in ACTIVE_NAMES or str(node.get("/Subtype", "")) in ACTIVE_SUBTYPES:
            raise UploadError(*ACTIVE)
        for key in STRIPPED_KEYS:
            if key in keys:
                del node[key]


def _stream_size(obj: pikepdf.Stream, left: int) -> int:
    """The stream's size once inflated (counted up to ``left``; raw size when not deflated)."""
    filters = obj.get("/Filter")
    first = filters[0] if isinstance(filters, pikepdf.Array) and len(filters) else filters
    raw = obj.read_raw_bytes()
    return _inflate(raw, left) if str(first) == "/FlateDecode" else len(raw)


def _clean_image(data: bytes, content_type: str) -> bytes:
    fmt = "PNG" if content_type == "image/png" else "JPEG"
    try:
        with Image.open(io.BytesIO(data), formats=[fmt]) as image:
            width, height = image.size  # from the header, before any decoding
            if width * height > settings.UPLOAD_MAX_PIXELS:
                raise UploadError(f"Ảnh quá lớn ({width}×{height} điểm ảnh).", f"The image is too large ({width}x{height} pixels).")
            image.load()
            icc = image.info.get("icc_profile")
            clean = ImageOps.exif_transpose(image)
            out = io.BytesIO()
            if fmt == "JPEG":
                clean.save(out, format="JPEG", quality=90, optimize=True, **({"icc_profile": icc} if icc else {}))
            else:
                kept = {k: image.info[k] for k in ("transparency",) if k in image.info}
                clean.save(out, format="PNG", **kept, **({"icc_profile": icc} if icc else {}))
    except UploadError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadError("Ảnh quá lớn.", "The image is too large.") from None
    except Exception:  # noqa: BLE001 - any decoder error means "not an image"
        raise UploadError(*DAMAGED) from None
    return out.getvalue()


def normalise(data: bytes, content_type: str) -> bytes:
    """The file rewritten from what its parser understood (see the module's text)."""
    return _clean_pdf(data) if content_type == "application/pdf" else _clean_image(data, content_type)


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
        raise UploadError(
            "Chỉ nhận tệp PDF, PNG hoặc JPEG (kiểm tra theo nội dung tệp).",
            "Only PDF, PNG or JPEG files are accepted (checked by content).",
        )
    content_type, ext = sniffed
    data = normalise(data, content_type)
    return CheckedUpload(data, content_type, ext, safe_name(getattr(upload, "name", ""), ext), hashlib.sha256(data).hexdigest())
