"""``POST /api/v1/public/verify``: whether a PDF (multipart field ``file``) was issued by this
system and is unchanged. Rate-limited per client address like the public lookup."""

from __future__ import annotations

import datetime as dt

from ninja import File, Router, Schema, UploadedFile
from pydantic import Field as F

from motcua.core.api_errors import ApiError

from .verification import verify
from .views import MAX_MB, VerifyThrottle

router = Router(tags=["public"], auth=None)


class VerifiedDocument(Schema):
    kind: str = F(..., description="What the document is: receipt, form code, control_sheet, result, report…; empty when not valid")
    dossier: str | None = F(None, description="The dossier's code, when the document belongs to one")


class Verification(Schema):
    valid: bool
    issuer: str = F(..., description="The issuing agency; empty when not valid")
    signed_at: dt.datetime | None
    document: VerifiedDocument
    reason: str = F(..., description="Why it is valid or not (English)")
    reason_vi: str = F(..., description="The same in Vietnamese")


@router.post("/public/verify", response=Verification, throttle=[VerifyThrottle()], summary="Verify a PDF issued by this system")
def public_verify(request, file: UploadedFile = File(...)):  # noqa: B008 - how ninja declares a multipart file
    if (file.size or 0) > MAX_MB * 1024 * 1024:
        raise ApiError(413, f"Tệp lớn hơn {MAX_MB} MB.", f"The file is larger than {MAX_MB} MB.")
    return verify(file.read()).as_api()
