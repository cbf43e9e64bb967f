from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import DeliveryState


class PeriodicJobRun(models.Model):
    """One row per periodic job and time slot. The unique constraint is what makes a periodic
    job run once per slot, however many schedulers run and however often they restart."""

    name = models.CharField(_("tác vụ"), max_length=200)
    slot = models.DateTimeField(_("kỳ chạy"))
    enqueued_at = models.DateTimeField(_("đưa vào hàng đợi lúc"), default=timezone.now)
    task_result_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("lượt chạy định kỳ")
        verbose_name_plural = _("lượt chạy định kỳ")
        ordering = ["-slot"]
        constraints = [models.UniqueConstraint(fields=["name", "slot"], name="unique_periodic_slot")]

    def __str__(self) -> str:
        return f"{self.name} @ {self.slot:%Y-%m-%d %H:%M}"


class OutboxRow(models.Model):
    """What every outbox row has (``jobs.outbox``): a stable key the counterpart can use to
    drop a repeat, the delivery state, the attempts and the claim of the worker sending it.
    A claim is live while its worker's heartbeat renews ``claimed_at``."""

    key = models.CharField(_("khóa gửi (chống gửi trùng)"), max_length=160, unique=True)
    state = models.CharField(_("tình trạng"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    next_attempt_at = models.DateTimeField(_("gửi lần tới lúc"), default=timezone.now)
    claimed_at = models.DateTimeField(_("bắt đầu gửi lúc"), null=True, blank=True)
    claimed_by = models.CharField(_("tiến trình đang gửi"), max_length=80, blank=True)
    last_error = models.CharField(_("lỗi gần nhất"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    sent_at = models.DateTimeField(_("gửi thành công lúc"), null=True, blank=True)

    class Meta:
        abstract = True


class WorkerBeat(models.Model):
    """A running job worker and the last time it said it was alive. A RUNNING job of a worker
    that has stopped beating is recovered (``services.recover_orphans``)."""

    worker_id = models.CharField(_("tiến trình"), max_length=80, unique=True)
    host = models.CharField(_("máy"), max_length=100, blank=True)
    pid = models.PositiveIntegerField(_("PID"), default=0)
    started_at = models.DateTimeField(_("khởi động lúc"), default=timezone.now)
    seen_at = models.DateTimeField(_("còn chạy lúc"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("tiến trình tác vụ nền")
        verbose_name_plural = _("tiến trình tác vụ nền")
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return self.worker_id


class Export(models.Model):
    """A file (Excel or PDF) made in the job worker for the person who asked for it: its
    progress, then the file, kept ``EXPORT_KEEP_DAYS`` days (``jobs.exports``)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Không tạo được")
        EXPIRED = "expired", _("Đã hết hạn lưu")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người yêu cầu"), on_delete=models.CASCADE, related_name="exports")
    kind = models.CharField(_("loại"), max_length=60)
    title = models.CharField(_("tên"), max_length=300)
    params = models.JSONField(_("tham số"), default=dict)
    state = models.CharField(_("tình trạng"), max_length=10, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(_("đã xử lý"), default=0)
    total = models.PositiveIntegerField(_("tổng số"), null=True, blank=True)
    file = models.FileField(_("tệp"), upload_to="exports/%Y/%m/", max_length=300, blank=True)
    filename = models.CharField(_("tên tệp"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    error = models.CharField(_("lỗi"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("yêu cầu lúc"), default=timezone.now)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    expires_at = models.DateTimeField(_("lưu đến"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("tệp xuất")
        verbose_name_plural = _("tệp xuất")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="export_owner_recent")]

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return min(99, round(100 * self.done / self.total)) if self.total else 0
