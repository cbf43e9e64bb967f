"""The transactional outbox towards outside systems, the mapping tables, postal orders,
payments and the replay guard of signed callbacks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.jobs.models import OutboxRow

from .choices import IntakeState, PaymentState, PostalKind, PostalState, Target


class OutboxMessage(OutboxRow):
    """One outbound call (an outbox of ``jobs.outbox``), written in the transaction of the
    change that causes it. Delivered in ``seq`` order per (target, dossier); the counterpart
    receives ``key`` and drops a repeat."""

    target = models.CharField(_("hệ thống nhận"), max_length=10, choices=Target.choices)
    kind = models.CharField(_("loại"), max_length=30)
    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("hồ sơ"), null=True, blank=True, on_delete=models.PROTECT, related_name="outbox", db_index=False
    )  # covered by outbox_order
    seq = models.PositiveIntegerField(_("thứ tự trong hồ sơ"), default=0)
    event_seq = models.PositiveIntegerField(_("sự kiện của hồ sơ"), null=True, blank=True)
    payload = models.JSONField(_("nội dung"), default=dict, blank=True, help_text=_("Trống: dựng khi gửi từ hồ sơ và sự kiện."))
    response = models.JSONField(_("phản hồi"), default=dict, blank=True)

    class Meta:
        verbose_name = _("tin gửi hệ thống ngoài")
        verbose_name_plural = _("tin gửi hệ thống ngoài")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["dossier", "target", "seq"], name="outbox_order"),
        ]

    def __str__(self) -> str:
        return f"{self.get_target_display()} {self.kind} {self.key}"


class StatusMapping(models.Model):
    """Our value → the counterpart's code (status, channel, result form), editable data."""

    target = models.CharField(_("hệ thống"), max_length=10, choices=Target.choices, default=Target.NATIONAL_PORTAL)
    field = models.CharField(_("trường"), max_length=20)  # state | channel | result_channel | applicant_kind
    ours = models.CharField(_("giá trị của motcua"), max_length=30)
    theirs = models.CharField(_("mã của hệ thống ngoài"), max_length=30)

    class Meta:
        verbose_name = _("bảng mã đối chiếu")
        verbose_name_plural = _("bảng mã đối chiếu")
        constraints = [models.UniqueConstraint(fields=["target", "field", "ours"], name="unique_mapping")]

    def __str__(self) -> str:
        return f"{self.field}: {self.ours} → {self.theirs}"


class PostalOrder(models.Model):
    dossier = models.ForeignKey("dossiers.Dossier", verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="postal_orders")
    kind = models.CharField(_("loại"), max_length=10, choices=PostalKind.choices)
    reference = models.CharField(_("mã yêu cầu"), max_length=40, unique=True)
    address = models.CharField(_("địa chỉ"), max_length=300)
    waybill = models.CharField(_("mã vận đơn"), max_length=40, blank=True, db_index=True)
    state = models.CharField(_("tình trạng"), max_length=12, choices=PostalState.choices, default=PostalState.REQUESTED)
    fee = models.PositiveIntegerField(_("cước (đồng)"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    picked_up_at = models.DateTimeField(_("bưu điện nhận lúc"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("phát thành công lúc"), null=True, blank=True)
    history = models.JSONField(_("hành trình"), default=list, blank=True)

    class Meta:
        verbose_name = _("đơn bưu chính")
        verbose_name_plural = _("đơn bưu chính")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.waybill or self.reference}"


class Payment(models.Model):
    dossier = models.ForeignKey("dossiers.Dossier", verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="payments")
    reference = models.CharField(_("mã thanh toán"), max_length=40, unique=True)
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    state = models.CharField(_("tình trạng"), max_length=10, choices=PaymentState.choices, default=PaymentState.PENDING)
    channel = models.CharField(_("kênh thanh toán"), max_length=30, blank=True)
    pay_url = models.URLField(_("đường dẫn thanh toán"), max_length=500, blank=True)
    transaction_id = models.CharField(_("mã giao dịch"), max_length=60, blank=True)
    receipt_number = models.CharField(_("số biên lai điện tử"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    paid_at = models.DateTimeField(_("thanh toán lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thanh toán")
        verbose_name_plural = _("thanh toán")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.reference} {self.amount} đ ({self.get_state_display()})"


class CallbackNonce(models.Model):
    """A signed callback's nonce, kept so a replay is recognised and changes nothing."""

    source = models.CharField(max_length=10, choices=Target.choices)
    nonce = models.CharField(max_length=80)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "nonce"], name="unique_callback_nonce")]


class IntegrationKey(models.Model):
    """An API key of another system: scopes, a rate limit, request logging."""

    name = models.CharField(_("hệ thống"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(_("quyền"), default=list)
    rate = models.CharField(_("giới hạn"), max_length=20, default="120/m")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản dịch vụ"),
        on_delete=models.PROTECT,
        related_name="integration_key",
        help_text=_("Tài khoản đại diện hệ thống kết nối; phạm vi cơ quan theo phân công của tài khoản này."),
    )
    is_active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("khóa kết nối")
        verbose_name_plural = _("khóa kết nối")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class RequestLog(models.Model):
    key = models.ForeignKey(IntegrationKey, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests")
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=300)
    status = models.PositiveSmallIntegerField()
    at = models.DateTimeField(default=timezone.now, db_index=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at"]


class PortalIntake(models.Model):
    """One dossier submitted on the national portal, as it reached us (pulled or pushed), once
    per national code however often it is delivered (docs/rules.md section 7.1). Accepted: it
    became a dossier in the reception queue. Quarantined: something in it is wrong (the reason is
    kept, nothing was created) until an administrator retries it or dismisses it."""

    national_code = models.CharField(_("mã hồ sơ trên Cổng DVCQG"), max_length=80, unique=True)
    payload = models.JSONField(_("nội dung Cổng gửi"), default=dict)
    state = models.CharField(_("tình trạng"), max_length=12, choices=IntakeState.choices, db_index=True)
    agency_code = models.CharField(_("mã nơi tiếp nhận"), max_length=40, blank=True, db_index=True)  # MaDonVi as sent
    reason = models.TextField(_("lý do cách ly"), blank=True)
    reason_en = models.TextField(blank=True)
    dossier = models.OneToOneField(
        "dossiers.Dossier", verbose_name=_("hồ sơ"), null=True, blank=True, on_delete=models.PROTECT, related_name="portal_intake"
    )
    via = models.CharField(_("nhận qua"), max_length=8, default="pull")  # pull | push
    deliveries = models.PositiveIntegerField(_("số lần Cổng gửi"), default=1)
    first_at = models.DateTimeField(_("nhận lần đầu"), default=timezone.now)
    last_at = models.DateTimeField(_("nhận lần cuối"), default=timezone.now)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    handled_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    note = models.TextField(_("ghi chú của quản trị"), blank=True)

    class Meta:
        verbose_name = _("hồ sơ nhận từ Cổng DVCQG")
        verbose_name_plural = _("hồ sơ nhận từ Cổng DVCQG")
        ordering = ["-last_at", "-id"]

    def __str__(self) -> str:
        return f"{self.national_code} ({self.get_state_display()})"
