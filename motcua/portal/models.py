"""The public portal: applicant accounts, online and postal submissions (drafts until sent),
rating criteria, and feedback/complaints (phản ánh, kiến nghị). Dossiers themselves live in
``dossiers``; a submission becomes one through ``dossiers.services.submit``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.choices import ApplicantKind, Channel

from .choices import FeedbackState, SubmissionState, Visibility


class ApplicantProfile(models.Model):
    """What makes a user an applicant on the portal (staff have memberships instead)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.CASCADE, related_name="applicant")
    kind = models.CharField(_("loại người nộp"), max_length=10, choices=ApplicantKind.choices, default=ApplicantKind.PERSON)
    id_number = models.CharField(_("số định danh / mã số thuế"), max_length=20, blank=True)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    email_verified_at = models.DateTimeField(_("xác thực thư điện tử lúc"), null=True, blank=True)
    phone_verified_at = models.DateTimeField(_("xác thực điện thoại lúc"), null=True, blank=True)
    oidc_subject = models.CharField(_("định danh tại nhà cung cấp định danh"), max_length=255, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("tài khoản người nộp")
        verbose_name_plural = _("tài khoản người nộp")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def verified(self) -> bool:
        return bool(self.email_verified_at or self.phone_verified_at or self.oidc_subject)


class VerificationCode(models.Model):
    """A one-time code sent by e-mail or SMS (through the outbox); only its hash is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    medium = models.CharField(max_length=10)
    destination = models.CharField(max_length=254)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class Submission(models.Model):
    """An online or postal submission being prepared (a draft survives logouts) and, once sent,
    the record of what was sent and the dossier it became."""

    reference = models.CharField(_("số tham chiếu"), max_length=20, unique=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nộp"), on_delete=models.PROTECT, related_name="submissions")
    procedure = models.ForeignKey("catalog.Procedure", verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("kênh nộp"), max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    receiving_agency = models.ForeignKey(
        "organisations.Agency", verbose_name=_("nơi nộp hồ sơ"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    applicant = models.JSONField(_("thông tin người nộp"), default=dict, blank=True)
    result_channel = models.CharField(_("hình thức nhận kết quả"), max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    result_address = models.CharField(_("địa chỉ nhận kết quả"), max_length=300, blank=True)
    pickup_address = models.CharField(_("địa chỉ bưu điện đến nhận hồ sơ"), max_length=300, blank=True)
    note = models.CharField(_("ghi chú"), max_length=1000, blank=True)
    state = models.CharField(_("tình trạng"), max_length=10, choices=SubmissionState.choices, default=SubmissionState.DRAFT)
    dossier = models.OneToOneField(
        "dossiers.Dossier", verbose_name=_("hồ sơ"), null=True, blank=True, on_delete=models.PROTECT, related_name="submission"
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    updated_at = models.DateTimeField(_("lưu lúc"), auto_now=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("hồ sơ nộp trực tuyến")
        verbose_name_plural = _("hồ sơ nộp trực tuyến")
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.reference


class SubmissionFile(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    component = models.CharField(_("thành phần hồ sơ"), max_length=500)
    name = models.CharField(_("tên tệp"), max_length=200)
    file = models.FileField(_("tệp"), upload_to="portal/%Y/%m/", max_length=300)
    content_type = models.CharField(_("định dạng"), max_length=60)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("tải lên lúc"), default=timezone.now)
    reused_from = models.CharField(
        _("dùng lại từ"), max_length=60, blank=True, help_text=_("Bản số hóa lấy từ kho dữ liệu của người nộp (hồ sơ gốc).")
    )

    class Meta:
        ordering = ["submission", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class RatingCriterion(models.Model):
    """One criterion of the satisfaction rating (configurable; six shipped by default)."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    label = models.CharField(_("tiêu chí"), max_length=200)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("tiêu chí đánh giá")
        verbose_name_plural = _("tiêu chí đánh giá")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.label


class FeedbackCategory(models.Model):
    """A kind of feedback with its own handling time in working days (data, not code)."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("loại"), max_length=200)
    due_working_days = models.PositiveSmallIntegerField(_("thời hạn xử lý (ngày làm việc)"), default=10)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("loại phản ánh, kiến nghị")
        verbose_name_plural = _("loại phản ánh, kiến nghị")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Feedback(models.Model):
    """Phản ánh, kiến nghị: filed at any time, routed to the responsible agency, answered
    publicly or privately before its own due time."""

    reference = models.CharField(_("số phản ánh"), max_length=20, unique=True)
    category = models.ForeignKey(FeedbackCategory, verbose_name=_("loại"), on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    author_name = models.CharField(_("họ tên"), max_length=150)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=16, blank=True)
    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("hồ sơ liên quan"), null=True, blank=True, on_delete=models.PROTECT, related_name="feedback"
    )
    agency = models.ForeignKey("organisations.Agency", verbose_name=_("cơ quan xử lý"), on_delete=models.PROTECT, related_name="feedback")
    title = models.CharField(_("tiêu đề"), max_length=200)
    content = models.TextField(_("nội dung"), max_length=5000)
    submitted_at = models.DateTimeField(_("gửi lúc"), default=timezone.now)
    due_at = models.DateTimeField(_("hạn trả lời"))
    state = models.CharField(_("tình trạng"), max_length=10, choices=FeedbackState.choices, default=FeedbackState.NEW)
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    visibility = models.CharField(_("công khai trả lời"), max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người trả lời"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["agency", "state", "due_at"], name="feedback_agency_state_due")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def overdue(self) -> bool:
        return self.state == FeedbackState.NEW and self.due_at < timezone.now()
