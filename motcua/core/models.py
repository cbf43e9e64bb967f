"""The append-only audit trail shared by every domain.

Rows are only ever inserted. The model refuses updates and deletes, the admin is read-only, and
a database trigger (migration 0002) refuses UPDATE and DELETE on both SQLite and PostgreSQL, so
not even a raw query through the app can rewrite history.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import AuditCategory


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit row."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[override]
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} are append-only")

    def delete(self):  # type: ignore[override]
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} are append-only")


class AppendOnlyModel(models.Model):
    """Rows are inserted once and never changed or removed (the database refuses it too:
    ``core.append_only.operations`` in the table's migration)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{self._meta.label} rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{self._meta.label} rows are append-only")


class AuditEvent(AppendOnlyModel):
    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True, on_delete=models.PROTECT)
    category = models.CharField(_("nhóm"), max_length=20, choices=AuditCategory.choices)
    action = models.CharField(_("hành động"), max_length=64)
    object_type = models.CharField(_("loại đối tượng"), max_length=64, blank=True)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True, db_index=True)
    agency = models.ForeignKey("organisations.Agency", verbose_name=_("cơ quan"), null=True, blank=True, on_delete=models.PROTECT)
    summary = models.CharField(_("tóm tắt"), max_length=500, blank=True)
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True)

    class Meta:
        verbose_name = _("nhật ký kiểm tra")
        verbose_name_plural = _("nhật ký kiểm tra")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"


class Revision(models.Model):
    """The current version of a kind of reference data (agencies, the catalogue, notice
    templates). Every change of that data writes a new random token in its transaction; the
    process caches of ``core.revisions`` keep an entry only while the token they were filled
    under is still the one in the database. A token is never reused, so a change that rolls
    back can never make a stale entry look current again."""

    name = models.CharField(_("dữ liệu"), max_length=40, primary_key=True)
    token = models.CharField(_("phiên bản"), max_length=32)

    class Meta:
        verbose_name = _("phiên bản dữ liệu tham chiếu")
        verbose_name_plural = _("phiên bản dữ liệu tham chiếu")

    def __str__(self) -> str:
        return f"{self.name}: {self.token}"
