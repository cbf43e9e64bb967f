"""What changed between two versions of a procedure for a dossier moving from one to the other
(docs/rules.md section 1.6): the time the dossier gets, the steps of its route with their quotas,
and the mandatory components. Pure: two specs in, sentences in Vietnamese and English out."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .model import ProcedureSpec, RouteSpec

UNITS = {
    "working_days": ("ngày làm việc", "working days"),
    "working_hours": ("giờ làm việc", "working hours"),
    "calendar_days": ("ngày", "days"),
    "months": ("tháng", "months"),
    "same_day": ("trong ngày", "same day"),
}


@dataclass(frozen=True)
class Change:
    part: str  # time | steps | components
    vi: str
    en: str


def _amount(value: Decimal, unit: str) -> tuple[str, str]:
    number = format(Decimal(value).normalize(), "f")
    vi, en = UNITS.get(unit, (unit, unit))
    if unit == "same_day":
        return vi, en
    return f"{number} {vi}", f"{number} {en}"


def _time(spec: ProcedureSpec) -> tuple[Decimal, str, object]:
    if spec.reduced_value is not None and spec.reduced_unit:
        return spec.reduced_value, spec.reduced_unit, spec.same_day_cutoff
    return spec.statutory_value, spec.statutory_unit, spec.same_day_cutoff


def route_of(spec: ProcedureSpec, receiving_agency: str = "") -> RouteSpec | None:
    """The route a dossier received at ``receiving_agency`` follows: its own, else the default."""
    own = [r for r in spec.routes if r.receiving_agency and r.receiving_agency == receiving_agency]
    default = [r for r in spec.routes if not r.receiving_agency]
    found = own or default
    return found[0] if found else None


def compare(old: ProcedureSpec, new: ProcedureSpec, receiving_agency: str = "") -> list[Change]:
    """The rules that differ for a dossier received at ``receiving_agency``, in reading order."""
    changes: list[Change] = []
    before, after = _time(old), _time(new)
    if (Decimal(before[0]), before[1], before[2]) != (Decimal(after[0]), after[1], after[2]):
        (b_vi, b_en), (a_vi, a_en) = _amount(before[0], before[1]), _amount(after[0], after[1])
        changes.append(Change("time", f"Thời hạn giải quyết: {b_vi} → {a_vi}", f"Processing time: {b_en} → {a_en}"))
    changes += _steps(route_of(old, receiving_agency), route_of(new, receiving_agency))
    changes += _components(old, new)
    return changes


def _steps(old: RouteSpec | None, new: RouteSpec | None) -> list[Change]:
    old_steps = {s.name: s for s in (old.steps if old else ())}
    new_steps = {s.name: s for s in (new.steps if new else ())}
    out = []
    for name, step in new_steps.items():
        was = old_steps.get(name)
        if was is None:
            amount = _amount(step.duration_value, step.duration_unit)
            out.append(Change("steps", f"Thêm bước «{name}» ({amount[0]})", f"New step {name!r} ({amount[1]})"))
        elif (Decimal(was.duration_value), was.duration_unit) != (Decimal(step.duration_value), step.duration_unit):
            (b_vi, b_en), (a_vi, a_en) = _amount(was.duration_value, was.duration_unit), _amount(step.duration_value, step.duration_unit)
            out.append(Change("steps", f"Bước «{name}»: {b_vi} → {a_vi}", f"Step {name!r}: {b_en} → {a_en}"))
    out += [Change("steps", f"Bỏ bước «{name}»", f"Step {name!r} removed") for name in old_steps if name not in new_steps]
    if not out and [s.name for s in old_steps.values()] != [s.name for s in new_steps.values()]:
        out.append(Change("steps", "Thay đổi thứ tự các bước xử lý", "The steps are in another order"))
    return out


def _components(old: ProcedureSpec, new: ProcedureSpec) -> list[Change]:
    def mandatory(spec: ProcedureSpec) -> list[str]:
        return [c.name for c in spec.components if c.requirement == "mandatory"]

    before, after = mandatory(old), mandatory(new)
    out = [Change("components", f"Thêm thành phần bắt buộc «{n}»", f"New mandatory component {n!r}") for n in after if n not in before]
    out += [Change("components", f"Bỏ thành phần bắt buộc «{n}»", f"Mandatory component {n!r} removed") for n in before if n not in after]
    return out
