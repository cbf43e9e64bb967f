"""The citizen's data store (docs/rules.md section 1.2): every digitised component and signed
result, kept per applicant (ID number or tax code) with its validity, so that nobody is asked
again for a document already digitised."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredDocument(models.Model):
    class Kind(models.TextChoices):
        COMPONENT = "component", _("Thành phần hồ sơ đã số hóa")
        RESULT = "result", _("Kết quả giải quyết điện tử")

    owner_id = models.CharField(_("số định danh / mã số thuế"), max_length=20, db_index=True)
    owner_name = models.CharField(_("họ tên / tên tổ chức"), max_length=200)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("tên giấy tờ"), max_length=500)
    key = models.CharField(max_length=500, db_index=True)  # the name folded (no case, no accents)
    file = models.FileField(_("tệp"), max_length=300)  # the dossier file's stored bytes (never changed)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    pages = models.PositiveSmallIntegerField(null=True, blank=True)
    source_dossier = models.CharField(_("hồ sơ gốc"), max_length=40)
    source_file = models.PositiveIntegerField()
    stored_at = models.DateTimeField(_("lưu lúc"))
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True, help_text=_("Trống: còn giá trị sử dụng."))

    class Meta:
        verbose_name = _("giấy tờ trong kho dữ liệu")
        verbose_name_plural = _("kho dữ liệu của tổ chức, cá nhân")
        ordering = ["owner_id", "key", "-stored_at"]
        constraints = [models.UniqueConstraint(fields=["source_file"], name="one_store_row_per_dossier_file")]

    def __str__(self) -> str:
        return f"{self.owner_id}: {self.name}"
