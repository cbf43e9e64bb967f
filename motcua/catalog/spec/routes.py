"""The rules of a processing route: the default route, routes per receiving agency, the steps,
parallel groups and the quotas against the processing time."""

from __future__ import annotations

from decimal import Decimal

from motcua.accounts.choices import Role
from motcua.calendars.engine import Duration, EngineError, Unit

from ..choices import Performer, StepKind, StepUnit
from .checks import _choice, _text
from .model import Issue, ProcedureSpec, RouteSpec, StepSpec, hours_equivalent, route_hours


def _validate_routes(spec: ProcedureSpec, times_valid: bool, known_agencies, hours_per_day: Decimal, out: list[Issue]) -> None:
    if not spec.routes:
        out.append(Issue(("routes",), "Chưa có quy trình xử lý.", "A processing route is required."))
        return
    defaults = [r for r in spec.routes if not r.receiving_agency]
    if len(defaults) != 1:
        out.append(
            Issue(
                ("routes",),
                "Cần đúng một quy trình chung (không gắn nơi tiếp nhận).",
                "Exactly one default route (without a receiving agency) is required.",
            )
        )
    seen: set[str] = set()
    applicable_hours = None
    if times_valid:
        value, unit = (
            (spec.reduced_value, spec.reduced_unit) if spec.reduced_value is not None else (spec.statutory_value, spec.statutory_unit)
        )
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
                out.append(
                    Issue(
                        (*path, "steps"),
                        f"Tổng định mức các bước ({_fmt(total)} giờ) vượt thời hạn giải quyết ({_fmt(applicable_hours)} giờ làm việc).",
                        f"The step quotas ({_fmt(total)} h) exceed the processing time ({_fmt(applicable_hours)} working hours).",
                    )
                )


def _check_route_agency(spec: ProcedureSpec, route: RouteSpec, path: tuple, seen: set[str], known_agencies, out: list[Issue]) -> None:
    """A route of its own for one receiving agency: once per agency, an agency that exists and receives the procedure."""
    where = (*path, "receiving_agency")
    if route.receiving_agency in seen:
        out.append(
            Issue(
                where,
                f"Trùng quy trình cho nơi tiếp nhận «{route.receiving_agency}».",
                f"Two routes for receiving agency {route.receiving_agency!r}.",
            )
        )
    seen.add(route.receiving_agency)
    if known_agencies is not None and route.receiving_agency not in known_agencies:
        out.append(
            Issue(
                where, f"Cơ quan «{route.receiving_agency}» không tồn tại.", f"Unknown agency {route.receiving_agency!r}.", reference=True
            )
        )
    elif spec.receiving_agencies and route.receiving_agency not in spec.receiving_agencies:
        out.append(
            Issue(
                where,
                "Quy trình riêng chỉ dành cho cơ quan có trong danh sách nơi tiếp nhận.",
                "A route's receiving agency must be one of the procedure's receiving agencies.",
            )
        )


def _check_route_ends(steps: tuple[StepSpec, ...], path: tuple, out: list[Issue]) -> None:
    """At least three steps, from reception at the one-stop desk to the return of the result there."""
    if len(steps) < 3:
        out.append(
            Issue(
                (*path, "steps"),
                "Quy trình cần ít nhất 3 bước: tiếp nhận, xử lý, trả kết quả.",
                "A route needs at least 3 steps: reception, processing, return.",
            )
        )
    if steps and (steps[0].kind != StepKind.RECEPTION or steps[0].performer != Performer.RECEIVING_CENTRE):
        out.append(
            Issue(
                (*path, "steps", 0, "kind"),
                "Bước đầu tiên phải là tiếp nhận hồ sơ tại bộ phận một cửa.",
                "The first step must be reception at the one-stop desk.",
            )
        )
    if steps and (steps[-1].kind != StepKind.RETURN or steps[-1].performer != Performer.RECEIVING_CENTRE):
        out.append(
            Issue(
                (*path, "steps", len(steps) - 1, "kind"),
                "Bước cuối cùng phải là trả kết quả tại bộ phận một cửa.",
                "The last step must return the result at the one-stop desk.",
            )
        )


