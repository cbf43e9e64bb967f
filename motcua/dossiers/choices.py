from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.choices import Role


class Sex(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class State(models.TextChoices):
    SUBMITTED = "submitted", _("Mới đăng ký, chưa tiếp nhận")
    GUIDED = "guided", _("Đã hướng dẫn bổ sung khi tiếp nhận")
    RECEIVED = "received", _("Đã tiếp nhận")
    REFUSED = "refused", _("Từ chối tiếp nhận")
    PROCESSING = "processing", _("Đang xử lý")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Chờ bổ sung hồ sơ")
    AWAITING_PAYMENT = "awaiting_payment", _("Chờ thực hiện nghĩa vụ tài chính")
    WITHDRAWN = "withdrawn", _("Công dân rút hồ sơ")
    STOPPED = "stopped", _("Dừng xử lý")
    RESOLVED = "resolved", _("Đã có kết quả")
    RETURNED = "returned", _("Đã trả kết quả")


class Channel(models.TextChoices):
    COUNTER = "counter", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    POSTAL = "postal", _("Bưu chính công ích")


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("Cá nhân")
    BUSINESS = "business", _("Tổ chức, doanh nghiệp")


class StepStatus(models.TextChoices):
    OPEN = "open", _("Đang thực hiện")
    DONE = "done", _("Đã chuyển")
    RETURNED = "returned", _("Trả lại bước trước")
    CLOSED = "closed", _("Kết thúc")


# Who works on dossiers, through which roles (services.PERMISSIONS, the queues, the screens).
COUNTER_ROLES = (Role.RECEPTION, Role.LEADER, Role.ADMIN)
OPERATIONAL_ROLES = (Role.RECEPTION, Role.PROCESSING, Role.LEADER, Role.ADMIN)
# Who works a route step of each role (the officers a dialog offers for it).
STEP_ROLES = {"reception": (Role.RECEPTION, Role.LEADER), "processing": (Role.PROCESSING, Role.LEADER), "leader": (Role.LEADER,)}
WORKING_ROLES = (Role.PROCESSING, Role.LEADER, Role.RECEPTION)
DECISION_ROLES = (Role.PROCESSING, Role.LEADER, Role.ADMIN)
