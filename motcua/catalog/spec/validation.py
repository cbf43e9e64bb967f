"""Every rule a procedure version must meet before it is published, each problem with its place and the reason in Vietnamese and English."""

from __future__ import annotations

from decimal import Decimal

from motcua.calendars.engine import Duration, EngineError, Unit

from ..choices import (
    ApplicantType,
    CompetenceLevel,
    CrossBoundary,
    FeeKind,
    FeeUnit,
    OnlineLevel,
    ProcedureStatus,
    Requirement,
    ResultForm,
    TimeUnit,
)
from .checks import _choice, _text
from .model import HOURS_PER_WORKING_DAY, PROCEDURE_CODE, Issue, ProcedureSpec, hours_equivalent
from .routes import _validate_routes


def validate(
    spec: ProcedureSpec,
    *,
    known_fields: set[str] | None = None,
    known_agencies: set[str] | None = None,
    hours_per_day: Decimal = HOURS_PER_WORKING_DAY,
) -> list[Issue]:
    """Every rule a procedure version must meet before it is published (empty list: valid)."""
    out: list[Issue] = []
    _check_identity(spec, known_fields, known_agencies, out)
    times_valid = _check_times(spec, hours_per_day, out)
    _check_legal_basis(spec, out)
    _check_fees(spec, out)
    _check_components(spec, out)
    _check_results(spec, out)
    _validate_routes(spec, times_valid, known_agencies, hours_per_day, out)
    return out


def _check_identity(spec: ProcedureSpec, known_fields: set[str] | None, known_agencies: set[str] | None, out: list[Issue]) -> None:
    """The code, name, field, status, levels, applicant types, agencies and texts."""
    if not PROCEDURE_CODE.match(spec.code or ""):
        out.append(
            Issue(
                ("code",),
                f"Mã thủ tục «{spec.code}» sai định dạng: một chữ số, dấu chấm, sáu chữ số (ví dụ 2.000635).",
                f"Procedure code {spec.code!r} must be one digit, a dot and six digits (e.g. 2.000635).",
            )
        )
    _text(spec.name, ("name",), "tên thủ tục", "Name", out)
    if not spec.field_code:
        out.append(Issue(("field_code",), "Thiếu lĩnh vực.", "Field is required."))
    elif known_fields is not None and spec.field_code not in known_fields:
        out.append(
            Issue(
                ("field_code",),
                f"Lĩnh vực «{spec.field_code}» không có trong danh mục.",
                f"Unknown field {spec.field_code!r}.",
                reference=True,
            )
        )
    _choice(spec.status, ProcedureStatus, ("status",), "Trạng thái", "status", out)
    if not spec.levels:
        out.append(Issue(("levels",), "Cần ít nhất một cấp thẩm quyền.", "At least one level of competence is required."))
    for level in spec.levels:
        _choice(level, CompetenceLevel, ("levels",), "Cấp thẩm quyền", "level", out)
    if not spec.applicant_types:
        out.append(Issue(("applicant_types",), "Cần ít nhất một đối tượng thực hiện.", "At least one applicant type is required."))
    for kind in spec.applicant_types:
        _choice(kind, ApplicantType, ("applicant_types",), "Đối tượng thực hiện", "applicant type", out)
    _check_agencies(spec, known_agencies, out)
    _choice(spec.online_level, OnlineLevel, ("online_level",), "Mức độ dịch vụ công trực tuyến", "online level", out)
    _choice(spec.cross_boundary, CrossBoundary, ("cross_boundary",), "Phạm vi phi địa giới", "cross-boundary scope", out)
    _text(spec.description, ("description",), "trình tự thực hiện", "Description", out, max_length=20_000, required=False)
    _text(spec.requirements, ("requirements",), "yêu cầu, điều kiện", "Requirements", out, max_length=20_000, required=False)


def _check_agencies(spec: ProcedureSpec, known_agencies: set[str] | None, out: list[Issue]) -> None:
    if known_agencies is None:
        return
    for name, codes in (("competent_agencies", spec.competent_agencies), ("receiving_agencies", spec.receiving_agencies)):
        for code in codes:
            if code not in known_agencies:
                out.append(Issue((name,), f"Cơ quan «{code}» không tồn tại.", f"Unknown agency {code!r}.", reference=True))


def _check_times(spec: ProcedureSpec, hours_per_day: Decimal, out: list[Issue]) -> bool:
    """The statutory and reduced processing times; whether both are valid (routes are checked
    against them only then)."""
    statutory = _duration(spec.statutory_value, spec.statutory_unit, spec.same_day_cutoff, ("statutory_value",), "Thời hạn giải quyết", out)
    reduced = None
    if (spec.reduced_value is None) != (not spec.reduced_unit):
        out.append(
            Issue(("reduced_value",), "Thời hạn cắt giảm cần cả giá trị và đơn vị.", "A reduced time needs both a value and a unit.")
        )
    elif spec.reduced_value is not None:
        reduced = _duration(spec.reduced_value, spec.reduced_unit, spec.same_day_cutoff, ("reduced_value",), "Thời hạn cắt giảm", out)
        if (
            statutory
            and reduced
            and hours_equivalent(spec.reduced_value, spec.reduced_unit, hours_per_day)
            > hours_equivalent(spec.statutory_value, spec.statutory_unit, hours_per_day)
        ):
            out.append(
                Issue(
                    ("reduced_value",),
                    "Thời hạn cắt giảm không được dài hơn thời hạn theo quy định.",
                    "The reduced time may not be longer than the statutory time.",
                )
            )
    applicable_unit = spec.reduced_unit if spec.reduced_value is not None and spec.reduced_unit else spec.statutory_unit
    if spec.same_day_cutoff is not None and applicable_unit != TimeUnit.SAME_DAY:
        out.append(
            Issue(
                ("same_day_cutoff",),
                "Giờ chốt trong ngày chỉ dùng cho thủ tục giải quyết trong ngày.",
                "A same-day cut-off only applies to same-day procedures.",
            )
        )
    return statutory is not None and (reduced is not None or spec.reduced_value is None)


