from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.models import AppendOnlyModel
from motcua.core.revisions import WatchedQuerySet

from .choices import LoginOutcome, Role


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username


class Membership(models.Model):
    """A user's role in one agency. Scope covers the agency and its sub-agencies."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey("organisations.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("đang hiệu lực"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)

    objects = WatchedQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="unique_membership")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.agency}"


class ApiToken(models.Model):
    """A bearer token for integrations. Only a SHA-256 hash is stored; the token is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên"), max_length=100, blank=True)
    prefix = models.CharField(_("tiền tố"), max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    expires_at = models.DateTimeField(_("hết hạn"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"


class LoginAttempt(AppendOnlyModel):
    """One login attempt on the staff or the portal login (append-only): who was tried, from
    which address, and what came of it (``accounts.lockout``)."""

    at = models.DateTimeField(_("lúc"), default=timezone.now, db_index=True)
    username = models.CharField(_("tên đăng nhập đã nhập"), max_length=150, db_index=True)
    ip = models.CharField(_("địa chỉ"), max_length=45, db_index=True)
    outcome = models.CharField(_("kết quả"), max_length=10, choices=LoginOutcome.choices)
    portal = models.BooleanField(_("cổng dịch vụ công"), default=False)
    user_agent = models.CharField(_("trình duyệt"), max_length=200, blank=True)
    user_id = models.PositiveBigIntegerField(_("mã tài khoản"), null=True, blank=True)  # no foreign key: the log outlives accounts

    class Meta:
        verbose_name = _("lượt đăng nhập")
        verbose_name_plural = _("nhật ký đăng nhập")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.ip} {self.outcome}"
