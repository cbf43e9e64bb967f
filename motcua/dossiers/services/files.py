"""Files of a dossier: uploaded by staff or the applicant, checked, stored, recorded on the control sheet."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from motcua.accounts.choices import Role
from motcua.core import pdfa
from motcua.core.errors import BilingualError
from motcua.core.pdf import Seal, seal
from motcua.core.uploads import CheckedUpload, UploadError, check_upload

from .. import machine
from ..errors import Conflict, Forbidden, Invalid
from ..models import Dossier, DossierFile
from .events import record_event
from .inputs import Ctx, _moment
from .perform import _lock_current
from .permissions import _in_scope
from .steps import _event


# --------------------------------------------------------------------------- files
@transaction.atomic
def attach_file(
    ref: Dossier | str | int,
    upload,
    *,
    actor,
    kind: str = "component",
    expected_version: int | None = None,
    by_applicant: bool = False,
    note: str = "",
    at: dt.datetime | None = None,
    component: str = "",
) -> Dossier:
    """Attach a PDF, PNG or JPEG (checked by content, not by name) to an open dossier; the
    control sheet records it. Officers need the receiving or current agency in scope; the
    applicant's own uploads (``by_applicant``) are authorised by the portal, which checks the
    owner, and may only add components. ``at`` back-dates it (imports, demo data), never to
    the future."""
    d = _lock_current(ref, expected_version)
    if d.state in machine.TERMINAL:
        raise Conflict("Hồ sơ đã kết thúc, không đính kèm thêm tệp.", "The dossier is closed.")
    if by_applicant:
        if kind != DossierFile.Kind.COMPONENT:
            raise Forbidden("Người nộp chỉ đính kèm thành phần hồ sơ.", "Applicants attach components only.")
    elif not any(_in_scope(actor, a) for a in (d.receiving_agency, d.current_agency)):
        raise Forbidden("Bạn không có quyền đính kèm tệp vào hồ sơ này.", "You may not attach files to this dossier.")
    if kind not in DossierFile.Kind.values:
        raise Invalid("Loại tệp không hợp lệ.", "Unknown file kind.")
    try:
        checked = check_upload(upload, max_mb=settings.PORTAL_FILE_MAX_MB if by_applicant else settings.DOSSIER_FILE_MAX_MB)
    except UploadError as exc:
        raise Invalid(exc.message_vi, exc.message_en) from None
    ctx = Ctx(actor, _moment(at), by_applicant=by_applicant)
    row = store_file(d, checked, kind=kind, uploaded_by=actor, at=ctx.at, content=ContentFile(checked.data), component=component)
    d.version += 1
    d.save(update_fields=["version", "updated_at"])
    _event(
        d,
        "attach",
        ctx,
        d.state,
        agency=d.current_agency,
        note=(note or checked.name)[:1000],
        data={"file": row.pk, "sha256": checked.sha256, "kind": kind},
    )
    return d


def store_file(d: Dossier, checked, *, kind: str, uploaded_by, at: dt.datetime, content, component: str = ""):
    """Keep a checked file under a random name (never the one sent); the row and the bytes go
    together: if the row fails, the bytes are removed."""
    row = DossierFile(
        dossier=d,
        kind=kind,
        component=component[:500],
        name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=uploaded_by if getattr(uploaded_by, "is_authenticated", False) else None,
        uploaded_at=at,
    )
    row.file.save(f"{d.public_id.hex}-{secrets.token_hex(4)}{checked.ext}", content, save=False)
    try:
        row.save()
    except Exception:
        row.file.delete(save=False)
        raise
    return row


@transaction.atomic
def sign_result(ref: Dossier | str | int, file_id: int, *, actor, expected_version: int | None = None) -> DossierFile:
    """A leader of the competent agency signs a result PDF with their own certificate
    (docs/rules.md section 3.1): the result is rewritten as PDF/A-2b for the archive, then
    signed; the signed copy is kept as the dossier's result beside the unsigned one, and the
    control sheet records it. No personal certificate, or one expired or
    revoked: nothing is signed (the signer's error)."""
    d = _lock_current(ref, expected_version)
    if not any(_in_scope(actor, a, (Role.LEADER,)) for a in (d.competent_agency, d.current_agency)):
        raise Forbidden("Chỉ lãnh đạo cơ quan giải quyết ký số kết quả.", "Only a leader of the competent agency signs results.")
    source = d.files.filter(pk=file_id, kind=DossierFile.Kind.RESULT).first()
    if source is None or source.content_type != "application/pdf":
        raise Invalid("Chỉ ký số tệp kết quả dạng PDF của hồ sơ.", "Only a result PDF of this dossier can be signed.")
    if source.signed_by_id is not None:
        raise Conflict("Tệp kết quả này đã được ký số.", "This result is already signed.")
    with source.file.open("rb") as handle:
        data = handle.read()
    try:
        signed = seal(
            pdfa.convert(data), Seal(agency=d.competent_agency, kind="result", title=source.name, dossier_code=d.code or "", user=actor)
        )
    except BilingualError as exc:
        raise Conflict(exc.message_vi, exc.message_en) from None
    ctx = Ctx(actor, _moment(None))
    checked = CheckedUpload(
        signed, "application/pdf", ".pdf", source.name.removesuffix(".pdf")[:180] + " (đã ký số).pdf", hashlib.sha256(signed).hexdigest()
    )
    row = store_file(d, checked, kind=DossierFile.Kind.RESULT, uploaded_by=actor, at=ctx.at, content=ContentFile(signed))
    DossierFile.objects.filter(pk=row.pk).update(signed_by=actor, signed_at=ctx.at)
    data = {"file": row.pk, "source": source.pk}
    record_event(d, "result_signed", actor=actor, at=ctx.at, note=checked.name, data=data, agency=d.competent_agency)
    row.refresh_from_db()
    return row
