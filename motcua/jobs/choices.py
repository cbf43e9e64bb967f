from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    READY = "READY", _("Chờ chạy")
    RUNNING = "RUNNING", _("Đang chạy")
    SUCCESSFUL = "SUCCESSFUL", _("Thành công")
    FAILED = "FAILED", _("Lỗi")


class DeliveryState(models.TextChoices):
    """The life of a row of any outbox (``jobs.outbox``)."""

    PENDING = "pending", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    DEAD = "dead", _("Gửi không thành công (chờ gửi lại thủ công)")
