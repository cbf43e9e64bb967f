"""Digitisation at reception (docs/rules.md section 1.2): the desk scans or photographs a paper
component; its pages become one PDF of that component, marked digitised with who and when; a
refused page keeps nothing."""

import io

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.core.testing import pdf_text, sample_pdf, sample_png
from motcua.dossiers import services
from motcua.dossiers.errors import Forbidden, Invalid
from motcua.dossiers.models import DossierFile


def page(name: str, data: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type)


def test_two_photos_and_a_scanned_pdf_make_one_pdf_of_the_component(env, receive, client):
    d = receive()
    desk = env["staff"]["reception_a"]
    client.force_login(desk)
    response = client.post(
        reverse("dossiers:digitise", args=[d.code]),
        {
            "component": "tờ khai",  # as typed: matched without case or accents
            "version": d.version,
            "pages": [
                page("1.png", sample_png()),
                page("2.jpg", sample_png(color=(0, 90, 200))),
                page("3.pdf", sample_pdf("trang ba"), "application/pdf"),
            ],
        },
    )
    assert response.status_code == 302
    scan = DossierFile.objects.get(dossier=d, digitised=True)
    assert (scan.component, scan.content_type, scan.pages, scan.uploaded_by) == ("Tờ khai", "application/pdf", 3, desk)
    with scan.file.open("rb") as handle:
        data = handle.read()
    assert len(pikepdf.Pdf.open(io.BytesIO(data)).pages) == 3
    assert "trang ba" in pdf_text(data)
    event = d.events.get(action="digitise")
    assert (event.data["component"], event.data["pages"]) == ("Tờ khai", 3)
    html = client.get(reverse("dossiers:detail", args=[d.code])).content.decode()
    assert "Đã số hóa (3 trang)" in html and "Chưa số hóa" in html  # the birth certificate is still on paper only


def test_a_refused_page_keeps_nothing(env, receive):
    d = receive()
    desk = env["staff"]["reception_a"]
    with pytest.raises(Invalid) as refused:
        services.digitise_component(d, "Tờ khai", [page("1.png", sample_png()), page("2.exe", b"MZ not an image", "image/png")], actor=desk)
    assert refused.value.message_vi.startswith("Trang 2:")
    assert not DossierFile.objects.filter(dossier=d).exists()
    assert not d.events.filter(action="digitise").exists()
    with pytest.raises(Invalid):
        services.digitise_component(d, "Sổ hộ khẩu", [page("1.png", sample_png())], actor=desk)
    with pytest.raises(Forbidden):
        services.digitise_component(d, "Tờ khai", [page("1.png", sample_png())], actor=env["staff"]["reception_b"])
