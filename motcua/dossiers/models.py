"""Dossiers, their steps, pauses and the append-only event log (the control sheet, form 05,
and the register, form 06). State changes happen only in ``services``."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce
from django.db.models.lookups import IsNull
from django.utils.translation import gettext_lazy as _

from motcua.core.models import AppendOnlyModel

from . import machine
from .choices import ApplicantKind, Channel, Sex, State, StepStatus


class Dossier(models.Model):
    # Set on a dossier just received: (version, steps, events), so its 201 answer need not read them back.
    fresh_timeline: tuple[int, list, list] | None = None
    public_id = models.UUIDField(_("mã nộp hồ sơ"), default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("mã hồ sơ"), max_length=40, unique=True, null=True, blank=True)
    lookup_secret = models.CharField(_("mã tra cứu"), max_length=16, blank=True)
    national_code = models.CharField(
        _("mã hồ sơ trên Cổng DVCQG"),
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Hồ sơ nộp trên Cổng dịch vụ công quốc gia: mã của Cổng, giữ bên cạnh mã của tỉnh (docs/rules.md mục 7.1)."),
    )
    procedure = models.ForeignKey("catalog.Procedure", verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="dossiers")
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion", verbose_name=_("phiên bản thủ tục"), on_delete=models.PROTECT, related_name="dossiers"
    )
    route = models.ForeignKey(
        "catalog.Route", verbose_name=_("quy trình"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    receiving_agency = models.ForeignKey(
        "organisations.Agency", verbose_name=_("nơi tiếp nhận"), on_delete=models.PROTECT, related_name="received_dossiers"
    )
    competent_agency = models.ForeignKey(
        "organisations.Agency", verbose_name=_("cơ quan giải quyết"), on_delete=models.PROTECT, related_name="competent_dossiers"
    )
    current_agency = models.ForeignKey(
        "organisations.Agency", verbose_name=_("cơ quan đang giữ hồ sơ"), on_delete=models.PROTECT, related_name="held_dossiers"
    )
    current_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ đang xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_dossiers",
    )
    current_step = models.PositiveSmallIntegerField(_("bước hiện tại"), default=0)
    transfer_origin = models.ForeignKey(
        "organisations.Agency", verbose_name=_("chuyển liên thông từ"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    transfer_accepted_at = models.DateTimeField(_("cơ quan liên thông tiếp nhận lúc"), null=True, blank=True)
    branches_open = models.PositiveSmallIntegerField(
        _("số bước song song đang mở"), default=0, help_text=_("Các bước cùng nhóm song song đang xử lý (docs/rules.md mục 1.3).")
    )
    channel = models.CharField(_("kênh nộp"), max_length=10, choices=Channel.choices)

    applicant_kind = models.CharField(_("loại người nộp"), max_length=10, choices=ApplicantKind.choices, default=ApplicantKind.PERSON)
    applicant_name = models.CharField(_("họ tên / tên tổ chức"), max_length=200)
    applicant_id_number = models.CharField(_("số định danh / mã số thuế"), max_length=20, db_index=True)
    applicant_birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    applicant_sex = models.CharField(_("giới tính"), max_length=6, choices=Sex.choices, blank=True)
    applicant_phone = models.CharField(_("điện thoại"), max_length=16, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    applicant_unit = models.ForeignKey(
        "organisations.AdministrativeUnit",
        verbose_name=_("đơn vị hành chính"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    components = models.JSONField(_("thành phần đã nộp"), default=list, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản người nộp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_dossiers",
        help_text=_("Tài khoản cổng dịch vụ công đã nộp hồ sơ; chỉ người này xem được hồ sơ trên cổng."),
    )
    pickup_address = models.CharField(_("địa chỉ nhận hồ sơ (bưu chính)"), max_length=300, blank=True)
    result_address = models.CharField(_("địa chỉ nhận kết quả (bưu chính)"), max_length=300, blank=True)
    sets = models.PositiveSmallIntegerField(_("số bộ hồ sơ"), default=1)

    state = models.CharField(_("trạng thái"), max_length=24, choices=State.choices, db_index=True)
    national_status = models.PositiveSmallIntegerField(_("mã trạng thái DVCQG"), db_index=True)
    submitted_at = models.DateTimeField(_("nộp lúc"))
    received_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True, db_index=True)
    due_at = models.DateTimeField(_("hạn giải quyết"), null=True, blank=True, db_index=True)
    original_due_at = models.DateTimeField(_("hạn ban đầu khi tiếp nhận"), null=True, blank=True)
    appointment_at = models.DateTimeField(_("ngày hẹn lại (sau xin lỗi)"), null=True, blank=True)
    clock_paused_at = models.DateTimeField(
        _("tạm dừng tính thời gian từ"), null=True, blank=True, help_text=_("Yêu cầu bổ sung đang chờ: thời điểm yêu cầu (dossiers.clock).")
    )
    risk_from = models.DateTimeField(
        _("có nguy cơ trễ hạn từ"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Thời điểm phần việc còn lại theo định mức vượt quá thời gian còn lại (dossiers.clock)."),
    )
    risk_step = models.CharField(_("bước gây nguy cơ trễ hạn"), max_length=200, blank=True)
    resolved_at = models.DateTimeField(_("có kết quả lúc"), null=True, blank=True)
    returned_at = models.DateTimeField(_("trả kết quả lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    result_channel = models.CharField(_("hình thức nhận kết quả"), max_length=10, choices=Channel.choices, blank=True)
    supplement_count = models.PositiveSmallIntegerField(_("số lần yêu cầu bổ sung"), default=0)
    apology_count = models.PositiveSmallIntegerField(_("số lần xin lỗi"), default=0)
    fee_amount = models.PositiveBigIntegerField(_("số tiền phải nộp"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("đánh giá"), null=True, blank=True)
    rating_criteria = models.JSONField(_("tiêu chí đánh giá"), default=dict, blank=True)
    rated_at = models.DateTimeField(_("đánh giá lúc"), null=True, blank=True)
    register_number = models.PositiveIntegerField(_("số vào sổ"), null=True, blank=True)
    imported = models.BooleanField(_("chuyển đổi từ hệ thống cũ"), default=False)
    version = models.PositiveIntegerField(_("phiên bản bản ghi"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["current_agency", "state", "due_at"], name="dossier_agency_state_due"),
            models.Index(fields=["receiving_agency", "received_at"], name="dossier_receiving_received"),
            models.Index(fields=["competent_agency", "received_at"], name="dossier_competent_received"),
            # Open dossiers by due time (overdue and nearly-due lists, alerts): only the open ones
            # are indexed, so the list never walks the millions of finished dossiers.
            models.Index(
                fields=["due_at", "id"],
                name="dossier_open_due",
                condition=models.Q(state__in=["received", "processing", "supplement_requested", "awaiting_payment"]),
            ),
            # Every dossier a work queue lists (submitted or open) with each column the queues'
            # filters read: their counts (the menu's badges, the home page) are read from this
            # index alone, never from the table, however far apart the open dossiers lie in it.
            models.Index(
                fields=["state"],
                include=[
                    "id",
                    "receiving_agency",
                    "current_agency",
                    "current_assignee",
                    "branches_open",
                    "due_at",
                    "clock_paused_at",
                    "risk_from",
                ],
                name="dossier_queues",
                condition=models.Q(state__in=["submitted", "received", "processing", "supplement_requested", "awaiting_payment"]),
            ),
            # Results waiting to be handed back, by receiving agency: the "to return" queue's
            # count reads only this index, however many results were never collected.
            models.Index(fields=["receiving_agency", "id"], name="dossier_resolved_receiving", condition=models.Q(state="resolved")),
            # By the moment the dossier was settled: its result (or the return, when only that is
            # recorded), or its closing when it was withdrawn, stopped or refused without one. A
            # report figure of dossiers settled in its period lists them from the end of the
            # period backwards. Only settled dossiers: a list of open ones never reads it, and
            # walks the receptions backwards instead. The planner's statistics of the moment are
            # kept by the migration that makes it (a partial index's are not).
            models.Index(
                Coalesce("resolved_at", "returned_at", "closed_at"),
                F("id"),
                name="dossier_settled",
                condition=models.Q(IsNull(Coalesce("resolved_at", "returned_at", "closed_at"), False)),
            ),
        ]

    def __str__(self) -> str:
        return self.code or str(self.public_id)

    @property
    def appointment(self):
        """What the applicant was told last: the apology's new appointment, else the due time."""
        return self.appointment_at or self.due_at


