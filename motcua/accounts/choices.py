from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core import access


class Role(models.TextChoices):
    RECEPTION = "reception", _("Cán bộ tiếp nhận (một cửa)")
    PROCESSING = "processing", _("Chuyên viên xử lý")
    LEADER = "leader", _("Lãnh đạo đơn vị")
    REPORT_VIEWER = "report_viewer", _("Xem báo cáo")
    REFORM = "reform", _("Cán bộ cải cách hành chính")
    ADMIN = access.ADMIN, _("Quản trị hệ thống")


class LoginOutcome(models.TextChoices):
    SUCCEEDED = "succeeded", _("Thành công")
    FAILED = "failed", _("Sai mật khẩu hoặc tài khoản")
    LOCKED = "locked", _("Bị từ chối: đang tạm khóa")
