"""What an action is given: the applicant (validated), the caller and the moment, the procedure
version facts reception needs, the components handed in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from motcua.catalog.models import ProcedureVersion
from motcua.catalog.selectors import CATALOGUE
from motcua.core import revisions
from motcua.core.text import fold
from motcua.organisations.models import AdministrativeUnit, Agency
from motcua.organisations.selectors import agency_by_code

from ..choices import OPERATIONAL_ROLES, ApplicantKind, Sex
from ..errors import Invalid
from ..identifiers import IdentifierError, citizen_id_sex, normalise_phone, validate_citizen_id, validate_tax_code

SECRET_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105 - an alphabet, not a secret: no 0/O, 1/I
OPERATIONAL = OPERATIONAL_ROLES
FUTURE_TOLERANCE = dt.timedelta(minutes=2)


# --------------------------------------------------------------------------- inputs
@dataclass(frozen=True)
class Applicant:
    name: str
    id_number: str
    kind: str = ApplicantKind.PERSON
    birth_date: dt.date | None = None
    sex: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    unit_code: str = ""


@dataclass
class Ctx:
    actor: Any
    at: dt.datetime
    imported: bool = False
    by_applicant: bool = False
    event: dict[str, Any] = field(default_factory=dict)


def clean_applicant(applicant: Applicant, *, legacy: bool = False) -> dict[str, Any]:
    """Validated applicant fields (docs/rules.md section 4) or Invalid listing every problem."""
    errors: dict[str, str] = {}
    out: dict[str, Any] = {"applicant_kind": applicant.kind}
    if applicant.kind not in ApplicantKind.values:
        errors["kind"] = "Loại người nộp phải là person hoặc business."
    name = " ".join((applicant.name or "").split())
    if not name or len(name) > 200:
        errors["name"] = "Cần họ tên (tối đa 200 ký tự)."
    out["applicant_name"] = name
    try:
        if applicant.kind == ApplicantKind.BUSINESS:
            out["applicant_id_number"] = validate_tax_code(applicant.id_number)
        else:
            out["applicant_id_number"] = validate_citizen_id(applicant.id_number, applicant.birth_date, allow_legacy=legacy)
    except IdentifierError as exc:
        errors["id_number"] = exc.message_vi
    if applicant.birth_date is not None and not (dt.date(1900, 1, 1) <= applicant.birth_date <= timezone.localdate()):
        errors["birth_date"] = "Ngày sinh không hợp lệ."
    out["applicant_birth_date"] = applicant.birth_date
    out["applicant_sex"] = _clean_sex(applicant, out.get("applicant_id_number", "") if "id_number" not in errors else "", errors)
    _clean_contacts(applicant, out, errors)
    if len(applicant.address or "") > 300:
        errors["address"] = "Địa chỉ dài quá 300 ký tự."
    out["applicant_address"] = (applicant.address or "").strip()
    out["applicant_unit"] = None
    if applicant.unit_code:
        unit = AdministrativeUnit.objects.filter(code=applicant.unit_code).order_by("valid_to").first()
        if unit is None:
            errors["unit_code"] = f"Không có đơn vị hành chính mã {applicant.unit_code}."
        out["applicant_unit"] = unit
    if errors:
        raise Invalid(
            "Thông tin người nộp không hợp lệ: " + "; ".join(errors.values()),
            "Invalid applicant: " + ", ".join(errors),
            {"applicant": errors},
        )
    return out


def _clean_sex(applicant: Applicant, id_number: str, errors: dict[str, str]) -> str:
    """A person's sex, checked against a valid 12-digit ID number (``id_number``, "" when it is not valid)."""
    sex = applicant.sex or ""
    if sex and (applicant.kind != ApplicantKind.PERSON or sex not in Sex.values):
        errors["sex"] = "Giới tính là Nam hoặc Nữ, chỉ với cá nhân."
    elif sex and len(id_number) == 12 and citizen_id_sex(id_number) != sex:
        errors["sex"] = "Giới tính không khớp với số định danh cá nhân."
    return sex


