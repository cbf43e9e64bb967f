"""Digitisation at reception (docs/rules.md section 1.2): each component presented on paper is
scanned or photographed at the desk; its pages (images or PDFs, in order) become one PDF of the
component, kept as the dossier's digitised copy with who and when, for the processing officers
to work from."""

from __future__ import annotations

import hashlib
import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from motcua.core.text import fold
from motcua.core.uploads import CheckedUpload, UploadError, check_upload

from .. import machine
from ..errors import Conflict, Forbidden, Invalid
from ..models import Dossier, DossierFile
from .files import store_file
from .inputs import Ctx, _moment
from .perform import _lock
from .permissions import _in_scope
from .steps import _event

MAX_PAGES = 200


def _pages_pdf(checked: list[CheckedUpload]) -> tuple[bytes, int]:
    """One PDF of every page, in order: an image is a page, a PDF brings all of its pages."""
    import pikepdf
    from PIL import Image

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


@transaction.atomic
def digitise_component(
    ref: Dossier | str | int, component: str, uploads: list, *, actor, expected_version: int | None = None
) -> DossierFile:
    """Keep the scanned or photographed pages of one paper component as one PDF, marked
    digitised by ``actor`` now; the control sheet records it. Nothing is kept if any page is
    refused."""
    d = _lock(ref)
    if expected_version is not None and expected_version != d.version:
        raise Conflict("Hồ sơ vừa được người khác cập nhật; hãy tải lại.", "Stale version.", {"version": d.version})
    if d.state in machine.TERMINAL:
        raise Conflict("Hồ sơ đã kết thúc, không số hóa thêm.", "The dossier is closed.")
    if not any(_in_scope(actor, a) for a in (d.receiving_agency, d.current_agency)):
        raise Forbidden("Bạn không có quyền số hóa hồ sơ này.", "You may not digitise this dossier.")
    names = {fold(c["name"]): c["name"] for c in d.components}
    name = names.get(fold(component or ""))
    if name is None:
        raise Invalid("Thành phần không có trong hồ sơ.", "The component is not in this dossier.", {"component": component})
    if not uploads:
        raise Invalid("Cần ít nhất một trang quét hoặc ảnh chụp.", "At least one scanned page or photo is required.")
    checked = []
    for i, upload in enumerate(uploads, start=1):
        try:
            checked.append(check_upload(upload, max_mb=settings.DOSSIER_FILE_MAX_MB))
        except UploadError as exc:
            raise Invalid(f"Trang {i}: {exc.message_vi}", f"Page {i}: {exc.message_en}") from None
    data, pages = _pages_pdf(checked)
    ctx = Ctx(actor, _moment(None))
    slug = "".join(ch if ch.isalnum() else "-" for ch in fold(name))[:60].strip("-") or "thanh-phan"
    item = CheckedUpload(data, "application/pdf", ".pdf", f"so-hoa-{slug}.pdf", hashlib.sha256(data).hexdigest())
    row = store_file(d, item, kind=DossierFile.Kind.COMPONENT, component=name, uploaded_by=actor, at=ctx.at, content=ContentFile(data))
    DossierFile.objects.filter(pk=row.pk).update(digitised=True, pages=pages)
    d.version += 1
    d.save(update_fields=["version", "updated_at"])
    _event(
        d,
        "digitise",
        ctx,
        d.state,
        agency=d.current_agency,
        note=f"{name} ({pages} trang)"[:1000],
        data={"file": row.pk, "component": name, "pages": pages},
    )
    row.refresh_from_db()
    return row
