from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    READY = "READY", _("Chờ chạy")
    RUNNING = "RUNNING", _("Đang chạy")
    SUCCESSFUL = "SUCCESSFUL", _("Thành công")
    FAILED = "FAILED", _("Lỗi")
