from django.db import models
from django.utils.translation import gettext_lazy as _


class FormKind(models.TextChoices):
    """The official one-stop forms (docs/rules.md section 3). The API names are these values."""

    RECEIPT = "receipt", _("Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    SUPPLEMENT_REQUEST = "supplement_request", _("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")
    REFUSAL = "refusal", _("Phiếu từ chối tiếp nhận giải quyết hồ sơ")
    APOLOGY = "apology", _("Phiếu xin lỗi và hẹn lại ngày trả kết quả")
    STOP_NOTICE = "stop_notice", _("Thông báo dừng giải quyết hồ sơ")
    CONTROL_SHEET = "control_sheet", _("Phiếu kiểm soát quá trình giải quyết hồ sơ")
    REGISTER = "register", _("Sổ theo dõi hồ sơ")


DOSSIER_FORMS = (
    FormKind.RECEIPT,
    FormKind.SUPPLEMENT_REQUEST,
    FormKind.REFUSAL,
    FormKind.APOLOGY,
    FormKind.STOP_NOTICE,
    FormKind.CONTROL_SHEET,
)
