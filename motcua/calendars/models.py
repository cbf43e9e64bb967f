"""The working calendar as data: exceptions to the Monday-Friday week, per year, and office
hours per agency with effective dates. Administrators edit them; who/when is recorded."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import DayKind, DaySource


class Tracked(models.Model):
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("sửa lúc"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người sửa"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True


class CalendarYear(Tracked):
    year = models.PositiveIntegerField(_("năm"), unique=True)
    confirmed = models.BooleanField(_("đã xác nhận"), default=False)
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người xác nhận"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("năm lịch")
        verbose_name_plural = _("năm lịch")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(Tracked):
    """A Monday-Friday day off, or a weekend day that is worked (swapped)."""

    date = models.DateField(_("ngày"))
    kind = models.CharField(_("loại"), max_length=20, choices=DayKind.choices)
    reason = models.CharField(_("lý do"), max_length=255)
    confirmed = models.BooleanField(_("đã xác nhận"), default=False)
    source = models.CharField(_("nguồn"), max_length=20, choices=DaySource.choices, default=DaySource.ADMIN)
    agency = models.ForeignKey(
        "organisations.Agency",
        verbose_name=_("áp dụng riêng cho cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Để trống: áp dụng toàn quốc. Chọn cơ quan: áp dụng cho cơ quan và các cơ quan trực thuộc."),
    )

    class Meta:
        verbose_name = _("ngày nghỉ / làm bù")
        verbose_name_plural = _("ngày nghỉ / làm bù")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["date", "agency"], name="unique_calendar_day_agency"),
            models.UniqueConstraint(fields=["date"], condition=models.Q(agency__isnull=True), name="unique_calendar_day_national"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}: {self.reason}"


class OfficeHours(Tracked):
    """Office periods from ``effective_from`` on, for one agency (and its sub-agencies) or the default."""

    agency = models.ForeignKey("organisations.Agency", verbose_name=_("cơ quan"), null=True, blank=True, on_delete=models.PROTECT)
    effective_from = models.DateField(_("áp dụng từ"))
    morning_start = models.TimeField(_("sáng từ"), default="07:30")
    morning_end = models.TimeField(_("sáng đến"), default="11:30")
    afternoon_start = models.TimeField(_("chiều từ"), default="13:30")
    afternoon_end = models.TimeField(_("chiều đến"), default="17:00")

    class Meta:
        verbose_name = _("giờ làm việc")
        verbose_name_plural = _("giờ làm việc")
        ordering = ["agency_id", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "effective_from"], name="unique_office_hours_agency_date"),
            models.UniqueConstraint(
                fields=["effective_from"], condition=models.Q(agency__isnull=True), name="unique_office_hours_default_date"
            ),
        ]

    def __str__(self) -> str:
        morning, afternoon = (
            f"{self.morning_start:%H:%M}-{self.morning_end:%H:%M}",
            f"{self.afternoon_start:%H:%M}-{self.afternoon_end:%H:%M}",
        )
        return f"{morning}, {afternoon} từ {self.effective_from:%d/%m/%Y}"
