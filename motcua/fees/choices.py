from django.db import models
from django.utils.translation import gettext_lazy as _


class Method(models.TextChoices):
    CASH = "cash", _("Tiền mặt")
    TRANSFER = "transfer", _("Chuyển khoản")
    QR = "qr", _("Quét mã QR")
    ONLINE = "online", _("Thanh toán trực tuyến")


COUNTER_METHODS = (Method.CASH, Method.TRANSFER, Method.QR)
