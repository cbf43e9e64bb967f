"""The notification outbox: a message is a row before it is anything else. It is written in
the same transaction as the change that causes it and delivered afterwards by the job runner;
a provider that is down delays a message, never loses it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.revisions import WatchedQuerySet
from motcua.jobs.models import OutboxRow

from .choices import Medium


class NotificationTemplate(models.Model):
    """The text of one kind of message on one medium (Django template syntax; the variables of
    each key are listed in ``services.TEMPLATE_VARIABLES``). Editable by administrators."""

    key = models.CharField(_("loại thông báo"), max_length=60)
    medium = models.CharField(_("kênh"), max_length=10, choices=Medium.choices)
    subject = models.CharField(_("tiêu đề (thư điện tử)"), max_length=200, blank=True)
    body = models.TextField(_("nội dung"))
    is_active = models.BooleanField(_("đang dùng"), default=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = WatchedQuerySet.as_manager()

    class Meta:
        verbose_name = _("mẫu thông báo")
        verbose_name_plural = _("mẫu thông báo")
        ordering = ["key", "medium"]
        constraints = [models.UniqueConstraint(fields=["key", "medium"], name="unique_notification_template")]

    def __str__(self) -> str:
        return f"{self.key} ({self.get_medium_display()})"


class Message(OutboxRow):
    """An e-mail or SMS to send (an outbox of ``jobs.outbox``; its key is the provider's
    message id, so a retry after a lost answer can be dropped by the provider)."""

    medium = models.CharField(_("kênh"), max_length=10, choices=Medium.choices)
    recipient = models.CharField(_("người nhận"), max_length=254)
    subject = models.CharField(_("tiêu đề"), max_length=200, blank=True)
    body = models.TextField(_("nội dung"))
    template_key = models.CharField(_("loại thông báo"), max_length=60, blank=True)
    attachment = models.FileField(_("tệp đính kèm"), upload_to="notifications/%Y/%m/", max_length=300, blank=True)
    attachment_name = models.CharField(_("tên tệp đính kèm"), max_length=200, blank=True)
    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("hồ sơ"), null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    provider_ref = models.CharField(_("mã của nhà cung cấp"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="message_due")]

    def __str__(self) -> str:
        return f"{self.get_medium_display()} → {self.recipient}: {self.subject or self.body[:40]}"