class DossierCounter(models.Model):
    """The daily sequence of dossier codes per receiving agency."""

    agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    series = models.CharField(max_length=10, default="", blank=True)  # "": dossier codes; "HDHS": form 02 numbers (yearly)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "series", "day"], name="unique_counter_agency_series_day")]


class DossierStep(models.Model):
    """One stretch of a dossier at one step of its route (or at a partner agency)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="steps")
    position = models.PositiveSmallIntegerField(_("bước số"))
    name = models.CharField(_("tên bước"), max_length=200)
    kind = models.CharField(_("loại bước"), max_length=15)
    agency = models.ForeignKey("organisations.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cán bộ"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("bắt đầu"))
    ended_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    quota_minutes = models.PositiveIntegerField(_("định mức (phút làm việc)"), null=True, blank=True)
    used_minutes = models.PositiveIntegerField(_("thực tế (phút làm việc)"), null=True, blank=True)
    status = models.CharField(_("tình trạng"), max_length=10, choices=StepStatus.choices, default=StepStatus.OPEN)
    parallel_group = models.PositiveSmallIntegerField(_("nhóm song song"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("cơ quan thực hiện tiếp nhận lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("bước xử lý hồ sơ")
        verbose_name_plural = _("bước xử lý hồ sơ")
        ordering = ["dossier", "started_at", "id"]
        indexes = [
            # The open branches of parallel steps, by agency: the queues read them beside the
            # dossier's holding agency, without walking the closed steps.
            models.Index(
                fields=["agency", "dossier"],
                name="dossierstep_open_branch",
                condition=models.Q(ended_at__isnull=True, parallel_group__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier} #{self.position} {self.name}"

    @property
    def is_branch(self) -> bool:
        return self.parallel_group is not None

    @property
    def overrun_minutes(self) -> int:
        if self.quota_minutes is None or self.used_minutes is None:
            return 0
        return max(self.used_minutes - self.quota_minutes, 0)


class DossierPause(models.Model):
    """A supplement request during processing: the clock stops from ``start`` to ``end``."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="pauses")
    start = models.DateTimeField(_("tạm dừng từ"))
    end = models.DateTimeField(_("đến"), null=True, blank=True)
    reason = models.CharField(_("lý do"), max_length=500, blank=True)

    class Meta:
        ordering = ["dossier", "start"]


