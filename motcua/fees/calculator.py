"""What a dossier pays (docs/rules.md section 8): pure functions over the catalogue's fee rules,
no ORM. A fee is charged per dossier, per copy or per page; a stepped fee charges its first
units at one amount and the later ones at another; a per-page fee may be capped per copy; an
online submission may pay a lower amount. An exemption or reduction is applied by the officer,
line by line, with its ground."""

from __future__ import annotations

from dataclasses import dataclass

MAX_COPIES = 1000
MAX_PAGES = 10_000
MAX_GROUND = 300


class FeeError(ValueError):
    def __init__(self, message_vi: str, message_en: str, field: str = ""):
        super().__init__(message_vi)
        self.message_vi, self.message_en, self.field = message_vi, message_en, field


@dataclass(frozen=True)
class FeeRule:
    name: str
    kind: str
    amount: int
    unit: str = "dossier"  # dossier | copy | page
    first_units: int | None = None
    next_amount: int | None = None
    max_amount: int | None = None
    online_amount: int | None = None
    exemption: str = ""

    @classmethod
    def of(cls, fee) -> FeeRule:
        """The rule of a catalogue fee (a ``catalog.Fee`` row or a ``FeeSpec``)."""
        return cls(
            fee.name, fee.kind, fee.amount, fee.unit, fee.first_units, fee.next_amount, fee.max_amount, fee.online_amount, fee.exemption
        )


@dataclass(frozen=True)
class Quantity:
    copies: int = 1
    pages: int = 1  # per copy, for a per-page fee


@dataclass(frozen=True)
class Reduction:
    """The officer's decision on a line: pay ``amount`` instead (0: exempt), on ``ground``."""

    amount: int
    ground: str


@dataclass(frozen=True)
class Line:
    name: str
    kind: str
    unit: str
    copies: int
    pages: int
    due: int  # by the rule
    amount: int  # to pay, after any reduction
    ground: str = ""  # why less than due

    @property
    def reduced(self) -> bool:
        return self.amount < self.due

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "kind": self.kind,
            "unit": self.unit,
            "copies": self.copies,
            "pages": self.pages,
            "due": self.due,
            "amount": self.amount,
            "ground": self.ground,
        }


def _stepped(rule: FeeRule, unit_amount: int, units: int) -> int:
    if rule.first_units is not None and rule.next_amount is not None:
        return unit_amount * min(units, rule.first_units) + rule.next_amount * max(units - rule.first_units, 0)
    return unit_amount * units


def due(rule: FeeRule, quantity: Quantity = Quantity(), *, online: bool = False) -> int:
    """What the rule charges for ``quantity``."""
    if not 1 <= quantity.copies <= MAX_COPIES:
        raise FeeError(f"Số bản từ 1 đến {MAX_COPIES}.", f"copies must be 1-{MAX_COPIES}.", "copies")
    if not 1 <= quantity.pages <= MAX_PAGES:
        raise FeeError(f"Số trang từ 1 đến {MAX_PAGES}.", f"pages must be 1-{MAX_PAGES}.", "pages")
    unit_amount = rule.online_amount if online and rule.online_amount is not None else rule.amount
    if rule.unit == "copy":
        return _stepped(rule, unit_amount, quantity.copies)
    if rule.unit == "page":
        per_copy = _stepped(rule, unit_amount, quantity.pages)
        if rule.max_amount is not None:
            per_copy = min(per_copy, rule.max_amount)
        return per_copy * quantity.copies
    return unit_amount


def line(rule: FeeRule, quantity: Quantity = Quantity(), reduction: Reduction | None = None, *, online: bool = False) -> Line:
    """One line of the receipt: the rule's amount for the quantity, and what is paid."""
    owed = due(rule, quantity, online=online)
    amount, ground = owed, ""
    if reduction is not None:
        ground = " ".join((reduction.ground or "").split())
        if not ground or len(ground) > MAX_GROUND:
            raise FeeError(
                f"Miễn, giảm «{rule.name}» cần ghi căn cứ (tối đa {MAX_GROUND} ký tự).",
                f"A reduction of {rule.name!r} needs its ground.",
                "ground",
            )
        if not 0 <= reduction.amount < owed:
            raise FeeError(
                f"Số tiền sau miễn, giảm «{rule.name}» phải nhỏ hơn {owed} đồng và không âm.",
                f"The reduced amount of {rule.name!r} must be below {owed} and not negative.",
                "amount",
            )
        amount = reduction.amount
    return Line(rule.name, rule.kind, rule.unit, quantity.copies, quantity.pages if rule.unit == "page" else 1, owed, amount, ground)


def total(lines: list[Line]) -> int:
    return sum(x.amount for x in lines)
