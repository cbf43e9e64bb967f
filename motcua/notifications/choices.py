from django.db import models
from django.utils.translation import gettext_lazy as _


class Medium(models.TextChoices):
    EMAIL = "email", _("Thư điện tử")
    SMS = "sms", _("Tin nhắn SMS")


class MessageState(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    DEAD = "dead", _("Gửi không thành công (chờ gửi lại thủ công)")
