"""Dossiers submitted on the national portal (docs/rules.md section 7.1).

The portal is the citizens' front door: what is submitted there is pulled from it every minute
(``pull``) or pushed to us signed (``push``). Each delivery goes through ``receive``, once per
national code however often it arrives:

- readable and acceptable: it becomes an online submission in the reception queue (national
  status 1, ``dossiers.services.submit``) with its files, applicant, result channel and
  payment, and the portal's code kept beside ours; from then on it is an online dossier like any
  other and every action flows back through the outbox;
- anything wrong (a field, a code not in our catalogue or organisation, a file that is missing,
  too large or not a PDF/image): nothing is created; the delivery is *quarantined* with its
  reason for an administrator, who retries it once the cause is fixed or dismisses it;
- delivered again: nothing is created twice; a corrected payload of a quarantined dossier is
  tried again.

Every outcome is acknowledged to the portal (``XacNhanHoSo``) through the outbox.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from motcua.catalog.selectors import version_for_reception
from motcua.core.choices import AuditCategory
from motcua.core.services import record_event
from motcua.core.text import fold
from motcua.core.uploads import UploadError, check_upload
from motcua.dossiers import services as dossier_services
from motcua.dossiers.choices import Channel
from motcua.dossiers.errors import DossierError
from motcua.jobs.outbox import DeliveryError, Rejected
from motcua.jobs.runner import job, periodic

from .. import national
from ..adapters import adapter_for
from ..choices import IntakeState, PaymentState, Target
from ..models import Payment, PortalIntake
from .outbound import CallbackError, _parse, _remember, enabled, queue


@dataclass
class PullOutcome:
    accepted: int = 0
    duplicates: int = 0
    quarantined: int = 0
    postponed: int = 0  # the portal's file server was down: tried again at the next pull


def _national_code(item) -> str:
    """The delivery's identity: the portal's code, or for a payload without one a digest of it
    (so even an unreadable delivery is quarantined once)."""
    code = item.get("MaHoSoQG") if isinstance(item, dict) else None
    if isinstance(code, str) and 0 < len(code.strip()) <= 40:
        return code.strip()
    digest = hashlib.sha256(json.dumps(item, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()
    return f"?{digest[:32]}"


@transaction.atomic
def receive(item, *, via: str = "pull") -> tuple[PortalIntake, str]:
    """One delivery of a submitted dossier: ``accepted``, ``duplicate`` or ``quarantined``.
    Raises ``DeliveryError`` when the portal's files cannot be fetched now (nothing is kept:
    the portal delivers it again)."""
    code, now = _national_code(item), timezone.now()
    agency = item.get("MaDonVi") if isinstance(item, dict) else ""
    agency = agency.strip()[:40] if isinstance(agency, str) else ""
    try:
        with transaction.atomic():
            row = PortalIntake.objects.create(national_code=code, payload=item, state=IntakeState.QUARANTINED, via=via, agency_code=agency)
    except IntegrityError:  # delivered before (or right now by another worker: we wait for it)
        row = PortalIntake.objects.select_for_update().get(national_code=code)
        row.deliveries += 1
        row.last_at = now
        if row.state != IntakeState.QUARANTINED or row.payload == item:
            row.save(update_fields=["deliveries", "last_at"])
            _acknowledge(row)
            return row, "duplicate"
        row.payload, row.agency_code = item, agency  # the portal sent a corrected dossier: try it again
    outcome = _admit(row, actor=None)
    return row, outcome


def _admit(row: PortalIntake, *, actor) -> str:
    """Create the dossier from the row's payload, or quarantine the row with the reason."""
    stored: list = []
    try:
        with transaction.atomic():
            d = _create(row, stored)
    except (national.Malformed, DossierError, UploadError, Rejected, CallbackError) as exc:
        for f in stored:
            f.file.delete(save=False)
        row.state, row.dossier = IntakeState.QUARANTINED, None
        row.reason = getattr(exc, "message_vi", "") or str(exc)
        row.reason_en = getattr(exc, "message_en", "") or str(exc)
        row.save()
        _acknowledge(row)
        return "quarantined"
    except Exception:
        for f in stored:
            f.file.delete(save=False)
        raise
    row.state, row.dossier, row.reason, row.reason_en = IntakeState.ACCEPTED, d, "", ""
    row.handled_by, row.handled_at = (actor, timezone.now()) if actor else (None, None)
    row.save()
    _acknowledge(row)
    return "accepted"