def _check_step(step: StepSpec, sp: tuple, inner: bool, known_agencies, out: list[Issue]) -> None:
    """One step: its texts and choices, reception and return only at the ends (``inner``: neither
    first nor last), the agency of a fixed-agency step, and its quota."""
    _text(step.name, (*sp, "name"), "tên bước", "Step name", out, max_length=200)
    _choice(step.kind, StepKind, (*sp, "kind"), "Loại bước", "step kind", out)
    _choice(step.role, Role, (*sp, "role"), "Vai trò thực hiện", "role", out)
    _choice(step.performer, Performer, (*sp, "performer"), "Đơn vị thực hiện", "performer", out)
    if inner and step.kind in (StepKind.RECEPTION, StepKind.RETURN):
        out.append(
            Issue(
                (*sp, "kind"),
                "Tiếp nhận và trả kết quả chỉ ở đầu và cuối quy trình.",
                "Reception and return may only be the first and the last step.",
            )
        )
    _check_step_agency(step, sp, known_agencies, out)
    if step.duration_unit not in StepUnit.values:
        out.append(
            Issue(
                (*sp, "duration_unit"),
                "Định mức bước tính bằng ngày làm việc hoặc giờ làm việc.",
                "Step quotas are in working days or working hours.",
            )
        )
        return
    try:
        Duration(float(step.duration_value), Unit(step.duration_unit))
    except (EngineError, TypeError, ValueError) as exc:
        out.append(
            Issue((*sp, "duration_value"), f"Định mức thời gian: {getattr(exc, 'message_vi', exc)}", getattr(exc, "message_en", str(exc)))
        )


def _check_step_agency(step: StepSpec, sp: tuple, known_agencies, out: list[Issue]) -> None:
    if step.performer == Performer.FIXED_AGENCY:
        if not step.agency:
            out.append(
                Issue(
                    (*sp, "agency"),
                    "Bước do cơ quan cụ thể thực hiện phải ghi mã cơ quan.",
                    "A step performed by a fixed agency needs the agency code.",
                )
            )
        elif known_agencies is not None and step.agency not in known_agencies:
            out.append(
                Issue((*sp, "agency"), f"Cơ quan «{step.agency}» không tồn tại.", f"Unknown agency {step.agency!r}.", reference=True)
            )
    elif step.agency:
        out.append(
            Issue((*sp, "agency"), "Chỉ ghi mã cơ quan khi bước do cơ quan cụ thể thực hiện.", "Only fixed-agency steps name an agency.")
        )
    if step.kind == StepKind.INTER_AGENCY and step.performer != Performer.FIXED_AGENCY:
        out.append(
            Issue((*sp, "performer"), "Bước liên thông phải chỉ rõ cơ quan phối hợp.", "An inter-agency step must name the other agency.")
        )


def _check_parallel_groups(steps: tuple[StepSpec, ...], path: tuple, out: list[Issue]) -> None:
    """Steps of one parallel group are consecutive, and neither reception nor return is among them."""
    groups_closed: set[int] = set()
    previous_group = None
    for s, step in enumerate(steps):
        group = step.parallel_group
        if group is not None:
            if step.kind in (StepKind.RECEPTION, StepKind.RETURN):
                out.append(
                    Issue(
                        (*path, "steps", s, "parallel_group"),
                        "Tiếp nhận và trả kết quả không chạy song song.",
                        "Reception and return cannot run in parallel.",
                    )
                )
            if group in groups_closed:
                out.append(
                    Issue(
                        (*path, "steps", s, "parallel_group"),
                        "Các bước song song cùng nhóm phải liền nhau.",
                        "Steps of one parallel group must be consecutive.",
                    )
                )
        if previous_group is not None and group != previous_group:
            groups_closed.add(previous_group)
        previous_group = group


def _fmt(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')).normalize():f}"
