"""Scoring rules of the PAR index (pure): yes/no, bands on a rate, a ratio, a deduction per
item, manual; totals, groups and rankings where equal totals share a rank."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TWO = Decimal("0.01")
RULES = ("yes_no", "bands", "ratio", "deduction", "manual")


class RuleError(ValueError):
    pass


def _d(value) -> Decimal:
    return Decimal(str(value))


def score(rule: str, params: dict, max_score, value) -> Decimal:
    """The points of one sub-criterion for ``value``:

    - ``yes_no``: value true → max, else 0;
    - ``bands``: ``params["bands"]`` = [[lower bound %, share of max], ...]: the first band whose
      bound the value reaches (bounds are checked from the highest), e.g. [[98, 1], [95, 0.5]];
    - ``ratio``: value (%) × max / 100, capped at max;
    - ``deduction``: max − ``params["per_item"]`` × value (items), at least 0;
    - ``manual``: the value itself, between 0 and max.
    """
    top = _d(max_score)
    if rule not in RULES:
        raise RuleError(f"unknown rule {rule!r}")
    if value is None:
        return Decimal(0)
    if rule == "yes_no":
        return top if value in (True, 1, "1", "true", "yes") else Decimal(0)
    number = _d(value)
    if rule == "bands":
        return _band(params.get("bands", []), top, number)
    if rule == "ratio":
        return min(top, max(Decimal(0), number * top / 100)).quantize(TWO, ROUND_HALF_UP)
    if rule == "deduction":
        if number < 0:
            raise RuleError("a number of items cannot be negative")
        return max(Decimal(0), top - _d(params.get("per_item", 0)) * number).quantize(TWO, ROUND_HALF_UP)
    if number < 0 or number > top:
        raise RuleError(f"a manual score is between 0 and {top}")
    return number.quantize(TWO, ROUND_HALF_UP)


def _band(bands, top: Decimal, number: Decimal) -> Decimal:
    """The share of the first band whose lower bound ``number`` reaches, from the highest."""
    for bound, share in sorted(((_d(b), _d(s)) for b, s in bands), reverse=True):
        if number >= bound:
            return (top * share).quantize(TWO, ROUND_HALF_UP)
    return Decimal(0)


def describe(rule: str, params: dict, max_score) -> str:
    """How a rule scores, in the words of a scoring guide."""
    top = _d(max_score).normalize()
    if rule == "yes_no":
        return f"Có: {top} điểm; không: 0 điểm"
    if rule == "bands":
        bands = sorted(((_d(b), _d(s)) for b, s in params.get("bands", [])), reverse=True)
        parts = [f"≥ {b.normalize()}%: {(top * s).quantize(TWO, ROUND_HALF_UP).normalize()} điểm" for b, s in bands]
        return "; ".join([*parts, "thấp hơn: 0 điểm"])
    if rule == "ratio":
        return f"Tỷ lệ (%) × {top} / 100"
    if rule == "deduction":
        return f"{top} điểm, trừ {_d(params.get('per_item', 0)).normalize()} điểm mỗi trường hợp vi phạm"
    return f"Chấm từ 0 đến {top} điểm"


def check_params(rule: str, params: dict) -> None:
    """Raise RuleError unless ``params`` suit ``rule``: bands as [[bound %, share 0..1], ...],
    a deduction's ``per_item`` as a positive number."""
    if rule == "bands":
        bands = params.get("bands")
        if not isinstance(bands, list) or not bands:
            raise RuleError('bands needs {"bands": [[98, 1], [95, 0.5]]}')
        for band in bands:
            if not (isinstance(band, list) and len(band) == 2):
                raise RuleError("each band is [bound %, share]")
            bound, share = _d(band[0]), _d(band[1])
            if not (0 <= bound <= 100 and 0 <= share <= 1):
                raise RuleError("a band's bound is 0..100 and its share 0..1")
    if rule == "deduction":
        try:
            per_item = _d(params.get("per_item"))
        except ArithmeticError:
            raise RuleError('deduction needs {"per_item": 0.5}') from None
        if not per_item.is_finite() or per_item <= 0:
            raise RuleError("per_item must be positive")


def group_of(percent: Decimal, thresholds: list[tuple[str, Decimal]]) -> str:
    """The group of a percentage: the first (highest) threshold reached, e.g. A ≥ 90, B ≥ 80."""
    for name, bound in sorted(thresholds, key=lambda t: t[1], reverse=True):
        if percent >= bound:
            return name
    return thresholds[-1][0] if thresholds else ""


@dataclass
class Ranked:
    key: str
    total: Decimal
    rank: int


def rank(totals: dict[str, Decimal]) -> list[Ranked]:
    """Competition ranking: equal totals share a rank, the next rank skips (1, 2, 2, 4)."""
    ordered = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    out: list[Ranked] = []
    for position, (key, total) in enumerate(ordered, start=1):
        shared = out[-1].rank if out and out[-1].total == total else position
        out.append(Ranked(key, total, shared))
    return out
