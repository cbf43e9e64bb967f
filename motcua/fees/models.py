"""Fee receipts (biên lai thu phí, lệ phí): one book per collecting unit and year, numbered
through the year; a receipt is never changed once issued (docs/rules.md section 8)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.models import AppendOnlyModel

from .choices import Method


class ReceiptBook(models.Model):
    """The receipt series of a unit for a year. Its symbol and form code are the unit's to set
    (the administrator changes them in the admin before the first receipt of the year)."""

    agency = models.ForeignKey("organisations.Agency", verbose_name=_("đơn vị thu"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    form_code = models.CharField(_("mẫu số"), max_length=20, default="01BLP0-001")
    symbol = models.CharField(_("ký hiệu"), max_length=20)

    class Meta:
        verbose_name = _("quyển biên lai")
        verbose_name_plural = _("quyển biên lai")
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="unique_receipt_book_agency_year")]

    def __str__(self) -> str:
        return f"{self.symbol} ({self.year})"


class Receipt(AppendOnlyModel):
    book = models.ForeignKey(ReceiptBook, verbose_name=_("quyển biên lai"), on_delete=models.PROTECT, related_name="receipts")
    number = models.PositiveIntegerField(_("số"))
    agency = models.ForeignKey("organisations.Agency", verbose_name=_("đơn vị thu"), on_delete=models.PROTECT, related_name="+")
    dossier = models.ForeignKey("dossiers.Dossier", verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="receipts")
    payer_name = models.CharField(_("người nộp tiền"), max_length=200)
    payer_id_number = models.CharField(_("số định danh / mã số thuế người nộp"), max_length=20, blank=True)
    method = models.CharField(_("hình thức thanh toán"), max_length=10, choices=Method.choices)
    total = models.PositiveBigIntegerField(_("tổng số tiền (đồng)"))
    lines = models.JSONField(_("các khoản thu"), default=list)
    reference = models.CharField(_("mã giao dịch"), max_length=60, blank=True)
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thu"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    collected_at = models.DateTimeField(_("thu lúc"), db_index=True)

    class Meta:
        verbose_name = _("biên lai")
        verbose_name_plural = _("biên lai")
        ordering = ["-collected_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["book", "number"], name="unique_receipt_book_number")]

    def __str__(self) -> str:
        return self.display_number

    @property
    def display_number(self) -> str:
        return f"{self.book.symbol}-{self.number:07d}"
