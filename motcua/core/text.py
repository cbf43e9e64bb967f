"""Text folding for search that ignores Vietnamese diacritics and case, identical on every
database: the folded text is computed in Python and stored, so SQLite and PostgreSQL compare
the same plain ASCII-ish strings."""

from __future__ import annotations

import re
import unicodedata
from typing import TypeGuard

from django.utils.translation import gettext

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """'ĐĂNG KÝ Khai sinh' -> 'dang ky khai sinh'."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped.casefold()).strip()


def search_terms(query: str | None, limit: int = 10) -> list[str]:
    """The folded words of a query, at most ``limit`` of them (each at most 50 characters)."""
    return [word[:50] for word in fold(query).split(" ") if word][:limit]


def ascii_text(text: str | None) -> str:
    """'Hồ sơ đã có kết quả' -> 'Ho so da co ket qua' (case kept): SMS without diacritics."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def is_number(text: object, max_digits: int = 18) -> TypeGuard[str]:
    """Whether ``text`` is a plain decimal number that fits a database integer: ASCII digits
    only (``"²".isdigit()`` is true, and ``int("²")`` raises), at most ``max_digits`` of them."""
    return isinstance(text, str) and 0 < len(text) <= max_digits and text.isascii() and text.isdigit()


def as_number(text: object, default: int | None = None, max_digits: int = 18) -> int | None:
    """``int(text)`` when ``is_number(text)``, else ``default``."""
    return int(text) if is_number(text, max_digits) else default


def digits(amount: int) -> str:
    """8000 -> '8.000': whole numbers with the Vietnamese thousands separator."""
    return f"{int(amount):,}".replace(",", ".")


def vnd(amount: object, *, zero_is_free: bool = True) -> str:
    """Money written one way on every screen, form and message: 8000 -> '8.000 đồng'; 0 ->
    'Miễn phí' for a price ('0 đồng' for a sum, ``zero_is_free=False``); anything not a whole
    number -> ''."""
    try:
        value = int(amount)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return ""
    return gettext("Miễn phí") if value == 0 and zero_is_free else f"{digits(value)} {gettext('đồng')}"


def vnd_sum(amount: object) -> str:
    """A sum of money: 0 -> '0 đồng'."""
    return vnd(amount, zero_is_free=False)