class DossierEvent(AppendOnlyModel):
    """One line of the control sheet: who did what, when, from which step and agency to which."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField(_("thứ tự"))
    action = models.CharField(_("thao tác"), max_length=24)
    at = models.DateTimeField(_("thời điểm"))
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(_("người thực hiện (ghi rõ)"), max_length=200, blank=True)
    agency = models.ForeignKey(
        "organisations.Agency", verbose_name=_("cơ quan"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_state = models.CharField(_("từ trạng thái"), max_length=24, blank=True)
    to_state = models.CharField(_("sang trạng thái"), max_length=24)
    from_step = models.PositiveSmallIntegerField(_("từ bước"), null=True, blank=True)
    to_step = models.PositiveSmallIntegerField(_("sang bước"), null=True, blank=True)
    from_agency = models.ForeignKey(
        "organisations.Agency", verbose_name=_("từ cơ quan"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_agency = models.ForeignKey(
        "organisations.Agency", verbose_name=_("đến cơ quan"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("ghi chú"), max_length=1000, blank=True)
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True)

    class Meta:
        verbose_name = _("sự kiện hồ sơ")
        verbose_name_plural = _("sự kiện hồ sơ")
        ordering = ["dossier", "seq"]
        constraints = [models.UniqueConstraint(fields=["dossier", "seq"], name="unique_dossier_event_seq")]

    def __str__(self) -> str:
        return f"{self.dossier} #{self.seq} {self.action}"

    @property
    def action_label(self) -> str:
        """The official name of the action (control sheet, national portal)."""
        return machine.action_label(self.action)

    @property
    def screen_label(self) -> str:
        """The name of the action on a screen, in its language."""
        return machine.action_title(self.action)


class DossierFile(models.Model):
    """A scanned component or a digitised result attached to the dossier. Served only through a
    view that checks the officer's scope, never from a public media URL."""

    class Kind(models.TextChoices):
        COMPONENT = "component", _("Thành phần hồ sơ")
        RESULT = "result", _("Kết quả giải quyết")
        OTHER = "other", _("Tài liệu khác")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="files")
    kind = models.CharField(_("loại tệp"), max_length=10, choices=Kind.choices, default=Kind.COMPONENT)
    component = models.CharField(_("thành phần hồ sơ"), max_length=500, blank=True)
    name = models.CharField(_("tên tệp"), max_length=200)
    file = models.FileField(_("tệp"), upload_to="dossiers/%Y/%m/", max_length=300)
    content_type = models.CharField(_("định dạng"), max_length=60)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"))
    digitised = models.BooleanField(
        _("bản số hóa"),
        default=False,
        help_text=_("Bản quét, chụp giấy tờ nộp trực tiếp, số hóa tại bộ phận một cửa (người, lúc: tải lên)."),
    )
    pages = models.PositiveSmallIntegerField(_("số trang"), null=True, blank=True)
    reused_from = models.CharField(
        _("dùng lại từ"), max_length=60, blank=True, help_text=_("Bản số hóa lấy từ kho dữ liệu của người nộp (hồ sơ gốc).")
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("lãnh đạo ký số"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("ký số lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tệp hồ sơ")
        verbose_name_plural = _("tệp hồ sơ")
        ordering = ["dossier", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class DossierAccess(AppendOnlyModel):
    """Someone of the staff opened the dossier, one of its files or forms (``docs/rules.md``
    §10): who, for which agency and in which role, when, what, and what led there. Never
    changed; the applicant sees the list (the agency and role, the officer's name only where
    the province decides so)."""

    class What(models.TextChoices):
        PAGE = "page", _("Xem hồ sơ")
        FILE = "file", _("Xem tệp của hồ sơ")
        FORM = "form", _("In phiếu, biểu mẫu")
        API = "api", _("Đọc hồ sơ qua API")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="accesses")
    at = models.DateTimeField(_("thời điểm"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        "organisations.Agency", verbose_name=_("cơ quan"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("vai trò"), max_length=20, blank=True)
    what = models.CharField(_("nội dung"), max_length=10, choices=What.choices)
    detail = models.CharField(_("chi tiết"), max_length=200, blank=True)
    reason = models.CharField(_("lý do"), max_length=40, blank=True)
    in_work = models.BooleanField(_("trong công việc đang làm"))

    class Meta:
        verbose_name = _("lượt truy cập hồ sơ")
        verbose_name_plural = _("lượt truy cập hồ sơ")
        indexes = [
            models.Index(fields=["dossier", "at"], name="dossier_access_by_dossier"),
            models.Index(fields=["agency", "at"], name="dossier_access_outside_work", condition=models.Q(in_work=False)),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.what} {self.at:%d/%m/%Y %H:%M}"
