"""Online and postal submissions: drafts with checked uploads, then sent as one dossier."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from motcua.catalog.choices import ONLINE_SUBMISSION_LEVELS
from motcua.catalog.selectors import version_for_reception
from motcua.core.text import fold
from motcua.core.uploads import UploadError, check_upload
from motcua.dossiers import services as dossier_services
from motcua.dossiers.choices import Channel
from motcua.dossiers.errors import Invalid, NotFound
from motcua.dossiers.models import Dossier, DossierFile
from motcua.organisations.models import Agency

from .. import selectors
from ..choices import SubmissionState
from ..models import Submission, SubmissionFile
from .identity import new_reference


# --------------------------------------------------------------------------- submissions
def _owned_submission(user, submission: Submission | int) -> Submission:
    pk = submission.pk if isinstance(submission, Submission) else submission
    row = Submission.objects.select_for_update().filter(pk=pk, owner=user).first()
    if row is None:
        raise NotFound("Không tìm thấy hồ sơ nháp.", "Draft not found.")
    if row.state != SubmissionState.DRAFT:
        raise Invalid("Hồ sơ này đã được nộp hoặc đã hủy.", "This submission is no longer a draft.")
    return row


def offered(version, channel: str) -> bool:
    if channel == Channel.POSTAL:
        return version.postal_allowed
    return version.online_level in ONLINE_SUBMISSION_LEVELS


@transaction.atomic
def start_submission(user, procedure_code: str, channel: str = Channel.ONLINE) -> Submission:
    """A new draft for ``procedure_code``, pre-filled from the applicant's profile."""
    version = version_for_reception(procedure_code, timezone.now())
    if version is None or channel not in (Channel.ONLINE, Channel.POSTAL) or not offered(version, channel):
        raise Invalid("Thủ tục này không nhận hồ sơ theo hình thức đã chọn.", "This procedure is not offered on this channel.")
    profile = getattr(user, "applicant", None)
    receivers = list(version.receiving_agencies.filter(is_active=True).order_by("path")[:2])
    return Submission.objects.create(
        reference=new_reference("NOP"),
        owner=user,
        procedure=version.procedure,
        channel=channel,
        receiving_agency=receivers[0] if len(receivers) == 1 else None,
        result_channel=Channel.ONLINE if channel == Channel.ONLINE else Channel.POSTAL,
        applicant={
            "kind": profile.kind if profile else "person",
            "name": user.get_full_name(),
            "id_number": profile.id_number if profile else "",
            "birth_date": profile.birth_date.isoformat() if profile and profile.birth_date else "",
            "phone": user.phone,
            "email": user.email,
            "address": profile.address if profile else "",
        },
        pickup_address=profile.address if profile and channel == Channel.POSTAL else "",
    )


@dataclass
class DraftOutcome:
    submission: Submission
    file_errors: dict[str, str]


@transaction.atomic
def save_draft(user, submission: Submission | int, *, fields: dict[str, Any], uploads: list[tuple[str, Any]]) -> DraftOutcome:
    """Keep what the applicant typed and the files that pass the checks; report the files that
    did not, by component. Nothing already saved is lost."""
    row = _owned_submission(user, submission)
    version = version_for_reception(row.procedure.code, timezone.now())
    _keep_fields(row, version, fields)
    row.save()
    errors = _keep_files(row, {c.name for c in version.components.all()} if version else set(), uploads)
    return DraftOutcome(row, errors)


def _keep_fields(row: Submission, version, fields: dict[str, Any]) -> None:
    """What the applicant typed, trimmed; a receiving agency only if it receives the procedure."""
    for key in ("name", "id_number", "kind", "birth_date", "phone", "email", "address"):
        if key in fields:
            row.applicant[key] = str(fields[key] or "").strip()[:300]
    if "receiving_agency" in fields:
        agency = Agency.objects.filter(code=fields["receiving_agency"] or "", is_active=True).first()
        row.receiving_agency = agency if agency and version and version.receiving_agencies.filter(pk=agency.pk).exists() else None
    if fields.get("result_channel") in Channel.values:
        row.result_channel = fields["result_channel"]
    for key in ("result_address", "pickup_address"):
        if key in fields:
            setattr(row, key, " ".join(str(fields[key] or "").split())[:300])
    if "note" in fields:
        row.note = str(fields["note"] or "").strip()[:1000]


def _keep_files(row: Submission, components: set[str], uploads: list[tuple[str, Any]]) -> dict[str, str]:
    """Store each upload that passes the checks under its component; the reason for each that does not."""
    errors: dict[str, str] = {}
    stored = row.files.count()
    for component, upload in uploads:
        if component not in components:
            errors[component[:100]] = "Thành phần hồ sơ không có trong thủ tục."
            continue
        if stored >= settings.PORTAL_MAX_FILES:
            errors[component] = f"Mỗi hồ sơ tối đa {settings.PORTAL_MAX_FILES} tệp."
            continue
        try:
            checked = check_upload(upload, max_mb=settings.PORTAL_FILE_MAX_MB)
        except UploadError as exc:
            errors[component] = f"{getattr(upload, 'name', '')[:80]}: {exc.message_vi}"
            continue
        item = SubmissionFile(
            submission=row,
            component=component,
            name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
        )
        item.file.save(f"{secrets.token_hex(12)}{checked.ext}", ContentFile(checked.data), save=False)
        item.save()
        stored += 1
    return errors


@transaction.atomic
def remove_file(user, submission: Submission | int, file_id: int) -> None:
    row = _owned_submission(user, submission)
    item = row.files.filter(pk=file_id).first()
    if item is None:
        raise NotFound("Không tìm thấy tệp.", "File not found.")
    item.delete()
    if not item.reused_from:  # a reused copy is the store's file: it stays
        transaction.on_commit(lambda: item.file.delete(save=False))


