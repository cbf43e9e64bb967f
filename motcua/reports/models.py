"""Data of the reports domain: the service index's indicators (formulas chosen from the ones
our data can compute, with points and thresholds as data), targets per agency and year, and
scheduled report subscriptions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import Formula


class IndexIndicator(models.Model):
    """One indicator of the real-time service index (Decision 766/QĐ-TTg): full points at or
    above the threshold, linear below it."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    group = models.PositiveSmallIntegerField(_("nhóm"))
    group_name = models.CharField(_("tên nhóm"), max_length=100)
    name = models.CharField(_("chỉ tiêu"), max_length=300)
    formula = models.CharField(_("cách tính"), max_length=30, choices=Formula.choices)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=5, decimal_places=2)
    threshold = models.DecimalField(_("ngưỡng đạt điểm tối đa (%)"), max_digits=5, decimal_places=2, default=100)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("chỉ tiêu bộ chỉ số phục vụ")
        verbose_name_plural = _("chỉ tiêu bộ chỉ số phục vụ")
        ordering = ["group", "position", "code"]

    def __str__(self) -> str:
        return self.name


class Target(models.Model):
    """A leader's target for an agency and year (percent)."""

    agency = models.ForeignKey("organisations.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="targets")
    year = models.PositiveSmallIntegerField(_("năm"))
    formula = models.CharField(_("chỉ tiêu"), max_length=30, choices=Formula.choices)
    value = models.DecimalField(_("mục tiêu (%)"), max_digits=5, decimal_places=2)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người đặt"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("mục tiêu")
        ordering = ["agency", "year", "formula"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "formula"], name="unique_target")]

    def __str__(self) -> str:
        return f"{self.agency} {self.year} {self.get_formula_display()} ≥ {self.value}%"


class Subscription(models.Model):
    """A leader who receives the settlement report by e-mail each week, month or quarter."""

    class Frequency(models.TextChoices):
        WEEKLY = "week", _("Hằng tuần")
        MONTHLY = "month", _("Hằng tháng")
        QUARTERLY = "quarter", _("Hằng quý")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE, related_name="report_subscriptions"
    )
    agency = models.ForeignKey("organisations.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+")
    frequency = models.CharField(_("định kỳ"), max_length=10, choices=Frequency.choices)
    group_by = models.CharField(_("theo"), max_length=10, default="agency")
    layout = models.CharField(_("mẫu biểu"), max_length=10, default="official")
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("đăng ký nhận báo cáo")
        verbose_name_plural = _("đăng ký nhận báo cáo")

    def __str__(self) -> str:
        return f"{self.user} – {self.agency} – {self.get_frequency_display()}"


class DossierFact(models.Model):
    """What a dossier last added to the report figures (``facts.timeline.Inputs`` and the keys it
    was counted under), kept by every dossier event: the next event subtracts what this gave
    and adds what the new inputs give (``facts.store``). Keys are ids, 0 for none."""

    dossier = models.OneToOneField("dossiers.Dossier", on_delete=models.CASCADE, primary_key=True, related_name="+")
    receiving = models.PositiveIntegerField(default=0)
    competent = models.PositiveIntegerField(default=0)
    current = models.PositiveIntegerField(default=0)
    procedure = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=24)
    channel = models.CharField(max_length=10, blank=True)
    result_channel = models.CharField(max_length=10, blank=True)
    received_at = models.DateTimeField(null=True)
    resolved_at = models.DateTimeField(null=True)
    returned_at = models.DateTimeField(null=True)
    closed_at = models.DateTimeField(null=True)
    due_at = models.DateTimeField(null=True, db_index=True)
    pauses = models.JSONField(default=list)  # [[action, iso moment], ...]
    supplement_count = models.PositiveSmallIntegerField(default=0)
    negative = models.BooleanField(default=False)
    digitised = models.BooleanField(default=False)
    reused = models.BooleanField(default=False)
    synced = models.BooleanField(default=False)
    vneid = models.BooleanField(default=False)
    component_files = models.PositiveIntegerField(default=0)
    files_from_store = models.PositiveIntegerField(default=0)
    electronic = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("dữ kiện báo cáo của hồ sơ")
        verbose_name_plural = _("dữ kiện báo cáo của hồ sơ")


