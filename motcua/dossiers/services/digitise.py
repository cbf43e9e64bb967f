"""Digitisation at reception (docs/rules.md section 1.2): each component presented on paper is
scanned or photographed at the desk; its pages (images or PDFs, in order) become one PDF of the
component, kept as the dossier's digitised copy with who and when, for the processing officers
to work from."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pikepdf
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image

from motcua.core.text import fold
from motcua.core.uploads import CheckedUpload, UploadError, check_upload

from .. import machine
from ..errors import Conflict, Forbidden, Invalid
from ..models import Dossier, DossierFile
from .events import record_event
from .files import store_file
from .inputs import Ctx, _moment
from .perform import _lock_current
from .permissions import _in_scope

MAX_PAGES = 200


def digitised_name(component: str) -> str:
    """The file name of a component's digitised copy: ``so-hoa-<component, plain>.pdf``."""
    slug = "".join(ch if ch.isalnum() else "-" for ch in fold(component))[:60].strip("-") or "thanh-phan"
    return f"so-hoa-{slug}.pdf"


def _pages_pdf(checked: list[CheckedUpload]) -> tuple[bytes, int]:
    """One PDF of every page, in order: an image is a page, a PDF brings all of its pages."""
    out = pikepdf.Pdf.new()
    for item in checked:
        if item.content_type == "application/pdf":
            source = pikepdf.Pdf.open(io.BytesIO(item.data))
        else:
            image = Image.open(io.BytesIO(item.data))
            buffer = io.BytesIO()
            image.convert("RGB").save(buffer, format="PDF", resolution=150)
            source = pikepdf.Pdf.open(io.BytesIO(buffer.getvalue()))
        out.pages.extend(source.pages)
        if len(out.pages) > MAX_PAGES:
            raise Invalid(f"Một thành phần tối đa {MAX_PAGES} trang.", f"A component has at most {MAX_PAGES} pages.")
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue(), len(out.pages)


def _open_for_components(ref, actor, expected_version: int | None, component: str) -> tuple[Dossier, str]:
    """The dossier locked for a change of its components by a desk or processing officer in
    scope, and the component's name as the dossier has it."""
    d = _lock_current(ref, expected_version)
    if d.state in machine.TERMINAL:
        raise Conflict("Hồ sơ đã kết thúc.", "The dossier is closed.")
    if not any(_in_scope(actor, a) for a in (d.receiving_agency, d.current_agency)):
        raise Forbidden("Bạn không có quyền cập nhật hồ sơ này.", "You may not update this dossier.")
    name = {fold(c["name"]): c["name"] for c in d.components}.get(fold(component or ""))
    if name is None:
        raise Invalid("Thành phần không có trong hồ sơ.", "The component is not in this dossier.", {"component": component})
    return d, name


@transaction.atomic
def digitise_component(
    ref: Dossier | str | int, component: str, uploads: list, *, actor, expected_version: int | None = None, at: dt.datetime | None = None
) -> DossierFile:
    """Keep the scanned or photographed pages of one paper component as one PDF, marked
    digitised by ``actor`` now (or at ``at``, never in the future: imports, demo data); the
    control sheet records it. Nothing is kept if any page is refused."""
    d, name = _open_for_components(ref, actor, expected_version, component)
    if not uploads:
        raise Invalid("Cần ít nhất một trang quét hoặc ảnh chụp.", "At least one scanned page or photo is required.")
    checked = []
    for i, upload in enumerate(uploads, start=1):
        try:
            checked.append(check_upload(upload, max_mb=settings.DOSSIER_FILE_MAX_MB))
        except UploadError as exc:
            raise Invalid(f"Trang {i}: {exc.message_vi}", f"Page {i}: {exc.message_en}") from None
    data, pages = _pages_pdf(checked)
    ctx = Ctx(actor, _moment(at))
    item = CheckedUpload(data, "application/pdf", ".pdf", digitised_name(name), hashlib.sha256(data).hexdigest())
    row = store_file(d, item, kind=DossierFile.Kind.COMPONENT, component=name, uploaded_by=actor, at=ctx.at, content=ContentFile(data))
    DossierFile.objects.filter(pk=row.pk).update(digitised=True, pages=pages)
    record_event(
        d, "digitise", actor=actor, at=ctx.at, note=f"{name} ({pages} trang)", data={"file": row.pk, "component": name, "pages": pages}
    )
    row.refresh_from_db()
    return row


@transaction.atomic
def reuse_document(
    ref: Dossier | str | int,
    *,
    component: str,
    name: str,
    path: str,
    content_type: str,
    size: int,
    sha256: str,
    pages: int | None,
    source: str,
    actor,
    expected_version: int | None = None,
) -> DossierFile:
    """A component this applicant already had digitised (the data store) taken for this dossier
    instead of a new copy, once the officer confirms: the dossier gets the same stored file,
    marked digitised and reused, and the control sheet records where it came from."""
    d, wanted = _open_for_components(ref, actor, expected_version, component)
    ctx = Ctx(actor, _moment(None))
    row = DossierFile.objects.create(
        dossier=d,
        kind=DossierFile.Kind.COMPONENT,
        component=wanted,
        name=name[:200],
        file=path,
        content_type=content_type,
        size=size,
        sha256=sha256,
        uploaded_by=actor,
        uploaded_at=ctx.at,
        digitised=True,
        pages=pages,
        reused_from=source[:60],
    )
    record_event(
        d, "reuse", actor=actor, at=ctx.at, note=f"{wanted} (từ {source})", data={"file": row.pk, "component": wanted, "source": source}
    )
    return row
