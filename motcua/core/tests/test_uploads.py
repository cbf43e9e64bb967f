"""Hostile uploads: polyglots lose what is glued to them, active PDFs and bombs are refused,
images are decoded under a pixel limit and re-encoded. Each case is a file an attack stored."""

import io
import struct
import zipfile
import zlib

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from motcua.core.testing import sample_pdf, sample_png
from motcua.core.uploads import UploadError, check_upload


def _upload(data: bytes, name: str = "tep.pdf"):
    return SimpleUploadedFile(name, data)


def _jpeg(size=(16, 16)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, format="JPEG")
    return out.getvalue()


def _pdf_with(mutate) -> bytes:
    with pikepdf.open(io.BytesIO(sample_pdf("active"))) as pdf:
        mutate(pdf)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


HTML = b"<html><body><script>fetch('/api/v1/dossiers').then(r=>r.text()).then(alert)</script></body></html>"


def test_a_plain_pdf_and_images_are_kept_and_still_open():
    pdf = check_upload(_upload(sample_pdf("to khai")))
    with pikepdf.open(io.BytesIO(pdf.data)) as opened:
        assert len(opened.pages) == 1
    png = check_upload(_upload(sample_png((30, 20)), "a.png"))
    assert Image.open(io.BytesIO(png.data)).size == (30, 20) and png.content_type == "image/png"
    jpg = check_upload(_upload(_jpeg(), "a.jpg"))
    assert Image.open(io.BytesIO(jpg.data)).format == "JPEG"


@pytest.mark.parametrize(
    "name,data,gone",
    [
        ("pdf+html", sample_pdf("x").replace(b"1 0 obj", HTML + b"\n1 0 obj", 1), b"<script"),
        ("pdf+zip", None, b"PK\x03\x04"),
        ("jpeg+html", _jpeg() + HTML, b"<script"),
        ("jpeg+pdf", _jpeg() + sample_pdf("hidden"), b"%PDF"),
        ("png+html", sample_png() + HTML, b"<script"),
    ],
)
def test_polyglots_lose_what_is_glued_to_them(name, data, gone):
    if data is None:
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w") as z:
            z.writestr("payload.html", HTML)
        data = sample_pdf("x") + archive.getvalue()
    checked = check_upload(_upload(data, name))
    assert gone not in checked.data
    assert checked.sha256 != __import__("hashlib").sha256(data).hexdigest()


@pytest.mark.parametrize(
    "mutate",
    [
        lambda pdf: setattr(pdf.Root, "OpenAction", pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))),
        lambda pdf: setattr(
            pdf.pages[0].obj, "AA", pikepdf.Dictionary(O=pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe")))
        ),
        lambda pdf: pdf.attachments.__setitem__(
            "x.html",
            pikepdf.AttachedFileSpec(pdf, HTML, description="", filename="x.html", mime_type="text/html", creation_date="", mod_date=""),
        ),
    ],
    ids=["javascript", "launch", "embedded-file"],
)
def test_active_pdfs_are_refused(mutate):
    with pytest.raises(UploadError) as exc:
        check_upload(_upload(_pdf_with(mutate)))
    assert "active content" in exc.value.message_en


def test_a_harmless_open_action_is_dropped_not_refused():
    data = _pdf_with(lambda pdf: setattr(pdf.Root, "OpenAction", pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.Fit])))
    checked = check_upload(_upload(data))
    with pikepdf.open(io.BytesIO(checked.data)) as pdf:
        assert "/OpenAction" not in pdf.Root


def test_a_decompression_bomb_is_refused_before_it_is_inflated(settings):
    settings.UPLOAD_PDF_MAX_INFLATED_MB = 5
    bomb = zlib.compress(b"\0" * (64 * 1024 * 1024), 9)

    def add(pdf):
        pdf.pages[0].obj.Contents = pdf.make_stream(b"")
        stream = pdf.pages[0].obj.Contents
        stream.write(bomb, filter=pikepdf.Name.FlateDecode)

    with pytest.raises(UploadError) as exc:
        check_upload(_upload(_pdf_with(add)))
    assert "inflates to more than 5 MB" in exc.value.message_en


def _png_declaring(width: int, height: int) -> bytes:
    data = bytearray(sample_png((1, 1)))
    ihdr = data.index(b"IHDR")
    data[ihdr + 4 : ihdr + 12] = struct.pack(">II", width, height)
    data[ihdr + 17 : ihdr + 21] = struct.pack(">I", zlib.crc32(bytes(data[ihdr : ihdr + 17])))
    return bytes(data)


def test_an_image_declaring_too_many_pixels_is_refused_from_its_header():
    with pytest.raises(UploadError) as exc:
        check_upload(_upload(_png_declaring(9500, 9500), "big.png"))
    assert "9500x9500" in exc.value.message_en


def test_encrypted_broken_and_empty_pdfs_are_refused():
    with pikepdf.open(io.BytesIO(sample_pdf())) as pdf:
        out = io.BytesIO()
        pdf.save(out, encryption=pikepdf.Encryption(user="u", owner="o"))
    with pytest.raises(UploadError) as exc:
        check_upload(_upload(out.getvalue()))
    assert "encrypted" in exc.value.message_en
    for data in (b"%PDF-1.4\n" + b"garbage " * 100, b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"):
        with pytest.raises(UploadError):
            check_upload(_upload(data))


def test_too_many_pages_are_refused(settings):
    settings.UPLOAD_PDF_MAX_PAGES = 2

    def grow(pdf):
        for _ in range(2):
            pdf.pages.append(pdf.pages[0])

    with pytest.raises(UploadError) as exc:
        check_upload(_upload(_pdf_with(grow)))
    assert "more than 2 pages" in exc.value.message_en
