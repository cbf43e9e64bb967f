"""The citizen's data store (docs/rules.md section 1.2): every digitised component and signed
result, kept per applicant (ID number or tax code) with its validity, so that nobody is asked
again for a document already digitised; and the archive of signed electronic results, kept as
PDF/A for their procedure's retention period (section 3.1)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.models import AppendOnlyModel


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


class RetentionRule(models.Model):
    """How long the archive keeps the electronic results of a procedure, or of every procedure
    of a field (docs/rules.md section 3.1): the procedure's rule first, then its field's, then
    ``ARCHIVE_RETENTION_YEARS``. Data the archivist changes as the retention schedule does."""

    procedure = models.OneToOneField(
        "catalog.Procedure", verbose_name=_("thủ tục"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    field = models.OneToOneField(
        "catalog.Field", verbose_name=_("lĩnh vực"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    years = models.PositiveSmallIntegerField(_("thời hạn lưu trữ (năm)"), null=True, blank=True, help_text=_("Trống: lưu trữ vĩnh viễn."))
    basis = models.CharField(_("căn cứ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("thời hạn lưu trữ kết quả")
        verbose_name_plural = _("thời hạn lưu trữ kết quả")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(procedure__isnull=False, field__isnull=True) | models.Q(procedure__isnull=True, field__isnull=False),
                name="retention_names_a_procedure_or_a_field",
            )
        ]

    def __str__(self) -> str:
        return f"{self.procedure or self.field}: {self.years or '∞'}"


class ArchivedDocument(AppendOnlyModel):
    """A signed electronic result kept as PDF/A for the retention period of its procedure. Never
    changed; the file is the dossier's signed result itself (the same stored bytes)."""

    source_file = models.PositiveIntegerField(unique=True)
    dossier_code = models.CharField(_("hồ sơ"), max_length=40, db_index=True)
    procedure_code = models.CharField(_("mã thủ tục"), max_length=8)
    agency = models.ForeignKey("organisations.Agency", verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("tên tài liệu"), max_length=200)
    file = models.FileField(_("tệp"), max_length=300)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    conformance = models.CharField(_("định dạng lưu trữ"), max_length=4, help_text=_("Mức PDF/A tệp công bố, ví dụ 2B."))
    signed_at = models.DateTimeField(_("ký số lúc"))
    archived_at = models.DateTimeField(_("lưu trữ lúc"))
    retain_until = models.DateField(_("lưu trữ đến"), null=True, blank=True, help_text=_("Trống: vĩnh viễn."))

    class Meta:
        verbose_name = _("kết quả điện tử lưu trữ")
        verbose_name_plural = _("lưu trữ kết quả điện tử")
        ordering = ["-archived_at", "-id"]

    def __str__(self) -> str:
        return f"{self.dossier_code}: {self.name}"
