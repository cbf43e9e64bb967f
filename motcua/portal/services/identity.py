"""Applicant accounts: registration by e-mail or phone with a verification code, the profile,
accounts from OpenID Connect; public references."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from motcua.core.choices import AuditCategory
from motcua.core.services import record_event
from motcua.dossiers import actions as dossier_actions
from motcua.dossiers.errors import Invalid
from motcua.dossiers.identifiers import IdentifierError, normalise_phone
from motcua.dossiers.services import Applicant, clean_applicant
from motcua.notifications import services as notifications

from ..models import ApplicantProfile, VerificationCode

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
        raise Invalid(
            "Thư điện tử hoặc số điện thoại đã được dùng cho một tài khoản khác.",
            "The e-mail or phone is already registered.",
            {"email": "taken"},
        )
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
    recent = VerificationCode.objects.filter(
        user=user, created_at__gt=timezone.now() - dt.timedelta(seconds=settings.PORTAL_CODE_RESEND_SECONDS)
    ).exists()
    if recent:
        raise Invalid("Mã vừa được gửi; hãy chờ một phút rồi gửi lại.", "A code was just sent; wait a minute.")
    VerificationCode.objects.filter(user=user, used_at__isnull=True).update(used_at=timezone.now())
    code = f"{secrets.randbelow(10**6):06d}"
    row = VerificationCode.objects.create(
        user=user,
        medium=medium,
        destination=destination,
        code_hash=_hash_code(user.pk, code),
        expires_at=timezone.now() + dt.timedelta(minutes=settings.PORTAL_CODE_MINUTES),
    )
    notifications.queue(
        key=f"verify:{row.pk}",
        medium=medium,
        recipient=destination,
        template_key="account.verify",
        user=user,
        context={
            "name": user.get_full_name(),
            "code": code,
            "minutes": settings.PORTAL_CODE_MINUTES,
            "site": notifications.public_url("/portal/"),
        },
    )
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
def update_profile(
    user, *, full_name: str, kind: str, id_number: str, birth_date: dt.date | None, address: str, phone: str
) -> ApplicantProfile:
    profile = user.applicant
    name = " ".join((full_name or "").split())
    if profile.oidc_subject and profile.id_number:
        id_number, kind = profile.id_number, profile.kind  # identified with VNeID: the provider's number stays
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
