from django.db import models
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    DAY_OFF = "day_off", _("Ngày nghỉ")
    WORKING_DAY = "working_day", _("Ngày làm việc (làm bù)")


class DaySource(models.TextChoices):
    OFFICIAL = "official", _("Lịch chính thức")
    SEEDED = "seeded", _("Tự sinh từ âm lịch (chưa xác nhận)")
    ADMIN = "admin", _("Quản trị viên nhập")


class DurationUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("ngày làm việc")
    WORKING_HOURS = "working_hours", _("giờ làm việc")
    CALENDAR_DAYS = "calendar_days", _("ngày (theo lịch)")
    MONTHS = "months", _("tháng")
    SAME_DAY = "same_day", _("trong ngày")
