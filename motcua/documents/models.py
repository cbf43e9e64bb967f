"""Official form templates are data: one row per form and effective date, so the 2018 set
(Circular 01/2018/TT-VPCP) and the 2025 set (Circular 03/2025/TT-VPCP) sit side by side and an
administrator can correct the wording without a release."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import FormKind


class FormTemplate(models.Model):
    kind = models.CharField(_("biểu mẫu"), max_length=24, choices=FormKind.choices)
    number = models.CharField(_("số hiệu mẫu"), max_length=20, help_text=_("Ví dụ: Mẫu số 01"))
    title = models.CharField(_("tên biểu mẫu"), max_length=255)
    form_set = models.CharField(_("bộ biểu mẫu"), max_length=255, help_text=_("Văn bản ban hành, ví dụ Thông tư 01/2018/TT-VPCP"))
    effective_from = models.DateField(_("áp dụng cho hồ sơ tiếp nhận từ ngày"))
    body = models.TextField(
        _("nội dung mẫu"),
        help_text=_(
            'Mẫu Django; thường kế thừa bố cục chuẩn, ví dụ {% extends "documents/forms/receipt.html" %}, và thay các khối cần đổi.'
        ),
    )
    is_active = models.BooleanField(_("đang dùng"), default=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người cập nhật"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("mẫu biểu in")
        verbose_name_plural = _("mẫu biểu in")
        ordering = ["kind", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["kind", "effective_from"], name="unique_form_kind_effective")]

    def __str__(self) -> str:
        return f"{self.number} {self.title} ({self.form_set})"