class CellMeasures(models.Model):
    """The figures summed in a report cell (``facts.timeline.MEASURES``), one column each."""

    received = models.IntegerField(default=0)
    received_online = models.IntegerField(default=0)
    received_counter = models.IntegerField(default=0)
    received_postal = models.IntegerField(default=0)
    resolved_total = models.IntegerField(default=0)
    resolved_early = models.IntegerField(default=0)
    resolved_on_time = models.IntegerField(default=0)
    resolved_late = models.IntegerField(default=0)
    withdrawn = models.IntegerField(default=0)
    stopped = models.IntegerField(default=0)
    refused = models.IntegerField(default=0)
    returned = models.IntegerField(default=0)
    returned_postal = models.IntegerField(default=0)
    open = models.IntegerField(default=0)
    paused = models.IntegerField(default=0)
    held = models.IntegerField(default=0)
    ran_out = models.IntegerField(default=0)
    running_overdue = models.IntegerField(default=0)
    running_not_due = models.IntegerField(default=0)
    results = models.IntegerField(default=0)
    strict_resolved = models.IntegerField(default=0)
    resolved_negative = models.IntegerField(default=0)
    strict_held = models.IntegerField(default=0)
    strict_running_not_due = models.IntegerField(default=0)
    digitised = models.IntegerField(default=0)
    reused = models.IntegerField(default=0)
    synced = models.IntegerField(default=0)
    vneid = models.IntegerField(default=0)
    component_files = models.IntegerField(default=0)
    files_from_store = models.IntegerField(default=0)
    electronic_results = models.IntegerField(default=0)

    class Meta:
        abstract = True


class CellKeys(models.Model):
    """The ids a cell is counted under (0: a key its dimension does not keep)."""

    receiving = models.PositiveIntegerField()
    competent = models.PositiveIntegerField()
    current = models.PositiveIntegerField()
    procedure = models.PositiveIntegerField()

    class Meta:
        abstract = True


class ReportCell(CellKeys, CellMeasures):
    """The sum of the contributions of the dossiers with the same keys (along one dimension) on
    one day (grain ``d``), one month (``m``, dated its first day) or of all time (``t``,
    snapshot measures only), so a period reads whole months and its partial edges
    (``facts.read``)."""

    DAY, MONTH, TOTAL = "d", "m", "t"
    # The keys a cell sums over (the others are 0): the receiving agency; the competent agency;
    # the holding agency; the receiving agency and the procedure; the procedure alone
    # (``facts.store.DIMENSIONS``).
    dim = models.CharField(max_length=1)
    grain = models.CharField(max_length=1)
    day = models.DateField()

    class Meta:
        verbose_name = _("ô số liệu báo cáo")
        verbose_name_plural = _("ô số liệu báo cáo")
        constraints = [
            models.UniqueConstraint(
                fields=["dim", "grain", "day", "receiving", "competent", "current", "procedure"], name="unique_report_cell"
            )
        ]


class FactsStaging(CellKeys, CellMeasures):
    """What a rebuild's dossiers add, by their keys and a day (``day``, and ``month`` its first
    day), appended chunk by chunk without an index and summed into the cells along each
    dimension when the run ends (``facts.rebuild``)."""

    id = models.BigAutoField(primary_key=True)
    day = models.DateField()
    month = models.DateField()

    class Meta:
        verbose_name = _("số liệu tạm của lần dựng lại")
        verbose_name_plural = _("số liệu tạm của lần dựng lại")


class PendingFact(models.Model):
    """A dossier whose contribution to the report cells is to be brought up to date: one row
    written by each dossier event (a repeat adds nothing), applied by ``facts.store.drain``
    every minute and before a report reads the cells."""

    dossier = models.OneToOneField("dossiers.Dossier", on_delete=models.CASCADE, primary_key=True, related_name="+")
    queued_at = models.DateTimeField()

    class Meta:
        verbose_name = _("hồ sơ chờ cập nhật số liệu báo cáo")
        verbose_name_plural = _("hồ sơ chờ cập nhật số liệu báo cáo")


class FactsRebuild(models.Model):
    """The progress of ``manage.py rebuild_report_facts`` (one row): resumed where it stopped."""

    started_at = models.DateTimeField()
    last_dossier = models.BigIntegerField(default=0)
    done = models.BigIntegerField(default=0)
    finished_at = models.DateTimeField(null=True)