@transaction.atomic
def reuse_stored(user, submission: Submission | int, stored_id: int) -> SubmissionFile:
    """Take a document from the applicant's own store for a component of the draft instead of
    a new upload (docs/rules.md section 1.2): only what the store offers the account (its
    VNeID-proven ID number, a component without a file yet, still valid)."""
    row = _owned_submission(user, submission)
    version = version_for_reception(row.procedure.code, row.created_at)
    offers = selectors.reuse_offers(user, row, version.components.all()) if version is not None else {}
    stored = next((o for o in offers.values() if o.pk == stored_id), None)
    if stored is None or version is None:
        raise NotFound(
            "Không có giấy tờ này trong kho dữ liệu của bạn cho hồ sơ này.", "No such document in your data store for this draft."
        )
    component = next(c.name for c in version.components.all() if fold(c.name) == stored.key)
    item = SubmissionFile.objects.create(
        submission=row,
        component=component,
        name=dossier_services.digitised_name(component),
        file=stored.file.name,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        reused_from=f"hồ sơ {stored.source_dossier}"[:60],
    )
    if not (row.applicant or {}).get("id_number"):
        row.applicant = {**(row.applicant or {}), "id_number": stored.owner_id}  # the store is the account's own
        row.save(update_fields=["applicant", "updated_at"])
    return item


@transaction.atomic
def discard(user, submission: Submission | int) -> None:
    row = _owned_submission(user, submission)
    row.state = SubmissionState.DISCARDED
    row.save(update_fields=["state", "updated_at"])


def _applicant(row: Submission) -> dossier_services.Applicant:
    data = row.applicant or {}
    birth = None
    if data.get("birth_date"):
        try:
            birth = dt.date.fromisoformat(data["birth_date"])
        except ValueError:
            raise Invalid(
                "Ngày sinh không hợp lệ (năm-tháng-ngày).", "Invalid birth date.", {"applicant": {"birth_date": "invalid"}}
            ) from None
    return dossier_services.Applicant(
        name=data.get("name", ""),
        id_number=data.get("id_number", ""),
        kind=data.get("kind") or "person",
        birth_date=birth,
        phone=data.get("phone", ""),
        email=data.get("email", ""),
        address=data.get("address", ""),
    )


@transaction.atomic
def send(user, submission: Submission | int) -> Dossier:
    """Submit the draft: it becomes a dossier waiting for reception (national code 1), with
    its files; the applicant is notified. A draft that is not complete stays a draft."""
    row = _owned_submission(user, submission)
    version = version_for_reception(row.procedure.code, timezone.now())
    if version is None or not offered(version, row.channel):
        raise Invalid("Thủ tục không còn nhận hồ sơ theo hình thức này.", "The procedure is no longer offered on this channel.")
    if row.receiving_agency is None:
        raise Invalid("Cần chọn nơi nộp hồ sơ.", "Choose where to submit.", {"receiving_agency": "required"})
    files = list(row.files.all())
    given = {f.component for f in files}
    if any(f.reused_from for f in files) and _applicant(row).id_number != selectors.proven_id_number(user):
        raise Invalid(
            "Giấy tờ lấy từ kho dữ liệu chỉ dùng cho hồ sơ của chính chủ tài khoản; xóa giấy tờ đó hoặc sửa số định danh.",
            "Documents from the data store are only for the account holder's own dossier; remove them or correct the ID number.",
            {"applicant": {"id_number": "not_owner"}},
        )
    if row.channel == Channel.ONLINE:
        missing = [c.name for c in version.components.all() if c.requirement == "mandatory" and c.name not in given]
        if missing:
            raise Invalid(
                "Còn thiếu tệp của thành phần bắt buộc: " + "; ".join(missing) + ".",
                "Mandatory components have no file.",
                {"components": missing},
            )
    components = [
        {"name": c.name, "originals": c.originals, "certified_copies": c.certified_copies, "copies": c.copies}
        for c in version.components.all()
        if c.name in given or row.channel == Channel.POSTAL and c.requirement == "mandatory"
    ]
    d = dossier_services.submit(
        actor=user,
        owner=user,
        procedure_code=row.procedure.code,
        receiving_agency_code=row.receiving_agency.code,
        applicant=_applicant(row),
        channel=row.channel,
        components=components or None,
        result_channel=row.result_channel,
        pickup_address=row.pickup_address,
        result_address=row.result_address,
        data={"reference": row.reference, "files": len(files), "note": row.note},
    )
    if any(f.reused_from for f in files):
        d = dossier_services.lock_for_event(d)
    for f in files:
        kept = DossierFile.objects.create(
            dossier=d,
            kind=DossierFile.Kind.COMPONENT,
            component=f.component,
            name=f.name,
            file=f.file.name,
            content_type=f.content_type,
            size=f.size,
            sha256=f.sha256,
            uploaded_by=user,
            uploaded_at=f.uploaded_at,
            digitised=bool(f.reused_from),
            reused_from=f.reused_from,
        )
        if f.reused_from:
            dossier_services.record_event(
                d,
                "reuse",
                actor=user,
                at=d.submitted_at,
                note=f"{f.component} (từ {f.reused_from})",
                data={"file": kept.pk, "component": f.component, "source": f.reused_from},
            )
    row.state, row.dossier, row.submitted_at = SubmissionState.SUBMITTED, d, d.submitted_at
    row.save(update_fields=["state", "dossier", "submitted_at", "updated_at"])
    return d
