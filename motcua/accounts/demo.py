"""The demo province's agencies and made-up staff for every role (idempotent); the login list
that ``load_demo`` prints. Names are invented."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction

from motcua.core.demo import AGENCY_SUFFIX as SUFFIX
from motcua.core.demo import COMMUNES, PASSWORD, PROVINCE_CODE
from motcua.organisations.choices import AgencyKind, AgencyLevel, UnitLevel
from motcua.organisations.models import AdministrativeUnit, Agency
from motcua.organisations.services import create_agency

from .choices import Role
from .services import add_membership

DEPARTMENTS = [
    ("10", "Sở Tư pháp"),
    ("11", "Sở Xây dựng"),
    ("12", "Sở Nông nghiệp và Môi trường"),
    ("13", "Sở Nội vụ"),
    ("14", "Sở Tài chính"),
    ("15", "Công an"),
]
# username, full name, role, agency code
STAFF = [
    ("admin", "Quản trị Hệ thống", Role.ADMIN, f"000.00.00.{SUFFIX}"),
    ("lanhdao.tinh", "Trần Văn Minh", Role.REPORT_VIEWER, f"000.00.00.{SUFFIX}"),
    ("tiepnhan.tinh", "Nguyễn Thị Hương", Role.RECEPTION, f"000.00.01.{SUFFIX}"),
    ("xuly.tuphap", "Lê Hoàng Nam", Role.PROCESSING, f"000.00.10.{SUFFIX}"),
    ("lanhdao.tuphap", "Phạm Thu Trang", Role.LEADER, f"000.00.10.{SUFFIX}"),
    ("xuly.xaydung", "Đỗ Quang Huy", Role.PROCESSING, f"000.00.11.{SUFFIX}"),
    ("cchc.noivu", "Vũ Thị Lan", Role.REFORM, f"000.00.13.{SUFFIX}"),
    ("lanhdao.ubndtinh", "Hồ Quang Vinh", Role.LEADER, f"000.00.00.{SUFFIX}"),
    ("xuly.nnmt", "Hoàng Văn Phúc", Role.PROCESSING, f"000.00.12.{SUFFIX}"),
    ("lanhdao.nnmt", "Ngô Thị Mai", Role.LEADER, f"000.00.12.{SUFFIX}"),
    ("xuly.taichinh", "Bùi Thanh Tùng", Role.PROCESSING, f"000.00.14.{SUFFIX}"),
    ("lanhdao.taichinh", "Đặng Thu Hà", Role.LEADER, f"000.00.14.{SUFFIX}"),
    ("xuly.congan", "Đinh Công Sơn", Role.PROCESSING, f"000.00.15.{SUFFIX}"),
]


def load_demo_staff(options: dict | None = None) -> list[str]:
    """The agencies and staff; the lines listing the logins."""
    with transaction.atomic():
        agencies, commune_staff = _agencies()
        rows = STAFF + commune_staff
        _staff(agencies, rows)
    lines = [f"Demo data ready. Logins (password for all: {PASSWORD}):"]
    lines += [f"  {username:<18} {Role(role).label} — {agencies[code].name}" for username, _name, role, code in rows]
    return lines


def _agency(code, **fields):
    existing = Agency.objects.filter(code=code).first()
    return existing or create_agency(code=code, **fields)


def _agencies():
    province = AdministrativeUnit.objects.get(level=UnitLevel.PROVINCE, code=PROVINCE_CODE)
    start = dt.date(2025, 7, 1)
    ubnd = _agency(
        f"000.00.00.{SUFFIX}",
        name=f"Ủy ban nhân dân {province.name}",
        short_name="UBND tỉnh",
        kind=AgencyKind.PEOPLES_COMMITTEE,
        level=AgencyLevel.PROVINCE,
        admin_unit=province,
        valid_from=start,
    )
    out = {ubnd.code: ubnd}
    commune_staff = []
    centre = _agency(
        f"000.00.01.{SUFFIX}",
        name=f"Trung tâm Phục vụ hành chính công {province.name}",
        short_name="TTPVHCC tỉnh",
        kind=AgencyKind.SERVICE_CENTRE,
        level=AgencyLevel.PROVINCE,
        admin_unit=province,
        parent=ubnd,
        valid_from=start,
    )
    out[centre.code] = centre
    for num, name in DEPARTMENTS:
        dept = _agency(
            f"000.00.{num}.{SUFFIX}",
            name=f"{name} {province.name}",
            short_name=name,
            kind=AgencyKind.DEPARTMENT,
            level=AgencyLevel.PROVINCE,
            admin_unit=province,
            parent=ubnd,
            valid_from=start,
        )
        out[dept.code] = dept
    communes = AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, parent=province).order_by("code")[: len(COMMUNES)]
    for k, commune in zip(COMMUNES, communes, strict=False):
        base = f"000.{20 + k:02d}"
        cu = _agency(
            f"{base}.00.{SUFFIX}",
            name=f"Ủy ban nhân dân {commune.name}",
            short_name=f"UBND {commune.name}",
            kind=AgencyKind.PEOPLES_COMMITTEE,
            level=AgencyLevel.COMMUNE,
            admin_unit=commune,
            parent=ubnd,
            valid_from=start,
        )
        cc = _agency(
            f"{base}.01.{SUFFIX}",
            name=f"Trung tâm Phục vụ hành chính công {commune.name}",
            short_name=f"TTPVHCC {commune.name}",
            kind=AgencyKind.SERVICE_CENTRE,
            level=AgencyLevel.COMMUNE,
            admin_unit=commune,
            parent=cu,
            valid_from=start,
        )
        out[cu.code], out[cc.code] = cu, cc
        commune_staff += [
            (f"tiepnhan.xa{k}", f"Cán bộ tiếp nhận xã {k}", Role.RECEPTION, cc.code),
            (f"xuly.xa{k}", f"Chuyên viên xử lý xã {k}", Role.PROCESSING, cu.code),
            (f"lanhdao.xa{k}", f"Lãnh đạo xã {k}", Role.LEADER, cu.code),
        ]
    return out, commune_staff


def _staff(agencies, rows) -> None:
    User = get_user_model()
    for username, full_name, role, code in rows:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username, password=PASSWORD, full_name=full_name, email=f"{username}@demo.motcua.invalid"
            )
            if role == Role.ADMIN:
                user.is_staff = user.is_superuser = True
                user.save(update_fields=["is_staff", "is_superuser"])
        add_membership(user, agencies[code], role)
