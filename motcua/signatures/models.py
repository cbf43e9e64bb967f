"""Signing keys (an agency's seal or a leader's own certificate) and the register of every PDF
the system signed, which the public verification reads (docs/rules.md section 3.1)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.models import AppendOnlyModel


class SigningKey(models.Model):
    class Kind(models.TextChoices):
        PKCS12 = "pkcs12", _("Tệp PKCS#12")
        REMOTE = "remote", _("Dịch vụ ký số từ xa (HTTP)")
        PKCS11 = "pkcs11", _("Thiết bị ký số (PKCS#11: token, HSM)")

    agency = models.ForeignKey(
        "organisations.Agency", verbose_name=_("cơ quan"), null=True, blank=True, on_delete=models.PROTECT, related_name="signing_keys"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cá nhân ký (lãnh đạo)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signing_keys",
    )
    kind = models.CharField(_("loại khóa"), max_length=10, choices=Kind.choices, default=Kind.PKCS12)
    location = models.CharField(
        _("tệp khóa hoặc mã khóa"),
        max_length=300,
        help_text=_(
            "PKCS#12: tên tệp trong thư mục SIGNING_KEY_DIR. Ký từ xa: mã khóa tại dịch vụ ký số. PKCS#11: nhãn khóa trên thiết bị."
        ),
    )
    certificate = models.TextField(_("chứng thư số (PEM)"))
    subject = models.CharField(_("chủ thể"), max_length=200)
    serial = models.CharField(_("số hiệu"), max_length=64)
    fingerprint = models.CharField(_("dấu vân tay SHA-256"), max_length=64, unique=True)
    not_before = models.DateTimeField(_("hiệu lực từ"))
    not_after = models.DateTimeField(_("hiệu lực đến"))
    is_demo = models.BooleanField(_("khóa thử (DEMO)"), default=False)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_reason = models.CharField(_("lý do thu hồi"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khóa ký số")
        verbose_name_plural = _("khóa ký số")
        ordering = ["agency__code", "-not_after"]

    def __str__(self) -> str:
        return f"{self.subject} ({self.serial})"


class IssuedDocument(AppendOnlyModel):
    """A PDF the system signed: its digest, what it is and who signed it. Append-only."""

    sha256 = models.CharField(max_length=64, unique=True)
    kind = models.CharField(_("loại giấy tờ"), max_length=40)
    title = models.CharField(_("tên giấy tờ"), max_length=200, blank=True)
    dossier_code = models.CharField(_("mã hồ sơ"), max_length=40, blank=True, db_index=True)
    agency = models.ForeignKey("organisations.Agency", verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="+")
    key = models.ForeignKey(SigningKey, null=True, blank=True, on_delete=models.PROTECT, related_name="documents")
    signer = models.CharField(_("người, cơ quan ký"), max_length=200)
    signed_at = models.DateTimeField(_("ký lúc"))
    size = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("giấy tờ đã ký số")
        verbose_name_plural = _("giấy tờ đã ký số")
        ordering = ["-signed_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.dossier_code} {self.signed_at:%Y-%m-%d %H:%M}"