def _check_legal_basis(spec: ProcedureSpec, out: list[Issue]) -> None:
    for i, legal in enumerate(spec.legal_basis):
        _text(legal.number, ("legal_basis", i, "number"), "số hiệu văn bản", "Document number", out, max_length=100)
        _text(legal.title, ("legal_basis", i, "title"), "trích yếu văn bản", "Document title", out)


def _check_fees(spec: ProcedureSpec, out: list[Issue]) -> None:
    for i, fee in enumerate(spec.fees):
        _check_fee(fee, ("fees", i), out)


def _check_fee(fee, path: tuple, out: list[Issue]) -> None:
    _text(fee.name, (*path, "name"), "tên phí, lệ phí", "Fee name", out)
    _choice(fee.kind, FeeKind, (*path, "kind"), "Loại phí", "fee kind", out)
    if not isinstance(fee.amount, int) or fee.amount < 0 or fee.amount > 10**12:
        out.append(
            Issue(
                (*path, "amount"),
                "Mức thu phải là số tiền nguyên, không âm (đồng).",
                "The amount must be a whole, non-negative number of VND.",
            )
        )
    _choice(fee.unit, FeeUnit, (*path, "unit"), "Đơn vị tính phí", "fee unit", out)
    for key in ("next_amount", "max_amount", "online_amount"):
        value = getattr(fee, key)
        if value is not None and (not isinstance(value, int) or not 0 <= value <= 10**12):
            out.append(
                Issue(
                    (*path, key), "Mức thu phải là số tiền nguyên, không âm (đồng).", f"{key} must be a whole, non-negative number of VND."
                )
            )
    if (fee.first_units is None) != (fee.next_amount is None) or (fee.first_units is not None and not 1 <= fee.first_units <= 1000):
        out.append(
            Issue(
                (*path, "first_units"),
                "Mức thu lũy tiến cần cả số đơn vị đầu (1-1000) và mức thu từ đơn vị tiếp theo.",
                "A stepped fee needs both first_units (1-1000) and next_amount.",
            )
        )
    if fee.unit == FeeUnit.DOSSIER and fee.first_units is not None:
        out.append(Issue((*path, "unit"), "Phí tính theo hồ sơ không có mức thu lũy tiến.", "A per-dossier fee has no steps."))
    if fee.max_amount is not None and fee.unit != FeeUnit.PAGE:
        out.append(
            Issue(
                (*path, "max_amount"),
                "Mức tối đa mỗi bản chỉ dùng cho phí tính theo trang.",
                "A cap per copy applies to per-page fees only.",
            )
        )


def _check_components(spec: ProcedureSpec, out: list[Issue]) -> None:
    names = set()
    for i, comp in enumerate(spec.components):
        _text(comp.name, ("components", i, "name"), "tên thành phần hồ sơ", "Component name", out)
        if comp.name in names:
            out.append(Issue(("components", i, "name"), f"Thành phần «{comp.name}» bị trùng.", f"Duplicate component {comp.name!r}."))
        names.add(comp.name)
        counts = (comp.originals, comp.certified_copies, comp.copies)
        if any(not isinstance(c, int) or c < 0 or c > 99 for c in counts):
            out.append(
                Issue(
                    ("components", i, "originals"),
                    "Số lượng bản phải là số nguyên từ 0 đến 99.",
                    "Counts must be whole numbers from 0 to 99.",
                )
            )
        elif sum(counts) == 0:
            out.append(
                Issue(
                    ("components", i, "originals"),
                    "Thành phần hồ sơ phải có ít nhất một bản (chính, chứng thực hoặc sao).",
                    "A component needs at least one original, certified copy or copy.",
                )
            )
        _choice(comp.requirement, Requirement, ("components", i, "requirement"), "Tính bắt buộc", "requirement", out)
        if comp.requirement == Requirement.CONDITIONAL and not comp.condition.strip():
            out.append(
                Issue(
                    ("components", i, "condition"),
                    "Thành phần tùy trường hợp phải ghi rõ trường hợp nào.",
                    "A conditional component must state its condition.",
                )
            )


def _check_results(spec: ProcedureSpec, out: list[Issue]) -> None:
    if not spec.results:
        out.append(Issue(("results",), "Cần ít nhất một kết quả thực hiện.", "At least one result is required."))
    for i, result in enumerate(spec.results):
        _text(result.name, ("results", i, "name"), "tên kết quả", "Result name", out)
        _choice(result.form, ResultForm, ("results", i, "form"), "Hình thức kết quả", "result form", out)


def _duration(value, unit, cutoff, path, label_vi: str, out: list[Issue]) -> Duration | None:
    if unit not in TimeUnit.values:
        out.append(Issue((path[0].replace("value", "unit"),), f"{label_vi}: đơn vị «{unit}» không hợp lệ.", f"Unknown time unit {unit!r}."))
        return None
    try:
        return Duration(float(value), Unit(unit), cutoff if unit == TimeUnit.SAME_DAY else None)
    except (EngineError, TypeError, ValueError) as exc:
        vi = getattr(exc, "message_vi", str(exc))
        en = getattr(exc, "message_en", str(exc))
        out.append(Issue(path, f"{label_vi}: {vi}", en))
        return None
