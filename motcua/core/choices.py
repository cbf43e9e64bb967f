from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditCategory(models.TextChoices):
    ACCOUNT = "account", _("Tài khoản")
    ORGANISATION = "organisation", _("Tổ chức")
    CALENDAR = "calendar", _("Lịch làm việc")
    CATALOG = "catalog", _("Thủ tục")
    DOSSIER = "dossier", _("Hồ sơ")
    SYSTEM = "system", _("Hệ thống")
