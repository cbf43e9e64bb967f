"""Reading spreadsheets: typed values out of cells, each problem recorded with its sheet, row and
column (shared by every spreadsheet import)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from .layout import HEADER, MAX_ROWS


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int
    column: str
    message_vi: str
    message_en: str

    def __str__(self) -> str:
        return f"{self.sheet}, dòng {self.row}, cột {self.column}: {self.message_vi}"


class ImportFileError(Exception):
    def __init__(self, errors: list[CellError]):
        super().__init__("\n".join(map(str, errors[:50])))
        self.errors = errors


Where = tuple[str, int, str]  # sheet, row, column of a cell


class CellReader:
    """Typed values out of spreadsheet cells, each problem recorded by sheet, row and column
    (shared by every spreadsheet import)."""

    def __init__(self, errors: list[CellError]):
        self.errors = errors

    def error(self, sheet: str, row: int, column: str, vi: str, en: str) -> None:
        self.errors.append(CellError(sheet, row, column, vi, en))

    def text(self, value) -> str:
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def decimal(self, value, where: Where) -> Decimal | None:
        if value is None or value == "":
            return None
        try:
            result = Decimal(str(value).replace(",", ".").strip())
        except InvalidOperation:
            self.error(*where, f"«{value}» không phải là số.", f"{value!r} is not a number.")
            return None
        if not result.is_finite():
            self.error(*where, f"«{value}» không phải là số.", f"{value!r} is not a number.")
            return None
        return result.normalize()

    def integer(self, value, where: Where, default: int | None = 0) -> int | None:
        if value is None or value == "":
            return default
        number = self.decimal(value, where)
        if number is None:
            return default
        if number != number.to_integral():
            self.error(*where, f"«{value}» phải là số nguyên.", f"{value!r} must be a whole number.")
            return default
        return int(number)

    def date(self, value, where: Where) -> dt.date | None:
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                return dt.datetime.strptime(str(value).strip(), fmt).date()
            except ValueError:
                pass
        self.error(*where, f"Ngày «{value}» không hợp lệ (dd/mm/yyyy).", f"Invalid date {value!r} (dd/mm/yyyy).")
        return None

    def moment(self, value, where: Where) -> dt.datetime | None:
        """A date and time: a datetime cell or text (dd/mm/yyyy HH:MM, or ISO 8601); without an
        offset it is local time (Asia/Ho_Chi_Minh)."""
        if value is None or value == "":
            return None
        moment = value if isinstance(value, dt.datetime) else None
        if moment is None:
            text = str(value).strip()
            for fmt in ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S"):
                try:
                    moment = dt.datetime.strptime(text, fmt)
                    break
                except ValueError:
                    pass
            if moment is None:
                try:
                    moment = dt.datetime.fromisoformat(text)
                except ValueError:
                    self.error(
                        *where,
                        f"Thời điểm «{value}» không hợp lệ (dd/mm/yyyy HH:MM).",
                        f"Invalid date and time {value!r} (dd/mm/yyyy HH:MM).",
                    )
                    return None
        return timezone.make_aware(moment) if timezone.is_naive(moment) else moment

    def time(self, value, where: Where) -> dt.time | None:
        if value is None or value == "":
            return None
        if isinstance(value, dt.time):
            return value
        if isinstance(value, dt.datetime):
            return value.time()
        try:
            return dt.datetime.strptime(str(value).strip(), "%H:%M").time()
        except ValueError:
            self.error(*where, f"Giờ «{value}» không hợp lệ (HH:MM).", f"Invalid time {value!r} (HH:MM).")
            return None

    def boolean(self, value, where: Where) -> bool:
        text = self.text(value).casefold()
        if text in ("", "không", "khong", "no", "false", "0"):
            return False
        if text in ("có", "co", "yes", "true", "1", "x"):
            return True
        self.error(*where, f"«{value}» phải là «có» hoặc «không».", f"{value!r} must be yes or no.")
        return False

    def codes(self, value) -> tuple[str, ...]:
        return tuple(sorted(x.strip() for x in self.text(value).replace(";", ",").split(",") if x.strip()))

    def ordered(self, value) -> tuple[str, ...]:
        return tuple(x.strip() for x in self.text(value).replace(";", ",").split(",") if x.strip())


def open_workbook(data: bytes):
    """An .xlsx file opened for reading, or ImportFileError naming why not."""
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise ImportFileError(
            [CellError("-", 0, "-", "Không đọc được tệp: cần tệp Excel .xlsx.", f"Not a readable .xlsx file ({type(exc).__name__}).")]
        ) from None


def read_table(
    rows, title: str, columns: list[tuple[str, str]], errors: list[CellError], required: tuple[str, ...] | None = None
) -> list[tuple[int, dict[str, tuple[Any, str]]]]:
    """A sheet's rows (the first is the header: "Label [key]", or the key alone) as
    (row number, {key: (value, column letter)}), blank rows skipped; a missing column (of
    ``required``, by default every one) or too many rows is an error."""
    iterator = iter(rows)
    header = next(iterator, None) or ()
    positions: dict[str, int] = {}
    keys = {name for name, _label in columns}
    for i, cell in enumerate(header):
        text = str(cell or "").strip()
        m = HEADER.search(text)
        if m:
            positions[m.group(1)] = i
        elif text in keys:
            positions[text] = i
    missing = [label for name, label in columns if name not in positions and (required is None or name in required)]
    if missing:
        errors.append(CellError(title, 1, "-", f"Thiếu cột: {', '.join(missing)}.", f"Missing columns: {', '.join(missing)}."))
        return []
    out = []
    for n, values in enumerate(iterator, start=2):
        if n > MAX_ROWS:
            errors.append(CellError(title, n, "-", f"Quá {MAX_ROWS} dòng.", f"More than {MAX_ROWS} rows."))
            break
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        out.append((n, {name: (values[i] if i < len(values) else None, get_column_letter(i + 1)) for name, i in positions.items()}))
    return out
