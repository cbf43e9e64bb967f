from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