def _create(row: PortalIntake, stored: list):
    parsed = national.submitted_dossier(row.payload)
    if parsed.national_code != row.national_code:  # a digest row: the payload has no usable code
        raise national.Malformed("Thiếu mã hồ sơ của Cổng (MaHoSoQG).", "MaHoSoQG is missing.")
    files = [(f, _checked(f)) for f in parsed.files]
    version = version_for_reception(parsed.procedure_code, parsed.submitted_at)
    components = _components(version, [f.component for f in parsed.files])
    applicant = dict(parsed.applicant)
    birth = applicant.pop("birth_date")
    d = dossier_services.submit(
        actor=None,
        procedure_code=parsed.procedure_code,
        receiving_agency_code=parsed.receiving_agency_code,
        competent_agency_code=parsed.competent_agency_code,
        applicant=dossier_services.Applicant(birth_date=dt.date.fromisoformat(birth) if birth else None, **applicant),
        channel=Channel.ONLINE,
        components=components or None,
        result_channel=parsed.result_channel,
        result_address=parsed.result_address,
        at=parsed.submitted_at,
        national_code=parsed.national_code,
        data={
            "source": "national_portal",
            "national_code": parsed.national_code,
            "files": len(files),
            "verified_identity": parsed.verified_identity,
            "paid": parsed.paid["amount"] if parsed.paid else 0,
        },
    )
    for f, checked in files:
        stored.append(
            dossier_services.store_file(
                d,
                checked,
                kind="component",
                component=f.component,
                uploaded_by=None,
                at=parsed.submitted_at,
                content=ContentFile(checked.data),
            )
        )
    if parsed.paid:
        Payment.objects.create(
            dossier=d,
            reference=f"QG-{parsed.paid['transaction_id']}"[:40],
            amount=parsed.paid["amount"],
            state=PaymentState.PAID,
            channel=parsed.paid["channel"],
            transaction_id=parsed.paid["transaction_id"],
            paid_at=parsed.paid["paid_at"],
        )
    return d


def _checked(f: national.SubmittedFile):
    """The file's bytes (sent inline or fetched from the portal), checked like any upload."""
    limit = settings.PORTAL_FILE_MAX_MB * 1024 * 1024
    data = f.content if f.content is not None else adapter_for(Target.NATIONAL_PORTAL).file(f.url, limit=limit)
    try:
        return check_upload(ContentFile(data, name=f.name), max_mb=settings.PORTAL_FILE_MAX_MB)
    except UploadError as exc:
        raise UploadError(f"Tệp {f.name!r}: {exc.message_vi}", f"File {f.name!r}: {exc.message_en}") from None


def _components(version, names: list[str]) -> list[dict]:
    """The components the files belong to, with the procedure's counts; a name the procedure
    does not have is a reason for quarantine."""
    if version is None:
        return []  # ``submit`` names the reason (no version in force)
    by_name = {fold(c.name): c for c in version.components.all()}
    chosen: dict[str, dict] = {}
    for name in names:
        c = by_name.get(fold(name))
        if c is None:
            raise national.Malformed(f"Thành phần {name!r} không có trong thủ tục.", f"Component {name!r} is not in the procedure.")
        chosen[c.name] = {"name": c.name, "originals": c.originals, "certified_copies": c.certified_copies, "copies": c.copies}
    return list(chosen.values())


ACK_STATES: dict[str, str] = {IntakeState.ACCEPTED: "accepted", IntakeState.QUARANTINED: "pending", IntakeState.DISMISSED: "refused"}


