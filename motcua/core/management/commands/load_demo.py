"""Demo data (idempotent): one real post-2025 province, its service centre, departments, six
communes with their centres, and made-up staff for every role. Names are invented."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from motcua.accounts.choices import Role
from motcua.accounts.services import add_membership
from motcua.catalog.services import load_demo_catalogue
from motcua.documents.defaults import install as install_form_sets
from motcua.documents.demo import blank_templates
from motcua.documents.models import FormTemplate
from motcua.dossiers.demo import load_demo_dossiers
from motcua.notifications.defaults import install as install_notification_templates
from motcua.organisations.choices import AgencyKind, AgencyLevel, UnitLevel
from motcua.organisations.models import AdministrativeUnit, Agency
from motcua.organisations.services import create_agency
from motcua.portal.demo import load_demo_applicant
from motcua.reform.demo import load_demo_reform
from motcua.reports.defaults import install as install_indicators

PROVINCE_CODE = "68"  # Tỉnh Lâm Đồng (merged with Đắk Nông and Bình Thuận on 1/7/2025)
SUFFIX = "H38"  # illustrative agency-code suffix for the demo province
DEMO_PASSWORD = "motcua-demo-2026"  # noqa: S105 - demo accounts only, printed for the user
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


class Command(BaseCommand):
    help = "Load demo data (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--dossiers", type=int, default=300, help="Demo dossiers to create (only if none exist yet).")

    def handle(self, *args, **options):
        call_command("load_admin_units", verbosity=0)
        call_command("load_calendar", verbosity=0)
        install_form_sets(FormTemplate)  # shipped by a migration; again here for a flushed database
        install_notification_templates()
        install_indicators()
        with transaction.atomic():
            agencies, commune_staff = self._agencies()
            users = self._staff(agencies, STAFF + commune_staff)
            procedures = load_demo_catalogue(SUFFIX, list(range(1, 7)), templates=blank_templates)
            citizen = load_demo_applicant(DEMO_PASSWORD)
        dossiers = load_demo_dossiers(options["dossiers"]) if options["dossiers"] else 0
        reform = load_demo_reform()
        self.stdout.write(f"Catalogue: {procedures} demo procedures published. Dossiers: {dossiers}. {reform}.")
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Logins (password for all: {DEMO_PASSWORD}):"))
        for username, _name, role, code in users:
            self.stdout.write(f"  {username:<18} {Role(role).label} — {agencies[code].name}")
        self.stdout.write(f"  Portal (/portal/): {citizen} — a citizen with a verified account.")

    def _agency(self, code, **fields):
        existing = Agency.objects.filter(code=code).first()
        return existing or create_agency(code=code, **fields)

    def _agencies(self):
        province = AdministrativeUnit.objects.get(level=UnitLevel.PROVINCE, code=PROVINCE_CODE)
        start = dt.date(2025, 7, 1)
        ubnd = self._agency(f"000.00.00.{SUFFIX}", name=f"Ủy ban nhân dân {province.name}", short_name="UBND tỉnh", kind=AgencyKind.PEOPLES_COMMITTEE, level=AgencyLevel.PROVINCE, admin_unit=province, valid_from=start)
        out = {ubnd.code: ubnd}
        commune_staff = []
        centre = self._agency(f"000.00.01.{SUFFIX}", name=f"Trung tâm Phục vụ hành chính công {province.name}", short_name="TTPVHCC tỉnh", kind=AgencyKind.SERVICE_CENTRE, level=AgencyLevel.PROVINCE, admin_unit=province, parent=ubnd, valid_from=start)
        out[centre.code] = centre
        for num, name in DEPARTMENTS:
            dept = self._agency(f"000.00.{num}.{SUFFIX}", name=f"{name} {province.name}", short_name=name, kind=AgencyKind.DEPARTMENT, level=AgencyLevel.PROVINCE, admin_unit=province, parent=ubnd, valid_from=start)
            out[dept.code] = dept
        communes = AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, parent=province).order_by("code")[:6]
        for k, commune in enumerate(communes, start=1):
            base = f"000.{20 + k:02d}"
            cu = self._agency(f"{base}.00.{SUFFIX}", name=f"Ủy ban nhân dân {commune.name}", short_name=f"UBND {commune.name}", kind=AgencyKind.PEOPLES_COMMITTEE, level=AgencyLevel.COMMUNE, admin_unit=commune, parent=ubnd, valid_from=start)
            cc = self._agency(f"{base}.01.{SUFFIX}", name=f"Trung tâm Phục vụ hành chính công {commune.name}", short_name=f"TTPVHCC {commune.name}", kind=AgencyKind.SERVICE_CENTRE, level=AgencyLevel.COMMUNE, admin_unit=commune, parent=cu, valid_from=start)
            out[cu.code], out[cc.code] = cu, cc
            commune_staff += [
                (f"tiepnhan.xa{k}", f"Cán bộ tiếp nhận xã {k}", Role.RECEPTION, cc.code),
                (f"xuly.xa{k}", f"Chuyên viên xử lý xã {k}", Role.PROCESSING, cu.code),
                (f"lanhdao.xa{k}", f"Lãnh đạo xã {k}", Role.LEADER, cu.code),
            ]
        return out, commune_staff

    def _staff(self, agencies, rows):
        User = get_user_model()
        for username, full_name, role, code in rows:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(username=username, password=DEMO_PASSWORD, full_name=full_name, email=f"{username}@demo.motcua.invalid")
                if role == Role.ADMIN:
                    user.is_staff = user.is_superuser = True
                    user.save(update_fields=["is_staff", "is_superuser"])
            add_membership(user, agencies[code], role)
        return rows
