"""Demo data of the integrations domain: two dossiers "submitted on the national portal", one
taken into a commune's reception queue and one quarantined (an unknown procedure code), so the
reception queue and the administrator's list show both paths at once (made-up people)."""

from __future__ import annotations

import base64

from django.utils import timezone

from motcua.catalog.choices import ONLINE_SUBMISSION_LEVELS
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.selectors import version_for_reception
from motcua.core.testing import sample_pdf

from .models import PortalIntake
from .services import receive

ACCEPTED, QUARANTINED = "G22.68-DEMO-000001", "G22.68-DEMO-000002"


def _item(code: str, version: ProcedureVersion, agency_code: str, procedure_code: str) -> dict:
    pdf = base64.b64encode(sample_pdf("demo")).decode()
    mandatory = [c.name for c in version.components.all() if c.requirement == "mandatory"]
    return {
        "MaHoSoQG": code,
        "MaTTHC": procedure_code,
        "MaDonVi": agency_code,
        "ChuHoSo": "Phạm Thu Hà",
        "LoaiDoiTuong": "1",
        "MaDoiTuong": "068192007788",
        "NgaySinh": "19920315",
        "SoDienThoai": "0900000077",
        "DiaChi": "Thôn 3, xã mẫu",
        "NgayNopHoSo": timezone.localtime().strftime("%Y%m%d%H%M%S"),
        "HinhThuc": "2",
        "TaiLieuNop": [
            {"TenThanhPhan": name, "TenTepDinhKem": f"thanh-phan-{i}.pdf", "NoiDungBase64": pdf} for i, name in enumerate(mandatory, 1)
        ],
        "TaiKhoanDuocXacThucVoiVNeID": "1",
    }


def load_demo_national_intake() -> str:
    if PortalIntake.objects.filter(national_code__in=[ACCEPTED, QUARANTINED]).exists():
        return "already loaded"
    for version in ProcedureVersion.objects.filter(online_level__in=ONLINE_SUBMISSION_LEVELS).select_related("procedure"):
        agency = version.receiving_agencies.filter(is_active=True).order_by("path").first()
        if agency is None or version_for_reception(version.procedure.code, timezone.now()) != version:
            continue
        _row, accepted = receive(_item(ACCEPTED, version, agency.code, version.procedure.code), via="push")
        _row, quarantined = receive(_item(QUARANTINED, version, agency.code, "9.999999"), via="push")
        return f"{ACCEPTED} {accepted}, {QUARANTINED} {quarantined}"
    return "no procedure offered online"
