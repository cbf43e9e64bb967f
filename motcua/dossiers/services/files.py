"""Files of a dossier: uploaded by staff or the applicant, checked, stored, recorded on the control sheet."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from motcua.core.uploads import UploadError, check_upload

from .. import machine
from ..errors import Conflict, Forbidden, Invalid
from ..models import Dossier, DossierFile
from .inputs import Ctx, _moment
from .perform import _lock
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
) -> Dossier:
    """Attach a PDF, PNG or JPEG (checked by content, not by name) to an open dossier; the
    control sheet records it. Officers need the receiving or current agency in scope; the
    applicant's own uploads (``by_applicant``) are authorised by the portal, which checks the
    owner, and may only add components."""
    d = _lock(ref)
    if expected_version is not None and expected_version != d.version:
        raise Conflict("Hồ sơ vừa được người khác cập nhật; hãy tải lại.", "Stale version.", {"version": d.version})
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
    ctx = Ctx(actor, _moment(None), by_applicant=by_applicant)
    row = store_file(d, checked, kind=kind, uploaded_by=actor, at=ctx.at, content=ContentFile(checked.data))
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
