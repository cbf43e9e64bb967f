from django.db import models
from django.utils.translation import gettext_lazy as _


class Target(models.TextChoices):
    NATIONAL_PORTAL = "portal", _("Cổng dịch vụ công quốc gia")
    POSTAL = "postal", _("Bưu chính công ích")
    PAYMENT = "payment", _("Thanh toán trực tuyến")


class PostalKind(models.TextChoices):
    PICKUP = "pickup", _("Thu gom hồ sơ")
    DELIVERY = "delivery", _("Chuyển phát kết quả")


class PostalState(models.TextChoices):
    REQUESTED = "requested", _("Đã yêu cầu")
    CREATED = "created", _("Đã có mã vận đơn")
    PICKED_UP = "picked_up", _("Bưu điện đã nhận")
    DELIVERED = "delivered", _("Đã phát thành công")
    FAILED = "failed", _("Phát không thành công")
    CANCELLED = "cancelled", _("Đã hủy")


class PaymentState(models.TextChoices):
    PENDING = "pending", _("Chờ thanh toán")
    PAID = "paid", _("Đã thanh toán")
    FAILED = "failed", _("Thanh toán không thành công")


class IntakeState(models.TextChoices):
    ACCEPTED = "accepted", _("Đã nhận vào hàng chờ tiếp nhận")
    QUARANTINED = "quarantined", _("Cách ly: chờ quản trị xử lý")
    DISMISSED = "dismissed", _("Đã loại (báo lại Cổng)")
