"""Identifiers of applicants (docs/rules.md section 4): citizen ID (CCCD / personal identification
number), tax code, Vietnamese phone numbers. Pure functions; each validator raises
``IdentifierError`` with a Vietnamese and an English message."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# Province codes of birth registration in the citizen ID: the 63 provinces before 1/7/2025.
CITIZEN_ID_PROVINCES = frozenset(
    {
        "001",
        "002",
        "004",
        "006",
        "008",
        "010",
        "011",
        "012",
        "014",
        "015",
        "017",
        "019",
        "020",
        "022",
        "024",
        "025",
        "026",
        "027",
        "030",
        "031",
        "033",
        "034",
        "035",
        "036",
        "037",
        "038",
        "040",
        "042",
        "044",
        "045",
        "046",
        "048",
        "049",
        "051",
        "052",
        "054",
        "056",
        "058",
        "060",
        "062",
        "064",
        "066",
        "067",
        "068",
        "070",
        "072",
        "074",
        "075",
        "077",
        "079",
        "080",
        "082",
        "083",
        "084",
        "086",
        "087",
        "089",
        "091",
        "092",
        "093",
        "094",
        "095",
        "096",
    }
)
TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


class IdentifierError(ValueError):
    def __init__(self, message_vi: str, message_en: str):
        super().__init__(message_vi)
        self.message_vi, self.message_en = message_vi, message_en


def citizen_id_century(digit: int) -> int:
    """The first year of the century that the 4th digit encodes (0/1 -> 1900, 2/3 -> 2000...)."""
    return 1900 + (digit // 2) * 100


def validate_citizen_id(value: str, birth_date: dt.date | None = None, *, allow_legacy: bool = False) -> str:
    """A 12-digit personal identification number, consistent with ``birth_date`` if given.
    ``allow_legacy`` accepts old 9-digit CMND numbers (legacy records only)."""
    number = re.sub(r"\s+", "", value or "")
    if allow_legacy and re.fullmatch(r"\d{9}", number):
        return number
    if not re.fullmatch(r"\d{12}", number):
        raise IdentifierError("Số định danh cá nhân phải gồm đúng 12 chữ số.", "A personal identification number has exactly 12 digits.")
    if number[:3] not in CITIZEN_ID_PROVINCES:
        raise IdentifierError(
            f"Mã tỉnh nơi đăng ký khai sinh «{number[:3]}» trong số định danh không tồn tại.",
            f"Unknown province code {number[:3]!r} in the identification number.",
        )
    century = citizen_id_century(int(number[3]))
    year = century + int(number[4:6])
    if birth_date is not None:
        if birth_date.year != year:
            raise IdentifierError(
                f"Số định danh cho năm sinh {year}, không khớp với ngày sinh {birth_date:%d/%m/%Y}.",
                f"The identification number encodes birth year {year}, not {birth_date.year}.",
            )
    elif year > dt.date.today().year:
        raise IdentifierError(
            f"Số định danh cho năm sinh {year} ở tương lai.", f"The identification number encodes a future birth year {year}."
        )
    return number


def citizen_id_sex(number: str) -> str:
    """'male' or 'female' from the 4th digit (even: male, odd: female)."""
    return "female" if int(number[3]) % 2 else "male"


def validate_tax_code(value: str) -> str:
    """A 10-digit tax code with its check digit, optionally with a 3-digit branch suffix
    (written 0101234567-001 or 0101234567001), or since 2025 a 12-digit personal ID."""
    code = re.sub(r"[\s.]", "", value or "")
    if re.fullmatch(r"\d{12}", code):
        return validate_citizen_id(code)
    m = re.fullmatch(r"(\d{10})-?(\d{3})?", code)
    if not m:
        raise IdentifierError(
            "Mã số thuế gồm 10 chữ số (hoặc 13 chữ số với mã chi nhánh).", "A tax code has 10 digits (13 with a branch suffix)."
        )
    digits = [int(c) for c in m.group(1)]
    remainder = sum(d * w for d, w in zip(digits[:9], TAX_WEIGHTS, strict=True)) % 11
    if remainder == 0 or (10 - remainder) != digits[9]:
        raise IdentifierError("Mã số thuế sai chữ số kiểm tra.", "The tax code's check digit is wrong.")
    return m.group(1) + (f"-{m.group(2)}" if m.group(2) else "")


def normalise_phone(value: str) -> str:
    """A Vietnamese mobile or landline number in E.164 (+84...)."""
    raw = re.sub(r"[\s().-]", "", value or "")
    if raw.startswith("+84"):
        national = "0" + raw[3:]
    elif raw.startswith("84") and len(raw) in (11, 12):
        national = "0" + raw[2:]
    else:
        national = raw
    if re.fullmatch(r"0[35789]\d{8}", national) or re.fullmatch(r"02\d{9}", national):
        return "+84" + national[1:]
    raise IdentifierError(
        "Số điện thoại không đúng định dạng Việt Nam (di động 10 số, cố định 11 số, bắt đầu bằng 0 hoặc +84).",
        "Not a Vietnamese phone number (10-digit mobile or 11-digit landline, starting 0 or +84).",
    )


def initials(full_name: str) -> str:
    """'Nguyễn Văn An' -> 'N. V. A.' (the public lookup shows nothing more of the applicant)."""
    return " ".join(f"{word[0].upper()}." for word in (full_name or "").split() if word)


@dataclass(frozen=True)
class ChipCard:
    """What the QR code of a chip ID card (CCCD) holds (docs/rules.md section 4)."""

    id_number: str
    old_id: str
    name: str
    birth_date: dt.date
    sex: str  # "male" | "female"
    address: str
    issued: dt.date


SEXES = {"nam": "male", "nữ": "female", "nu": "female", "male": "male", "female": "female"}
CHIP_CARD_FIELDS = 7


def _card_date(text: str, what_vi: str, what_en: str) -> dt.date:
    if not re.fullmatch(r"\d{8}", text):
        raise IdentifierError(f"{what_vi} trên thẻ phải có dạng NNTTNNNN (8 chữ số).", f"The card's {what_en} must be DDMMYYYY.")
    try:
        return dt.date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError:
        raise IdentifierError(
            f"{what_vi} trên thẻ không phải là một ngày có thật ({text}).", f"The card's {what_en} is not a real date ({text})."
        ) from None


def parse_chip_card(text: str, today: dt.date | None = None) -> ChipCard:
    """The chip ID card's QR code as a 2D scanner types it:
    ``<12-digit ID>|<old 9-digit ID or empty>|<full name>|<DDMMYYYY birth>|<sex>|<address>|<DDMMYYYY issued>``.
    Raises ``IdentifierError`` naming what is wrong."""
    today = today or dt.date.today()
    raw = (text or "").strip().replace("\r", "").replace("\n", "")
    parts = [" ".join(p.split()) for p in raw.split("|")]
    if len(parts) != CHIP_CARD_FIELDS:
        raise IdentifierError(
            f"Không phải mã QR của thẻ căn cước: cần {CHIP_CARD_FIELDS} trường ngăn bởi «|», đọc được {len(parts)}.",
            f"Not a chip ID card's QR code: {CHIP_CARD_FIELDS} fields separated by '|' expected, {len(parts)} found.",
        )
    number, old_id, name, birth_text, sex_text, address, issued_text = parts
    if old_id and not re.fullmatch(r"\d{9}", old_id):
        raise IdentifierError("Số CMND cũ trên thẻ phải gồm 9 chữ số.", "The card's old ID number has 9 digits.")
    if not name or len(name) > 200:
        raise IdentifierError("Thẻ không có họ tên hợp lệ.", "The card holds no valid full name.")
    birth = _card_date(birth_text, "Ngày sinh", "birth date")
    issued = _card_date(issued_text, "Ngày cấp", "date of issue")
    sex = SEXES.get(sex_text.casefold())
    if sex is None:
        raise IdentifierError(f"Giới tính trên thẻ phải là Nam hoặc Nữ (đọc được «{sex_text}»).", "The card's sex must be Nam or Nữ.")
    number = validate_citizen_id(number, birth)
    if citizen_id_sex(number) != sex:
        raise IdentifierError("Giới tính trên thẻ không khớp với số định danh.", "The card's sex does not match its identification number.")
    if not birth <= issued <= today:
        raise IdentifierError(
            "Ngày cấp thẻ phải sau ngày sinh và không ở tương lai.", "The card's date of issue must fall between the birth date and today."
        )
    if len(address) > 300:
        raise IdentifierError("Địa chỉ trên thẻ dài quá 300 ký tự.", "The card's address is longer than 300 characters.")
    return ChipCard(number, old_id, name, birth, sex, address, issued)
