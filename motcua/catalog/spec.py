"""The content of one procedure version as plain, comparable data, and the rules it must meet.

Pure module (no ORM): the publish action, the Excel import and the tests all validate the same
``ProcedureSpec``. Every problem is an ``Issue`` with a path into the spec, so the importer can
point at the sheet, row and column and the admin screens at the field.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from motcua.accounts.choices import Role
from motcua.calendars.engine import Duration, EngineError, Unit

from .choices import (
    ApplicantType,
    CompetenceLevel,
    CrossBoundary,
    FeeKind,
    FeeUnit,
    OnlineLevel,
    Performer,
    ProcedureStatus,
    Requirement,
    ResultForm,
    StepKind,
    StepUnit,
    TimeUnit,
)

PROCEDURE_CODE = re.compile(r"^\d\.\d{6}$")
# A working day counts as this many office hours when step quotas in hours and procedure
# times in days are compared (catalog quota check only; due times use the real office hours).
HOURS_PER_WORKING_DAY = Decimal(8)


@dataclass(frozen=True)
class LegalBasisSpec:
    number: str
    title: str
    issued_on: dt.date | None = None
    issuer: str = ""


@dataclass(frozen=True)
class FeeSpec:
    """A fee of the procedure: ``amount`` per ``unit`` (a dossier, a copy or a page); with
    ``first_units`` and ``next_amount``, the units after the first ones cost ``next_amount``;
    ``max_amount`` caps a copy (per-page fees); ``online_amount`` applies to an online submission.
    ``exemption`` names who is exempt or pays less (the officer applies it, with the ground)."""

    name: str
    amount: int
    kind: str = FeeKind.FEE
    exemption: str = ""
    unit: str = FeeUnit.DOSSIER
    first_units: int | None = None
    next_amount: int | None = None
    max_amount: int | None = None
    online_amount: int | None = None


@dataclass(frozen=True)
class ComponentSpec:
    name: str
    originals: int = 0
    certified_copies: int = 0
    copies: int = 0
    requirement: str = Requirement.MANDATORY
    condition: str = ""


@dataclass(frozen=True)
class ResultSpec:
    name: str
    form: str = ResultForm.PAPER


@dataclass(frozen=True)
class StepSpec:
    name: str
    kind: str
    role: str
    performer: str
    duration_value: Decimal
    duration_unit: str = StepUnit.WORKING_HOURS
    agency: str = ""
    parallel_group: int | None = None


@dataclass(frozen=True)
class RouteSpec:
    steps: tuple[StepSpec, ...]
    receiving_agency: str = ""


@dataclass(frozen=True)
class ProcedureSpec:
    code: str
    name: str
    field_code: str
    statutory_value: Decimal
    statutory_unit: str
    levels: tuple[str, ...] = (CompetenceLevel.COMMUNE,)
    applicant_types: tuple[str, ...] = (ApplicantType.CITIZEN,)
    competent_agencies: tuple[str, ...] = ()
    receiving_agencies: tuple[str, ...] = ()
    reduced_value: Decimal | None = None
    reduced_unit: str = ""
    same_day_cutoff: dt.time | None = None
    online_level: str = OnlineLevel.NONE
    postal_allowed: bool = False
    cross_boundary: str = CrossBoundary.NONE
    status: str = ProcedureStatus.PUBLISHED
    description: str = ""
    requirements: str = ""
    legal_basis: tuple[LegalBasisSpec, ...] = ()
    fees: tuple[FeeSpec, ...] = ()
    components: tuple[ComponentSpec, ...] = ()
    results: tuple[ResultSpec, ...] = ()
    routes: tuple[RouteSpec, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Issue:
    path: tuple[str | int, ...]
    message_vi: str
    message_en: str
    reference: bool = False  # names a field or agency that does not exist

    def __str__(self) -> str:
        return f"{'.'.join(map(str, self.path))}: {self.message_vi}"


def applicable_duration(spec) -> Duration:
    """The time a dossier gets: the local reduced time when there is one, else the statutory one.
    ``spec`` is a ProcedureSpec or a ProcedureVersion (same field names). Raises EngineError
    (or ValueError for an unknown unit) when the values are not a valid duration."""
    if spec.reduced_value is not None and spec.reduced_unit:
        value, unit = spec.reduced_value, spec.reduced_unit
    else:
        value, unit = spec.statutory_value, spec.statutory_unit
    cutoff = spec.same_day_cutoff if unit == TimeUnit.SAME_DAY else None
    return Duration(float(value), Unit(unit), cutoff)


def hours_equivalent(value: Decimal | float, unit: str, hours_per_day: Decimal = HOURS_PER_WORKING_DAY) -> Decimal:
    """Office hours a duration stands for, for comparing quotas with procedure times. Calendar
    days and months are counted at their minimum share of working days (5 in 7; 30 days a month)."""
    value = Decimal(str(value))
    if unit == TimeUnit.WORKING_HOURS:
        return value
    if unit == TimeUnit.WORKING_DAYS:
        return value * hours_per_day
    if unit == TimeUnit.SAME_DAY:
        return hours_per_day
    if unit == TimeUnit.CALENDAR_DAYS:
        return value * 5 / 7 * hours_per_day
    if unit == TimeUnit.MONTHS:
        return value * 30 * 5 / 7 * hours_per_day
    raise ValueError(unit)


def route_hours(route: RouteSpec, hours_per_day: Decimal = HOURS_PER_WORKING_DAY) -> Decimal:
    """Total quota of a route: sequential steps add up; a parallel group counts its longest step."""
    total = Decimal(0)
    groups: dict[int, Decimal] = {}
    for step in route.steps:
        hours = hours_equivalent(step.duration_value, step.duration_unit, hours_per_day)
        if step.parallel_group is None:
            total += hours
        else:
            groups[step.parallel_group] = max(groups.get(step.parallel_group, Decimal(0)), hours)
    return total + sum(groups.values(), Decimal(0))


def _choice(value: str, choices, path, label_vi: str, label_en: str, out: list[Issue]) -> None:
    if value not in choices.values:
        allowed = ", ".join(choices.values)
        out.append(Issue(path, f"{label_vi} không hợp lệ: «{value}» (chọn một trong: {allowed}).", f"Invalid {label_en} {value!r}; use one of: {allowed}."))


def _text(value: str, path, label_vi: str, label_en: str, out: list[Issue], max_length: int = 500, required: bool = True) -> None:
    if required and not (value or "").strip():
        out.append(Issue(path, f"Thiếu {label_vi}.", f"{label_en} is required."))
    elif len(value or "") > max_length:
        out.append(Issue(path, f"{label_vi} dài quá {max_length} ký tự.", f"{label_en} is longer than {max_length} characters."))


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
        out.append(Issue(("code",), f"Mã thủ tục «{spec.code}» sai định dạng: một chữ số, dấu chấm, sáu chữ số (ví dụ 2.000635).", f"Procedure code {spec.code!r} must be one digit, a dot and six digits (e.g. 2.000635)."))
    _text(spec.name, ("name",), "tên thủ tục", "Name", out)
    if not spec.field_code:
        out.append(Issue(("field_code",), "Thiếu lĩnh vực.", "Field is required."))
    elif known_fields is not None and spec.field_code not in known_fields:
        out.append(Issue(("field_code",), f"Lĩnh vực «{spec.field_code}» không có trong danh mục.", f"Unknown field {spec.field_code!r}.", reference=True))
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
        out.append(Issue(("reduced_value",), "Thời hạn cắt giảm cần cả giá trị và đơn vị.", "A reduced time needs both a value and a unit."))
    elif spec.reduced_value is not None:
        reduced = _duration(spec.reduced_value, spec.reduced_unit, spec.same_day_cutoff, ("reduced_value",), "Thời hạn cắt giảm", out)
        if statutory and reduced and hours_equivalent(spec.reduced_value, spec.reduced_unit, hours_per_day) > hours_equivalent(spec.statutory_value, spec.statutory_unit, hours_per_day):
            out.append(Issue(("reduced_value",), "Thời hạn cắt giảm không được dài hơn thời hạn theo quy định.", "The reduced time may not be longer than the statutory time."))
    applicable_unit = spec.reduced_unit if spec.reduced_value is not None and spec.reduced_unit else spec.statutory_unit
    if spec.same_day_cutoff is not None and applicable_unit != TimeUnit.SAME_DAY:
        out.append(Issue(("same_day_cutoff",), "Giờ chốt trong ngày chỉ dùng cho thủ tục giải quyết trong ngày.", "A same-day cut-off only applies to same-day procedures."))
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
        out.append(Issue((*path, "amount"), "Mức thu phải là số tiền nguyên, không âm (đồng).", "The amount must be a whole, non-negative number of VND."))
    _choice(fee.unit, FeeUnit, (*path, "unit"), "Đơn vị tính phí", "fee unit", out)
    for key in ("next_amount", "max_amount", "online_amount"):
        value = getattr(fee, key)
        if value is not None and (not isinstance(value, int) or not 0 <= value <= 10**12):
            out.append(Issue((*path, key), "Mức thu phải là số tiền nguyên, không âm (đồng).", f"{key} must be a whole, non-negative number of VND."))
    if (fee.first_units is None) != (fee.next_amount is None) or (fee.first_units is not None and not 1 <= fee.first_units <= 1000):
        out.append(Issue((*path, "first_units"), "Mức thu lũy tiến cần cả số đơn vị đầu (1-1000) và mức thu từ đơn vị tiếp theo.",
                         "A stepped fee needs both first_units (1-1000) and next_amount."))
    if fee.unit == FeeUnit.DOSSIER and fee.first_units is not None:
        out.append(Issue((*path, "unit"), "Phí tính theo hồ sơ không có mức thu lũy tiến.", "A per-dossier fee has no steps."))
    if fee.max_amount is not None and fee.unit != FeeUnit.PAGE:
        out.append(Issue((*path, "max_amount"), "Mức tối đa mỗi bản chỉ dùng cho phí tính theo trang.", "A cap per copy applies to per-page fees only."))


def _check_components(spec: ProcedureSpec, out: list[Issue]) -> None:
    names = set()
    for i, comp in enumerate(spec.components):
        _text(comp.name, ("components", i, "name"), "tên thành phần hồ sơ", "Component name", out)
        if comp.name in names:
            out.append(Issue(("components", i, "name"), f"Thành phần «{comp.name}» bị trùng.", f"Duplicate component {comp.name!r}."))
        names.add(comp.name)
        counts = (comp.originals, comp.certified_copies, comp.copies)
        if any(not isinstance(c, int) or c < 0 or c > 99 for c in counts):
            out.append(Issue(("components", i, "originals"), "Số lượng bản phải là số nguyên từ 0 đến 99.", "Counts must be whole numbers from 0 to 99."))
        elif sum(counts) == 0:
            out.append(Issue(("components", i, "originals"), "Thành phần hồ sơ phải có ít nhất một bản (chính, chứng thực hoặc sao).", "A component needs at least one original, certified copy or copy."))
        _choice(comp.requirement, Requirement, ("components", i, "requirement"), "Tính bắt buộc", "requirement", out)
        if comp.requirement == Requirement.CONDITIONAL and not comp.condition.strip():
            out.append(Issue(("components", i, "condition"), "Thành phần tùy trường hợp phải ghi rõ trường hợp nào.", "A conditional component must state its condition."))


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


def _validate_routes(spec: ProcedureSpec, times_valid: bool, known_agencies, hours_per_day: Decimal, out: list[Issue]) -> None:
    if not spec.routes:
        out.append(Issue(("routes",), "Chưa có quy trình xử lý.", "A processing route is required."))
        return
    defaults = [r for r in spec.routes if not r.receiving_agency]
    if len(defaults) != 1:
        out.append(Issue(("routes",), "Cần đúng một quy trình chung (không gắn nơi tiếp nhận).", "Exactly one default route (without a receiving agency) is required."))
    seen: set[str] = set()
    applicable_hours = None
    if times_valid:
        value, unit = (spec.reduced_value, spec.reduced_unit) if spec.reduced_value is not None else (spec.statutory_value, spec.statutory_unit)
        applicable_hours = hours_equivalent(value, unit, hours_per_day)
    for r, route in enumerate(spec.routes):
        path: tuple[str | int, ...] = ("routes", r)
        if route.receiving_agency:
            _check_route_agency(spec, route, path, seen, known_agencies, out)
        _check_route_ends(route.steps, path, out)
        for s, step in enumerate(route.steps):
            _check_step(step, (*path, "steps", s), 0 < s < len(route.steps) - 1, known_agencies, out)
        _check_parallel_groups(route.steps, path, out)
        if applicable_hours is not None and not any(i.path[:2] == path and i.path[-1] in ("duration_value", "duration_unit") for i in out):
            total = route_hours(route, hours_per_day)
            if total > applicable_hours:
                out.append(Issue((*path, "steps"), f"Tổng định mức các bước ({_fmt(total)} giờ) vượt thời hạn giải quyết ({_fmt(applicable_hours)} giờ làm việc).",
                                 f"The step quotas ({_fmt(total)} h) exceed the processing time ({_fmt(applicable_hours)} working hours)."))


def _check_route_agency(spec: ProcedureSpec, route: RouteSpec, path: tuple, seen: set[str], known_agencies, out: list[Issue]) -> None:
    """A route of its own for one receiving agency: once per agency, an agency that exists and receives the procedure."""
    where = (*path, "receiving_agency")
    if route.receiving_agency in seen:
        out.append(Issue(where, f"Trùng quy trình cho nơi tiếp nhận «{route.receiving_agency}».", f"Two routes for receiving agency {route.receiving_agency!r}."))
    seen.add(route.receiving_agency)
    if known_agencies is not None and route.receiving_agency not in known_agencies:
        out.append(Issue(where, f"Cơ quan «{route.receiving_agency}» không tồn tại.", f"Unknown agency {route.receiving_agency!r}.", reference=True))
    elif spec.receiving_agencies and route.receiving_agency not in spec.receiving_agencies:
        out.append(Issue(where, "Quy trình riêng chỉ dành cho cơ quan có trong danh sách nơi tiếp nhận.",
                         "A route's receiving agency must be one of the procedure's receiving agencies."))


def _check_route_ends(steps: tuple[StepSpec, ...], path: tuple, out: list[Issue]) -> None:
    """At least three steps, from reception at the one-stop desk to the return of the result there."""
    if len(steps) < 3:
        out.append(Issue((*path, "steps"), "Quy trình cần ít nhất 3 bước: tiếp nhận, xử lý, trả kết quả.", "A route needs at least 3 steps: reception, processing, return."))
    if steps and (steps[0].kind != StepKind.RECEPTION or steps[0].performer != Performer.RECEIVING_CENTRE):
        out.append(Issue((*path, "steps", 0, "kind"), "Bước đầu tiên phải là tiếp nhận hồ sơ tại bộ phận một cửa.", "The first step must be reception at the one-stop desk."))
    if steps and (steps[-1].kind != StepKind.RETURN or steps[-1].performer != Performer.RECEIVING_CENTRE):
        out.append(Issue((*path, "steps", len(steps) - 1, "kind"), "Bước cuối cùng phải là trả kết quả tại bộ phận một cửa.",
                         "The last step must return the result at the one-stop desk."))


def _check_step(step: StepSpec, sp: tuple, inner: bool, known_agencies, out: list[Issue]) -> None:
    """One step: its texts and choices, reception and return only at the ends (``inner``: neither
    first nor last), the agency of a fixed-agency step, and its quota."""
    _text(step.name, (*sp, "name"), "tên bước", "Step name", out, max_length=200)
    _choice(step.kind, StepKind, (*sp, "kind"), "Loại bước", "step kind", out)
    _choice(step.role, Role, (*sp, "role"), "Vai trò thực hiện", "role", out)
    _choice(step.performer, Performer, (*sp, "performer"), "Đơn vị thực hiện", "performer", out)
    if inner and step.kind in (StepKind.RECEPTION, StepKind.RETURN):
        out.append(Issue((*sp, "kind"), "Tiếp nhận và trả kết quả chỉ ở đầu và cuối quy trình.", "Reception and return may only be the first and the last step."))
    _check_step_agency(step, sp, known_agencies, out)
    if step.duration_unit not in StepUnit.values:
        out.append(Issue((*sp, "duration_unit"), "Định mức bước tính bằng ngày làm việc hoặc giờ làm việc.", "Step quotas are in working days or working hours."))
        return
    try:
        Duration(float(step.duration_value), Unit(step.duration_unit))
    except (EngineError, TypeError, ValueError) as exc:
        out.append(Issue((*sp, "duration_value"), f"Định mức thời gian: {getattr(exc, 'message_vi', exc)}", getattr(exc, "message_en", str(exc))))


def _check_step_agency(step: StepSpec, sp: tuple, known_agencies, out: list[Issue]) -> None:
    if step.performer == Performer.FIXED_AGENCY:
        if not step.agency:
            out.append(Issue((*sp, "agency"), "Bước do cơ quan cụ thể thực hiện phải ghi mã cơ quan.", "A step performed by a fixed agency needs the agency code."))
        elif known_agencies is not None and step.agency not in known_agencies:
            out.append(Issue((*sp, "agency"), f"Cơ quan «{step.agency}» không tồn tại.", f"Unknown agency {step.agency!r}.", reference=True))
    elif step.agency:
        out.append(Issue((*sp, "agency"), "Chỉ ghi mã cơ quan khi bước do cơ quan cụ thể thực hiện.", "Only fixed-agency steps name an agency."))
    if step.kind == StepKind.INTER_AGENCY and step.performer != Performer.FIXED_AGENCY:
        out.append(Issue((*sp, "performer"), "Bước liên thông phải chỉ rõ cơ quan phối hợp.", "An inter-agency step must name the other agency."))


def _check_parallel_groups(steps: tuple[StepSpec, ...], path: tuple, out: list[Issue]) -> None:
    """Steps of one parallel group are consecutive, and neither reception nor return is among them."""
    groups_closed: set[int] = set()
    previous_group = None
    for s, step in enumerate(steps):
        group = step.parallel_group
        if group is not None:
            if step.kind in (StepKind.RECEPTION, StepKind.RETURN):
                out.append(Issue((*path, "steps", s, "parallel_group"), "Tiếp nhận và trả kết quả không chạy song song.", "Reception and return cannot run in parallel."))
            if group in groups_closed:
                out.append(Issue((*path, "steps", s, "parallel_group"), "Các bước song song cùng nhóm phải liền nhau.", "Steps of one parallel group must be consecutive."))
        if previous_group is not None and group != previous_group:
            groups_closed.add(previous_group)
        previous_group = group


def _fmt(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')).normalize():f}"