def _clean_contacts(applicant: Applicant, out: dict[str, Any], errors: dict[str, str]) -> None:
    if applicant.phone:
        try:
            out["applicant_phone"] = normalise_phone(applicant.phone)
        except IdentifierError as exc:
            errors["phone"] = exc.message_vi
    if applicant.email:
        try:
            validate_email(applicant.email)
            out["applicant_email"] = applicant.email.strip()
        except ValidationError:
            errors["email"] = "Địa chỉ thư điện tử không hợp lệ."


@dataclass(frozen=True)
class VersionFacts:
    """What reception needs from a published (frozen, so cacheable) procedure version."""

    receivers: frozenset[int]
    competents: tuple[int, ...]
    components: tuple[tuple[str, int, int, int, str], ...]
    routes: dict[int | None, tuple]  # receiving agency id (None: default) -> route steps


def facts(version: ProcedureVersion) -> VersionFacts:
    """Kept in the process (``core.revisions``) while the catalogue is unchanged, for a
    published version; a draft is read afresh."""
    if version.state == "published":
        return revisions.cached(CATALOGUE, ("facts", version.pk, version.published_at), lambda: _load_facts(version))
    return _load_facts(version)


def _load_facts(version: ProcedureVersion) -> VersionFacts:
    routes = {}
    for route in version.routes.prefetch_related("steps__agency").all():
        routes[route.receiving_agency_id] = (route, tuple(route.steps.all()))
    return VersionFacts(
        receivers=frozenset(version.receiving_agencies.values_list("pk", flat=True)),
        competents=tuple(version.competent_agencies.order_by("pk").values_list("pk", flat=True)),
        components=tuple(version.components.values_list("name", "originals", "certified_copies", "copies", "requirement")),
        routes=routes,
    )


def clean_components(version: ProcedureVersion, components: list[dict] | None) -> tuple[list[dict], list[str]]:
    """The submitted components (default: the procedure's mandatory ones) and the names of
    mandatory components that are missing (recorded; the officer judges completeness)."""
    mandatory = [
        (name, originals, certified, copies)
        for name, originals, certified, copies, requirement in facts(version).components
        if requirement == "mandatory"
    ]
    if not components:
        return [{"name": n, "originals": o, "certified_copies": c, "copies": k} for n, o, c, k in mandatory], []
    out = []
    for i, c in enumerate(components):
        name = " ".join(str(c.get("name", "")).split())
        counts = {k: c.get(k, 0) for k in ("originals", "certified_copies", "copies")}
        if not name or len(name) > 500 or any(not isinstance(v, int) or isinstance(v, bool) or not 0 <= v <= 99 for v in counts.values()):
            raise Invalid(
                f"Thành phần hồ sơ thứ {i + 1} không hợp lệ (tên, số bản 0-99).",
                f"Component {i + 1} is invalid (name, counts 0-99).",
                {"components": i},
            )
        out.append({"name": name, **counts})
    given = {fold(c["name"]) for c in out}
    missing = [name for name, *_counts in mandatory if fold(name) not in given]
    return out, missing


# --------------------------------------------------------------------------- helpers
def _moment(at: dt.datetime | None) -> dt.datetime:
    now = timezone.now()
    if at is None:
        return now
    if timezone.is_naive(at):
        raise Invalid("Thời điểm phải có múi giờ.", "Times must carry a time zone.")
    if at > now + FUTURE_TOLERANCE:
        raise Invalid("Thời điểm không được ở tương lai.", "A time cannot be in the future.")
    return at


def _agency(code: str, label: str) -> Agency:
    agency = agency_by_code(code)
    if agency is None:
        raise Invalid(f"Không có {label} mã «{code}».", f"Unknown agency {code!r}.", {"agency": code})
    return agency
