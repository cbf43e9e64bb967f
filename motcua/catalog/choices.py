from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcedureStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    PUBLISHED = "published", _("Đang công bố")
    RETIRED = "retired", _("Đã bãi bỏ")


class VersionState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    PUBLISHED = "published", _("Đã công bố")


class CompetenceLevel(models.TextChoices):
    CENTRAL = "central", _("Cấp bộ, trung ương")
    PROVINCE = "province", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã")


class ApplicantType(models.TextChoices):
    CITIZEN = "citizen", _("Công dân")
    BUSINESS = "business", _("Doanh nghiệp, tổ chức")


class TimeUnit(models.TextChoices):
    """The deadline engine's units (calendars.engine.Unit)."""

    WORKING_DAYS = "working_days", _("ngày làm việc")
    WORKING_HOURS = "working_hours", _("giờ làm việc")
    CALENDAR_DAYS = "calendar_days", _("ngày")
    MONTHS = "months", _("tháng")
    SAME_DAY = "same_day", _("trong ngày")


class StepUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("ngày làm việc")
    WORKING_HOURS = "working_hours", _("giờ làm việc")


class OnlineLevel(models.TextChoices):
    """Decree 42/2022; the levels of Decree 43/2011 remain for historical data."""

    NONE = "none", _("Dịch vụ công trực tuyến cung cấp thông tin")
    PARTIAL = "partial", _("Dịch vụ công trực tuyến một phần")
    FULL = "full", _("Dịch vụ công trực tuyến toàn trình")
    LEVEL_1 = "level_1", _("Mức độ 1 (cũ)")
    LEVEL_2 = "level_2", _("Mức độ 2 (cũ)")
    LEVEL_3 = "level_3", _("Mức độ 3 (cũ)")
    LEVEL_4 = "level_4", _("Mức độ 4 (cũ)")


CURRENT_ONLINE_LEVELS = (OnlineLevel.NONE, OnlineLevel.PARTIAL, OnlineLevel.FULL)
# The levels at which dossiers are submitted online (the others only inform).
ONLINE_SUBMISSION_LEVELS = (OnlineLevel.PARTIAL, OnlineLevel.FULL, OnlineLevel.LEVEL_3, OnlineLevel.LEVEL_4)


class CrossBoundary(models.TextChoices):
    NONE = "none", _("Theo địa giới hành chính")
    PROVINCE = "province", _("Phi địa giới trong tỉnh")
    NATION = "nation", _("Phi địa giới toàn quốc")


class FeeKind(models.TextChoices):
    FEE = "fee", _("Lệ phí")
    CHARGE = "charge", _("Phí")


class FeeUnit(models.TextChoices):
    """What a fee's amount is charged per (docs/rules.md section 8)."""

    DOSSIER = "dossier", _("hồ sơ")
    COPY = "copy", _("bản")
    PAGE = "page", _("trang")


class Requirement(models.TextChoices):
    MANDATORY = "mandatory", _("Bắt buộc")
    CONDITIONAL = "conditional", _("Tùy trường hợp")


class ResultForm(models.TextChoices):
    PAPER = "paper", _("Bản giấy")
    ELECTRONIC = "electronic", _("Bản điện tử")
    BOTH = "both", _("Bản giấy và bản điện tử")


class StepKind(models.TextChoices):
    RECEPTION = "reception", _("Tiếp nhận hồ sơ")
    PROCESSING = "processing", _("Thẩm định, xử lý")
    APPROVAL = "approval", _("Phê duyệt, ký")
    INTER_AGENCY = "inter_agency", _("Liên thông cơ quan khác")
    RETURN = "return", _("Trả kết quả tại bộ phận một cửa")


class Performer(models.TextChoices):
    RECEIVING_CENTRE = "receiving_centre", _("Bộ phận một cửa nơi tiếp nhận")
    COMPETENT_AGENCY = "competent_agency", _("Cơ quan có thẩm quyền")
    FIXED_AGENCY = "fixed_agency", _("Cơ quan cụ thể")