def _acknowledge(row: PortalIntake) -> None:
    """Tell the portal what became of its dossier (a standalone outbox message: its key names
    the delivery, so a repeat of the same delivery is one message)."""
    if not enabled(Target.NATIONAL_PORTAL):
        return
    accepted = row.state == IntakeState.ACCEPTED
    queue(
        target=Target.NATIONAL_PORTAL,
        kind="intake_ack",
        payload={
            "MaHoSoQG": row.national_code,
            "KetQua": "1" if accepted else "0",
            "TrangThai": ACK_STATES[row.state],
            "LyDo": "" if accepted else (row.note or row.reason)[:1000],
        },
        key=f"portal-intake:{row.national_code}:{row.deliveries}:{row.state}:{row.handled_at or ''}",
    )


# --------------------------------------------------------------------------- pull and push
def pull() -> PullOutcome:
    """Fetch the portal's new submissions and take each in (its own transaction)."""
    outcome = PullOutcome()
    for item in adapter_for(Target.NATIONAL_PORTAL).new_dossiers():
        try:
            _row, result = receive(item, via="pull")
        except DeliveryError:
            outcome.postponed += 1
            continue
        name = {"accepted": "accepted", "duplicate": "duplicates", "quarantined": "quarantined"}[result]
        setattr(outcome, name, getattr(outcome, name) + 1)
    return outcome


@periodic(every=dt.timedelta(minutes=1))
@job(max_attempts=1)
def pull_national_portal() -> str:
    """Every minute: the dossiers submitted on the national portal (when it is configured)."""
    if not enabled(Target.NATIONAL_PORTAL):
        return "not configured"
    try:
        o = pull()
    except DeliveryError as exc:
        return f"portal unreachable: {exc}"
    return f"accepted {o.accepted}, duplicates {o.duplicates}, quarantined {o.quarantined}, postponed {o.postponed}"


def push(body: bytes, signature: str) -> str:
    """A dossier pushed by the portal: signed (HMAC-SHA256 with ``NATIONAL_PORTAL_PUSH_SECRET``),
    fresh and with a nonce, like every callback; the dossier is the body's ``HoSo``."""
    data = _parse(settings.NATIONAL_PORTAL_PUSH_SECRET, body, signature)
    if not _remember(Target.NATIONAL_PORTAL, str(data.get("nonce", ""))):
        return "replay"
    try:
        _row, result = receive(data.get("HoSo"), via="push")
    except DeliveryError:
        raise CallbackError("Không tải được tệp từ Cổng; hãy gửi lại sau.", "The files could not be fetched; send again later.", status=503)
    return result


# --------------------------------------------------------------------------- the administrator
@transaction.atomic
def retry(row: PortalIntake, *, actor) -> str:
    """Try a quarantined delivery again (after the catalogue or the organisation was fixed)."""
    row = PortalIntake.objects.select_for_update().get(pk=row.pk)
    if row.state != IntakeState.QUARANTINED:
        raise CallbackError("Chỉ thử lại hồ sơ đang cách ly.", "Only a quarantined delivery can be retried.", status=409)
    try:
        outcome = _admit(row, actor=actor)
    except DeliveryError:
        raise CallbackError("Không tải được tệp từ Cổng; hãy thử lại sau.", "The portal's files could not be fetched.", status=503)
    record_event(
        actor=actor, category=AuditCategory.DOSSIER, action="portal_intake.retried", obj=row, summary=f"{row.national_code}: {outcome}"
    )
    return outcome


@transaction.atomic
def dismiss(row: PortalIntake, *, actor, note: str) -> None:
    """Refuse a quarantined delivery for good, with the reason the portal is told."""
    row = PortalIntake.objects.select_for_update().get(pk=row.pk)
    note = " ".join((note or "").split())
    if row.state != IntakeState.QUARANTINED:
        raise CallbackError("Chỉ loại hồ sơ đang cách ly.", "Only a quarantined delivery can be dismissed.", status=409)
    if not 5 <= len(note) <= 1000:
        raise CallbackError("Cần ghi lý do (5-1000 ký tự) để báo lại Cổng.", "A reason of 5-1000 characters is required.")
    row.state, row.note, row.handled_by, row.handled_at = IntakeState.DISMISSED, note, actor, timezone.now()
    row.save()
    _acknowledge(row)
    record_event(
        actor=actor, category=AuditCategory.DOSSIER, action="portal_intake.dismissed", obj=row, summary=f"{row.national_code}: {note}"
    )
