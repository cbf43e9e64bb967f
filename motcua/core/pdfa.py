"""PDF/A-2b renditions for long-term archiving (docs/rules.md section 3.1): Ghostscript's
``pdfwrite`` rewrites a PDF with every font embedded, device-independent colour and an sRGB
output intent, and declares PDF/A-2 level B in its XMP metadata. The ICC profile is lcms2's own
sRGB (through Pillow), written once per process: nothing is fetched from another host.
Why Ghostscript and not a Python library: docs/decisions/0009-pdfa-archive.md."""

from __future__ import annotations

import functools
import io
import shutil
import subprocess  # noqa: S404 - a fixed argument list, no shell
import tempfile
from pathlib import Path

import pikepdf
from django.conf import settings
from PIL import ImageCms

from .errors import BilingualError

TIMEOUT = 60  # seconds for one document
# The output intent every PDF/A needs, written as the pdfmark Ghostscript documents for it.
DEFINITION = """%!
/ICCProfile ({icc}) def
[/_objdef {{icc_PDFA}} /type /stream /OBJ pdfmark
[{{icc_PDFA}} << /N 3 >> /PUT pdfmark
[{{icc_PDFA}} ICCProfile (r) file /PUT pdfmark
[/_objdef {{OutputIntent_PDFA}} /type /dict /OBJ pdfmark
[{{OutputIntent_PDFA}} << /Type /OutputIntent /S /GTS_PDFA1 /DestOutputProfile {{icc_PDFA}}
  /OutputConditionIdentifier (sRGB IEC61966-2.1) /Info (sRGB) >> /PUT pdfmark
[{{Catalog}} << /OutputIntents [ {{OutputIntent_PDFA}} ] >> /PUT pdfmark
"""


class ArchiveFormatError(BilingualError):
    status = 503


@functools.cache
def _definition_dir() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="motcua-pdfa-"))
    icc = folder / "srgb.icc"
    icc.write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    (folder / "PDFA_def.ps").write_text(DEFINITION.format(icc=icc), encoding="ascii")
    return folder


def convert(data: bytes) -> bytes:
    """``data`` as PDF/A-2b. A document Ghostscript cannot rewrite, or no Ghostscript at all,
    gives a clear error (the caller issues nothing)."""
    binary = shutil.which(settings.GHOSTSCRIPT_BIN)
    if binary is None:
        raise ArchiveFormatError(
            "Máy chủ chưa cài Ghostscript để lưu trữ PDF/A; liên hệ quản trị hệ thống.",
            "Ghostscript is not installed on the server, so no PDF/A can be made; contact the administrator.",
        )
    pages = _pages(data)
    folder = _definition_dir()
    with tempfile.TemporaryDirectory(prefix="motcua-pdfa-job-") as work:
        source, target = Path(work) / "in.pdf", Path(work) / "out.pdf"
        source.write_bytes(data)
        command = [
            binary,
            "-q",
            "-dPDFA=2",
            "-dPDFACompatibilityPolicy=1",
            "-dBATCH",
            "-dNOPAUSE",
            "-dSAFER",
            f"--permit-file-read={folder}/",
            "-sColorConversionStrategy=RGB",
            "-sDEVICE=pdfwrite",
            f"-sOutputFile={target}",
            str(folder / "PDFA_def.ps"),
            str(source),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)  # noqa: S603
        except subprocess.TimeoutExpired:
            done = None
        made = target.read_bytes() if done is not None and done.returncode == 0 and target.exists() else b""
        if not pages or conformance(made) != "2B" or _pages(made) != pages:
            raise ArchiveFormatError(
                "Không chuyển được tệp sang định dạng lưu trữ PDF/A; kiểm tra tệp PDF.",
                "The file could not be converted to PDF/A for the archive; check the PDF.",
                status=422,
            )
        return made


def _pages(data: bytes) -> int:
    """Pages of a PDF; 0 when it cannot be read (every page must survive the conversion)."""
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return len(pdf.pages)
    except pikepdf.PdfError:
        return 0


def conformance(data: bytes) -> str:
    """The PDF/A part and level a PDF declares ("2B"), or "" when it declares none."""
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            meta = pdf.open_metadata()
            part, level = meta.get("pdfaid:part", ""), meta.get("pdfaid:conformance", "")
            has_intent = "/OutputIntents" in pdf.Root
    except pikepdf.PdfError:
        return ""
    return f"{part}{level}".upper() if part and has_intent else ""
