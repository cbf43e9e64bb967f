"""Writes of the public portal: applicant accounts and verification, drafts and submissions,
the applicant's own actions on a dossier (supplement, withdraw, receive the result, rate),
and feedback. Every dossier change still goes through ``dossiers.services``; this module only
checks that the applicant owns what they act on."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from motcua.calendars.engine import Duration, Unit
from motcua.calendars.selectors import engine_for
from motcua.catalog.choices import ONLINE_SUBMISSION_LEVELS
from motcua.catalog.selectors import version_for_reception
from motcua.core.choices import AuditCategory
from motcua.core.services import record_event
from motcua.core.uploads import UploadError, check_upload
from motcua.dossiers import actions as dossier_actions
from motcua.dossiers import machine
from motcua.dossiers import services as dossier_services
from motcua.dossiers.choices import Channel, State
from motcua.dossiers.errors import DossierError, Forbidden, Invalid, NotFound
from motcua.dossiers.identifiers import IdentifierError, normalise_phone
from motcua.dossiers.models import Dossier, DossierFile
from motcua.notifications import services as notifications
from motcua.organisations.models import Agency

from .choices import FeedbackState, SubmissionState, Visibility
from .models import ApplicantProfile, Feedback, FeedbackCategory, RatingCriterion, Submission, SubmissionFile, VerificationCode

# The events an applicant sees on their dossier page, as the actions declare (internal hand-overs show as steps).
PUBLIC_EVENTS = dossier_actions.PUBLIC
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference(prefix: str) -> str:
    return prefix + "-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


# --------------------------------------------------------------------------- accounts
def _clean_identifiers(email: str, phone: str) -> tuple[str, str]:
    email, phone = (email or "").strip().lower(), (phone or "").strip()
    errors = {}
    if not email and not phone:
        errors["email"] = "Cần thư điện tử hoặc số điện thoại."
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = "Địa chỉ thư điện tử không hợp lệ."
    if phone:
        try:
            phone = normalise_phone(phone)
        except IdentifierError as exc:
            errors["phone"] = exc.message_vi
    if errors:
        raise Invalid(" ".join(errors.values()), "Invalid e-mail or phone.", errors)
    return email, phone


def find_account(identifier: str):
    """The applicant account with this e-mail or phone number, or None."""
    identifier = (identifier or "").strip()
    if not identifier or len(identifier) > 254:
        return None
    if "@" in identifier:
        q = Q(email__iexact=identifier)
    else:
        try:
            q = Q(phone=normalise_phone(identifier))
        except IdentifierError:
            return None
    return get_user_model().objects.filter(q, applicant__isnull=False).select_related("applicant").first()


@transaction.atomic
def register(*, full_name: str, email: str = "", phone: str = "", password: str) -> Any:
    """A new applicant account, not yet verified; the verification code is on its way."""
    name = " ".join((full_name or "").split())
    if not name or len(name) > 150:
        raise Invalid("Cần họ và tên (tối đa 150 ký tự).", "full_name is required (at most 150 characters).", {"full_name": "required"})
    email, phone = _clean_identifiers(email, phone)
    User = get_user_model()
    taken = Q()
    if email:
        taken |= Q(email__iexact=email) | Q(username__iexact=email)
    if phone:
        taken |= Q(phone=phone) | Q(username=phone)
    if User.objects.filter(taken).exists():
        raise Invalid("Thư điện tử hoặc số điện thoại đã được dùng cho một tài khoản khác.", "The e-mail or phone is already registered.", {"email": "taken"})
    user = User(username=email or phone, email=email, phone=phone, full_name=name)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise Invalid(" ".join(exc.messages), "The password is too weak.", {"password": exc.messages}) from None
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise Invalid("Tài khoản đã tồn tại.", "The account already exists.") from None
    ApplicantProfile.objects.create(user=user)
    record_event(actor=user, category=AuditCategory.ACCOUNT, action="applicant.registered", obj=user, summary=user.username)
    send_code(user)
    return user


def _hash_code(user_id: int, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{user_id}:{code}".encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def send_code(user, medium: str = "") -> VerificationCode:
    """A fresh six-digit code by e-mail (or SMS when the account has only a phone); older
    unused codes stop working."""
    medium = medium or ("email" if user.email else "sms")
    destination = user.email if medium == "email" else user.phone
    if not destination:
        raise Invalid("Tài khoản chưa có địa chỉ để gửi mã.", "The account has no address for this medium.")
    recent = VerificationCode.objects.filter(user=user, created_at__gt=timezone.now() - dt.timedelta(seconds=settings.PORTAL_CODE_RESEND_SECONDS)).exists()
    if recent:
        raise Invalid("Mã vừa được gửi; hãy chờ một phút rồi gửi lại.", "A code was just sent; wait a minute.")
    VerificationCode.objects.filter(user=user, used_at__isnull=True).update(used_at=timezone.now())
    code = f"{secrets.randbelow(10**6):06d}"
    row = VerificationCode.objects.create(user=user, medium=medium, destination=destination, code_hash=_hash_code(user.pk, code),
                                          expires_at=timezone.now() + dt.timedelta(minutes=settings.PORTAL_CODE_MINUTES))
    notifications.queue(key=f"verify:{row.pk}", medium=medium, recipient=destination, template_key="account.verify", user=user,
                        context={"name": user.get_full_name(), "code": code, "minutes": settings.PORTAL_CODE_MINUTES, "site": notifications.public_url("/portal/")})
    return row


@transaction.atomic
def verify(user, code: str) -> bool:
    """Check a code: five tries per code, then it is spent."""
    row = VerificationCode.objects.select_for_update().filter(user=user, used_at__isnull=True, expires_at__gt=timezone.now()).first()
    if row is None:
        return False
    if not hmac.compare_digest(row.code_hash, _hash_code(user.pk, (code or "").strip())):
        row.attempts += 1
        if row.attempts >= 5:
            row.used_at = timezone.now()
        row.save(update_fields=["attempts", "used_at"])
        return False
    now = timezone.now()
    row.used_at = now
    row.save(update_fields=["used_at"])
    profile = user.applicant
    if row.medium == "email":
        profile.email_verified_at = now
    else:
        profile.phone_verified_at = now
    profile.save(update_fields=["email_verified_at", "phone_verified_at"])
    record_event(actor=user, category=AuditCategory.ACCOUNT, action="applicant.verified", obj=user, summary=row.medium)
    return True


@transaction.atomic
def update_profile(user, *, full_name: str, kind: str, id_number: str, birth_date: dt.date | None, address: str, phone: str) -> ApplicantProfile:
    from motcua.dossiers.services import Applicant, clean_applicant

    profile = user.applicant
    name = " ".join((full_name or "").split())
    if id_number:
        clean = clean_applicant(Applicant(name=name, id_number=id_number, kind=kind, birth_date=birth_date, address=address))
        id_number = clean["applicant_id_number"]
    if phone:
        _email, phone = _clean_identifiers("", phone)
        if get_user_model().objects.filter(phone=phone).exclude(pk=user.pk).exists():
            raise Invalid("Số điện thoại đã được dùng cho một tài khoản khác.", "The phone is used by another account.", {"phone": "taken"})
    if len(address or "") > 300 or not name or len(name) > 150:
        raise Invalid("Họ tên (tối đa 150 ký tự) và địa chỉ (tối đa 300 ký tự).", "Invalid name or address.")
    user.full_name = name
    if phone != user.phone:
        user.phone = phone
        profile.phone_verified_at = None
    user.save(update_fields=["full_name", "phone"])
    profile.kind, profile.id_number, profile.birth_date, profile.address = kind, id_number, birth_date, (address or "").strip()
    profile.save()
    return profile


@transaction.atomic
def oidc_account(claims: dict, *, create: bool = True):
    """The applicant account for a national identity login (matched on the provider's subject;
    created on first login, profile refreshed from the claims on each login)."""
    sub = str(claims.get("sub") or "")[:255]
    if not sub:
        return None
    profile = ApplicantProfile.objects.select_related("user").filter(oidc_subject=sub).first()
    User = get_user_model()
    name = " ".join(str(claims.get("name") or claims.get(settings.OIDC_NAME_CLAIM) or "").split())[:150]
    if profile is None:
        if not create:
            return None
        user = User(username=f"vneid:{sub}"[:150], full_name=name or sub[:150], email=str(claims.get("email") or "")[:254])
        user.set_unusable_password()
        user.save()
        profile = ApplicantProfile.objects.create(user=user, oidc_subject=sub)
        record_event(actor=user, category=AuditCategory.ACCOUNT, action="applicant.registered", obj=user, summary="oidc")
    user = profile.user
    id_number = str(claims.get(settings.OIDC_ID_NUMBER_CLAIM) or "")[:20]
    if id_number:
        profile.id_number = id_number
    birth = claims.get("birthdate")
    if isinstance(birth, str):
        try:
            profile.birth_date = dt.date.fromisoformat(birth)
        except ValueError:
            pass
    profile.save()
    if name and name != user.full_name:
        user.full_name = name
        user.save(update_fields=["full_name"])
    return user


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
        reference=new_reference("NOP"), owner=user, procedure=version.procedure, channel=channel,
        receiving_agency=receivers[0] if len(receivers) == 1 else None,
        result_channel=Channel.ONLINE if channel == Channel.ONLINE else Channel.POSTAL,
        applicant={
            "kind": profile.kind if profile else "person", "name": user.get_full_name(), "id_number": profile.id_number if profile else "",
            "birth_date": profile.birth_date.isoformat() if profile and profile.birth_date else "", "phone": user.phone, "email": user.email,
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
    components = {c.name for c in version.components.all()} if version else set()
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
    row.save()
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
        item = SubmissionFile(submission=row, component=component, name=checked.name, content_type=checked.content_type, size=checked.size, sha256=checked.sha256)
        item.file.save(f"{secrets.token_hex(12)}{checked.ext}", ContentFile(checked.data), save=False)
        item.save()
        stored += 1
    return DraftOutcome(row, errors)


@transaction.atomic
def remove_file(user, submission: Submission | int, file_id: int) -> None:
    row = _owned_submission(user, submission)
    item = row.files.filter(pk=file_id).first()
    if item is None:
        raise NotFound("Không tìm thấy tệp.", "File not found.")
    item.delete()
    transaction.on_commit(lambda: item.file.delete(save=False))


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
            raise Invalid("Ngày sinh không hợp lệ (năm-tháng-ngày).", "Invalid birth date.", {"applicant": {"birth_date": "invalid"}}) from None
    return dossier_services.Applicant(
        name=data.get("name", ""), id_number=data.get("id_number", ""), kind=data.get("kind") or "person", birth_date=birth,
        phone=data.get("phone", ""), email=data.get("email", ""), address=data.get("address", ""),
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
    if row.channel == Channel.ONLINE:
        missing = [c.name for c in version.components.all() if c.requirement == "mandatory" and c.name not in given]
        if missing:
            raise Invalid("Còn thiếu tệp của thành phần bắt buộc: " + "; ".join(missing) + ".", "Mandatory components have no file.", {"components": missing})
    components = [{"name": c.name, "originals": c.originals, "certified_copies": c.certified_copies, "copies": c.copies}
                  for c in version.components.all() if c.name in given or row.channel == Channel.POSTAL and c.requirement == "mandatory"]
    d = dossier_services.submit(
        actor=user, owner=user, procedure_code=row.procedure.code, receiving_agency_code=row.receiving_agency.code, applicant=_applicant(row),
        channel=row.channel, components=components or None, result_channel=row.result_channel, pickup_address=row.pickup_address,
        result_address=row.result_address, data={"reference": row.reference, "files": len(files), "note": row.note},
    )
    for f in files:
        DossierFile.objects.create(dossier=d, kind=DossierFile.Kind.COMPONENT, component=f.component, name=f.name, file=f.file.name,
                                   content_type=f.content_type, size=f.size, sha256=f.sha256, uploaded_by=user, uploaded_at=f.uploaded_at)
    row.state, row.dossier, row.submitted_at = SubmissionState.SUBMITTED, d, d.submitted_at
    row.save(update_fields=["state", "dossier", "submitted_at", "updated_at"])
    return d


# --------------------------------------------------------------------------- the applicant's dossier
def owned_dossier(user, ref) -> Dossier:
    """The dossier if ``user`` owns it; NotFound otherwise (never revealing that it exists)."""
    d = Dossier.objects.filter(public_id=ref, owner=user).first() if getattr(user, "is_authenticated", False) else None
    if d is None:
        raise NotFound("Không tìm thấy hồ sơ.", "Dossier not found.")
    return d


@transaction.atomic
def send_supplement(user, ref, *, uploads: list, note: str, expected_version: int | None = None) -> Dossier:
    """The applicant answers a supplement request (the clock resumes now) or completes a
    dossier guided at reception (it goes back to the reception queue)."""
    d = owned_dossier(user, ref)
    if d.state not in (State.SUPPLEMENT_REQUESTED, State.GUIDED):
        raise Invalid("Hồ sơ không ở trạng thái chờ bổ sung.", "The dossier is not waiting for a supplement.")
    if not uploads and not (note or "").strip():
        raise Invalid("Cần tải lên tệp bổ sung hoặc ghi nội dung bổ sung.", "Upload a file or write what is supplied.")
    for upload in uploads:
        d = dossier_services.attach_file(d, upload, actor=user, kind=DossierFile.Kind.COMPONENT, by_applicant=True, expected_version=expected_version,
                                         note=f"Người nộp bổ sung: {getattr(upload, 'name', '')}"[:1000])
        expected_version = None
    action = "supplement_received" if d.state == State.SUPPLEMENT_REQUESTED else "resubmit"
    return dossier_services.perform(d, action, actor=user, by_applicant=True, expected_version=expected_version, note=(note or "Người nộp bổ sung hồ sơ trên cổng dịch vụ công")[:1000])


@transaction.atomic
def withdraw(user, ref, *, reason: str) -> Dossier:
    d = owned_dossier(user, ref)
    return dossier_services.perform(d, "withdraw", actor=user, by_applicant=True, reason=reason or "Người nộp rút hồ sơ trên cổng dịch vụ công")


def result_file(user, ref, file_id: int) -> DossierFile:
    """A file of the applicant's own dossier: their components at any time, the result once it
    is ready. Fetching an electronic result records its return online (national code 10)."""
    d = owned_dossier(user, ref)
    row = DossierFile.objects.filter(dossier=d, pk=file_id).exclude(kind=DossierFile.Kind.OTHER).first()
    if row is None or (row.kind == DossierFile.Kind.RESULT and d.state not in (State.RESOLVED, State.RETURNED)):
        raise NotFound("Không tìm thấy tệp.", "File not found.")
    if row.kind == DossierFile.Kind.RESULT and d.state == State.RESOLVED and d.result_channel == Channel.ONLINE:
        with contextlib.suppress(DossierError):  # returned meanwhile by another download: the file is still theirs
            dossier_services.perform(d, "return_result", actor=user, by_applicant=True, channel=Channel.ONLINE, note="Người nộp tải kết quả điện tử")
    return row


def criteria() -> list[RatingCriterion]:
    return list(RatingCriterion.objects.filter(is_active=True))


@transaction.atomic
def rate(user, ref, *, scores: dict[str, int], comment: str = "") -> Dossier:
    """The satisfaction rating over the active criteria (each 1-5); the overall score is the
    'overall' criterion when it is rated, else the rounded mean."""
    d = owned_dossier(user, ref)
    active = {c.code for c in criteria()}
    clean = {k: v for k, v in scores.items() if k in active}
    if set(clean) != active or any(not isinstance(v, int) or not 1 <= v <= 5 for v in clean.values()):
        raise Invalid("Hãy chấm từ 1 đến 5 điểm cho mỗi tiêu chí.", "Score every criterion from 1 to 5.", {"criteria": sorted(active - set(clean))})
    overall = clean.get("overall") or round(sum(clean.values()) / len(clean))
    return dossier_services.perform(d, "rate", actor=user, by_applicant=True, score=overall, criteria=clean, comment=(comment or "")[:1000])


# --------------------------------------------------------------------------- feedback
@transaction.atomic
def file_feedback(*, author, category_code: str, name: str, email: str, phone: str, title: str, content: str, agency_code: str = "", dossier_ref=None) -> Feedback:
    """Record a feedback or complaint, routed to the dossier's agency (or the one chosen), due
    after the category's working days on that agency's calendar."""
    category = FeedbackCategory.objects.filter(code=category_code, is_active=True).first()
    if category is None:
        raise Invalid("Chọn loại phản ánh, kiến nghị.", "Choose a feedback category.", {"category": "required"})
    name, title, content = " ".join((name or "").split()), " ".join((title or "").split()), (content or "").strip()
    if not name or len(name) > 150 or not title or len(title) > 200 or not content or len(content) > 5000:
        raise Invalid("Cần họ tên (≤150 ký tự), tiêu đề (≤200) và nội dung (≤5000).", "name, title and content are required.")
    email, phone = _clean_identifiers(email, phone)
    dossier = None
    if dossier_ref:
        dossier = owned_dossier(author, dossier_ref)
        agency = dossier.receiving_agency
    else:
        agency = Agency.objects.filter(code=agency_code or "", is_active=True).first()
        if agency is None:
            raise Invalid("Chọn cơ quan nhận phản ánh, kiến nghị.", "Choose the agency.", {"agency": "required"})
    now = timezone.now()
    due = engine_for(agency).compute_due(now, Duration(category.due_working_days, Unit.WORKING_DAYS), explain=False).due_at
    fb = Feedback.objects.create(
        reference=new_reference("PA"), category=category, author=author if getattr(author, "is_authenticated", False) else None, author_name=name,
        email=email, phone=phone, dossier=dossier, agency=agency, title=title, content=content, submitted_at=now, due_at=due,
    )
    record_event(actor=fb.author, category=AuditCategory.DOSSIER, action="feedback.filed", obj=fb, agency=agency, summary=fb.reference)
    return fb


@transaction.atomic
def answer_feedback(fb: Feedback, *, actor, answer: str, visibility: str) -> Feedback:
    from motcua.accounts.selectors import in_scope
    from motcua.dossiers.choices import OPERATIONAL_ROLES

    fb = Feedback.objects.select_for_update().get(pk=fb.pk)
    if not in_scope(actor, fb.agency, OPERATIONAL_ROLES):
        raise Forbidden("Bạn không có quyền trả lời phản ánh này.", "You may not answer this feedback.")
    if fb.state == FeedbackState.ANSWERED:
        raise Invalid("Phản ánh đã được trả lời.", "Already answered.")
    answer = (answer or "").strip()
    if not answer or len(answer) > 5000 or visibility not in Visibility.values:
        raise Invalid("Cần nội dung trả lời (tối đa 5000 ký tự) và chế độ công khai.", "answer and visibility are required.")
    fb.answer, fb.visibility, fb.state, fb.answered_at, fb.answered_by = answer, visibility, FeedbackState.ANSWERED, timezone.now(), actor
    fb.save()
    record_event(actor=actor, category=AuditCategory.DOSSIER, action="feedback.answered", obj=fb, agency=fb.agency, summary=fb.reference)
    notifications.queue_both(
        key=f"feedback:{fb.pk}:answer", email=fb.email or (fb.author.email if fb.author else ""), phone=fb.phone, template_key="feedback.answered",
        context={"name": fb.author_name, "reference": fb.reference, "title": fb.title, "answer": answer, "agency": fb.agency.name,
                 "agency_short": fb.agency.short_name or fb.agency.name, "portal_url": notifications.public_url("/portal/feedback/")},
        user=fb.author,
    )
    return fb


def applicant_actions(d: Dossier) -> list[str]:
    """What the owner may do now on the portal."""
    actions = []
    if d.state in (State.SUPPLEMENT_REQUESTED, State.GUIDED):
        actions.append("supplement")
    if "withdraw" in machine.allowed_actions(d.state) and d.state not in (State.RESOLVED,):
        actions.append("withdraw")
    if d.state == State.RETURNED and d.rated_at is None:
        actions.append("rate")
    return actions
