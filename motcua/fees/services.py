"""Collecting fees (docs/rules.md section 8): the only way a receipt is issued.

At the desk an officer of the receiving unit collects the dossier's fees (cash, transfer or a
QR payment), line by line as the catalogue computes them, with any exemption or reduction and
its ground; an online payment confirmed by the gateway is receipted the same way. Each receipt
takes the next number of its unit's book for the year, is written once and never changed, and
is recorded on the dossier's control sheet. A fee is collected once per dossier."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from motcua.accounts.selectors import in_scope
from motcua.core.text import vnd
from motcua.dossiers import machine
from motcua.dossiers import services as dossiers
from motcua.dossiers.choices import COUNTER_ROLES, State
from motcua.dossiers.errors import Conflict, Forbidden, Invalid
from motcua.dossiers.models import Dossier

from . import calculator
from .choices import COUNTER_METHODS, Method
from .models import Receipt, ReceiptBook
from .selectors import collected_names, rules_of

RECEIPT_SERIES = "BL"
NOT_COLLECTABLE = frozenset({State.SUBMITTED, State.GUIDED, *machine.TERMINAL}) - {State.RETURNED}


@dataclass(frozen=True)
class LineIn:
    """What the officer enters for one fee of the procedure (by its position in the catalogue)."""

    index: int
    copies: int = 1
    pages: int = 1
    reduced_to: int | None = None  # 0: exempt
    ground: str = ""


def book_for(agency, year: int) -> ReceiptBook:
    """The unit's receipt book for ``year``, opened with the default symbol when first used."""
    book = ReceiptBook.objects.filter(agency=agency, year=year).first()
    if book is not None:
        return book
    try:
        with transaction.atomic():
            return ReceiptBook.objects.create(agency=agency, year=year, symbol=f"{year % 100:02d}BL")
    except IntegrityError:  # opened by a concurrent receipt
        return ReceiptBook.objects.get(agency=agency, year=year)


def _issue(
    d: Dossier,
    *,
    agency,
    lines: list[calculator.Line],
    method: str,
    payer_name: str,
    payer_id: str,
    actor,
    at: dt.datetime,
    reference: str = "",
) -> Receipt:
    year = timezone.localtime(at).year
    book = book_for(agency, year)
    number = dossiers.next_number(agency, RECEIPT_SERIES, dt.date(year, 1, 1))
    receipt = Receipt.objects.create(
        book=book,
        number=number,
        agency=agency,
        dossier=d,
        payer_name=payer_name[:200],
        payer_id_number=payer_id[:20],
        method=method,
        total=calculator.total(lines),
        lines=[x.as_dict() for x in lines],
        reference=reference[:60],
        collected_by=actor if getattr(actor, "is_authenticated", False) else None,
        collected_at=at,
    )
    reduced = [x for x in lines if x.reduced]
    note = f"Biên lai {receipt.display_number}: {vnd(receipt.total)} ({Method(method).label})"
    dossiers.record_event(
        d,
        "fee_collected",
        actor=actor,
        at=at,
        agency=agency,
        note=note,
        data={
            "receipt": receipt.pk,
            "number": receipt.display_number,
            "total": receipt.total,
            "method": method,
            "reduced": [{"name": x.name, "due": x.due, "amount": x.amount, "ground": x.ground} for x in reduced],
        },
    )
    return receipt


@transaction.atomic
def collect(
    ref: Dossier | str | int,
    entries: list[LineIn],
    *,
    actor,
    method: str,
    payer_name: str = "",
    payer_id: str = "",
    expected_version: int | None = None,
) -> Receipt:
    """Collect fees of a received dossier at the desk and issue the receipt. Everything is
    checked before anything is written; a refused collection leaves no trace."""
    d = dossiers.lock_for_event(ref)
    if expected_version is not None and expected_version != d.version:
        raise Conflict("Hồ sơ vừa được người khác cập nhật; hãy tải lại.", "Stale version.", {"version": d.version})
    if not in_scope(actor, d.receiving_agency, COUNTER_ROLES):
        raise Forbidden("Chỉ bộ phận một cửa nơi tiếp nhận hồ sơ thu phí, lệ phí.", "Only the receiving desk collects fees.")
    if d.state in NOT_COLLECTABLE or not d.code:
        raise Conflict(
            "Hồ sơ chưa được tiếp nhận hoặc đã kết thúc: không thu phí.", "The dossier is not received or has ended.", {"state": d.state}
        )
    if method not in COUNTER_METHODS:
        raise Invalid(
            "Hình thức thanh toán tại quầy: tiền mặt, chuyển khoản hoặc quét mã QR.",
            "method must be cash, transfer or qr.",
            {"method": method},
        )
    lines = _lines(d, entries)
    payer = " ".join((payer_name or d.applicant_name).split())
    receipt = _issue(
        d,
        agency=d.receiving_agency,
        lines=lines,
        method=method,
        payer_name=payer,
        payer_id=payer_id or d.applicant_id_number,
        actor=actor,
        at=timezone.now(),
    )
    if d.state == State.AWAITING_PAYMENT:
        dossiers.perform(d, "payment_received", actor=actor, receipt=receipt.display_number, note="Thu tại bộ phận một cửa")
    return receipt


def _lines(d: Dossier, entries: list[LineIn]) -> list[calculator.Line]:
    """The receipt's lines for the chosen fees, each computed by the catalogue's rule, or Invalid
    (an unknown fee, one already collected or chosen twice, nothing to pay)."""
    if not entries:
        raise Invalid("Chưa chọn khoản phí, lệ phí nào.", "No fee chosen.")
    rules, taken = rules_of(d), collected_names(d)
    lines: list[calculator.Line] = []
    for entry in entries:
        if not 0 <= entry.index < len(rules):
            raise Invalid("Khoản phí không có trong danh mục của thủ tục.", "Unknown fee.", {"fee": entry.index})
        rule = rules[entry.index]
        if rule.name in taken:
            raise Conflict(f"«{rule.name}» đã được thu cho hồ sơ này.", f"{rule.name!r} has already been collected.", {"fee": entry.index})
        reduction = calculator.Reduction(entry.reduced_to, entry.ground) if entry.reduced_to is not None else None
        try:
            lines.append(calculator.line(rule, calculator.Quantity(entry.copies, entry.pages), reduction, online=d.channel == "online"))
        except calculator.FeeError as exc:
            raise Invalid(exc.message_vi, exc.message_en, {"fee": entry.index, "field": exc.field}) from None
    if len({x.name for x in lines}) != len(lines):
        raise Invalid("Một khoản phí được chọn hai lần.", "A fee is chosen twice.")
    if calculator.total(lines) <= 0:
        raise Invalid("Tổng số tiền phải thu bằng 0: không lập biên lai.", "Nothing to pay: no receipt is issued.")
    return lines


def receipt_online(d: Dossier, *, amount: int, at: dt.datetime, reference: str, channel: str) -> Receipt:
    """The receipt of a payment the gateway confirmed (in the caller's transaction): one line for
    the amount requested, issued by the receiving unit's book."""
    d = dossiers.lock_for_event(d)
    paid = calculator.Line("Phí, lệ phí hồ sơ " + (d.code or ""), "fee", "dossier", 1, 1, amount, amount)
    return _issue(
        d,
        agency=d.receiving_agency,
        lines=[paid],
        method=Method.ONLINE,
        payer_name=d.applicant_name,
        payer_id=d.applicant_id_number,
        actor=None,
        at=at,
        reference=f"{reference} {channel}".strip(),
    )
