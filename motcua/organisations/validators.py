import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Agency electronic identifier (Decision 20/2020/QĐ-TTg): e.g. 000.00.01.H22, 000.00.31.H22
AGENCY_CODE_RE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")


def validate_agency_code(value: str) -> None:
    if not AGENCY_CODE_RE.match(value or ""):
        raise ValidationError(_("Mã định danh cơ quan không đúng định dạng (ví dụ: 000.00.01.H22)."), code="invalid_agency_code")
