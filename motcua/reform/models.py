"""The PAR index: frameworks (a tree of fields, criteria and sub-criteria, per year and level
of assessed unit), assessment rounds, each unit's scores with their evidence, the appraisal
and survey scores, and the append-only trail of every score change."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils import timezone as tz
from django.utils.translation import gettext_lazy as _

from motcua.core.models import AppendOnlyModel

from .choices import Level


class Framework(models.Model):
    year = models.PositiveSmallIntegerField(_("năm"))
    level = models.CharField(_("cấp đánh giá"), max_length=12, choices=Level.choices)
    name = models.CharField(_("tên bộ chỉ số"), max_length=300)
    groups = models.JSONField(
        _("xếp loại"), default=list, help_text=_('[["A", 90], ["B", 80], ["C", 70], ["D", 0]]: nhóm và ngưỡng % tối thiểu.')
    )
    published = models.BooleanField(_("đã ban hành"), default=False)

    class Meta:
        verbose_name = _("bộ chỉ số CCHC")
        verbose_name_plural = _("bộ chỉ số CCHC")
        constraints = [models.UniqueConstraint(fields=["year", "level"], name="unique_framework_year_level")]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class Node(models.Model):
    """A component field, criterion or sub-criterion. Only sub-criteria (leaves) are scored."""

    class Kind(models.TextChoices):
        FIELD = "field", _("Lĩnh vực")
        CRITERION = "criterion", _("Tiêu chí")
        SUB = "sub", _("Tiêu chí thành phần")

    class Source(models.TextChoices):
        APPRAISED = "appraised", _("Tự đánh giá, thẩm định")
        SURVEY = "survey", _("Điều tra xã hội học")

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    code = models.CharField(_("mã"), max_length=20)
    name = models.CharField(_("nội dung"), max_length=500)
    max_score = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2)
    rule = models.CharField(_("cách chấm"), max_length=12, default="manual")
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    source = models.CharField(_("nguồn điểm"), max_length=10, choices=Source.choices, default=Source.APPRAISED)
    prefill = models.CharField(
        _("lấy từ dữ liệu một cửa"), max_length=30, blank=True, help_text=_("Mã chỉ tiêu của báo cáo (on_time_rate, online_share...).")
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["framework", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="unique_node_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Round(models.Model):
    """One year's assessment. The organiser (e.g. the Department of Home Affairs) runs it: its
    reform officers are the appraisal council."""

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="rounds")
    organiser = models.ForeignKey(
        "organisations.Agency", verbose_name=_("cơ quan tổ chức đánh giá"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField(_("hạn tự đánh giá"))
    reminder_days = models.JSONField(
        _("nhắc hạn trước (ngày)"),
        default=list,
        blank=True,
        help_text=_("Ví dụ [7, 3, 1]: nhắc các đơn vị chưa gửi 7, 3 và 1 ngày trước hạn, và mỗi ngày khi đã quá hạn."),
    )
    published_at = models.DateTimeField(_("công bố kết quả lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("đợt đánh giá")
        verbose_name_plural = _("đợt đánh giá")

    def __str__(self) -> str:
        return str(self.framework)


class Assessment(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Đang tự đánh giá")
        SUBMITTED = "submitted", _("Đã gửi thẩm định")
        APPRAISED = "appraised", _("Đã thẩm định")

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="assessments")
    agency = models.ForeignKey("organisations.Agency", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="par_assessments")
    state = models.CharField(_("tình trạng"), max_length=10, choices=State.choices, default=State.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    appraised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "agency"], name="unique_assessment")]


class EvidenceFile(models.Model):
    """A file of evidence (a decision, a plan, a report, a photo) kept for a unit's score or an
    inspection finding. Served only through a view that checks the unit's scope or the council."""

    agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    file = models.FileField(upload_to="reform/%Y/%m/", max_length=300)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)


class Score(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    node = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="+")
    value = models.JSONField(_("giá trị"), null=True, blank=True)
    self_score = models.DecimalField(_("điểm tự đánh giá"), max_digits=6, decimal_places=2, null=True, blank=True)
    evidence = models.JSONField(_("tài liệu kiểm chứng"), default=list, blank=True)
    appraised_score = models.DecimalField(_("điểm thẩm định"), max_digits=6, decimal_places=2, null=True, blank=True)
    appraisal_reason = models.CharField(_("lý do điều chỉnh"), max_length=1000, blank=True)
    sent_back = models.BooleanField(_("yêu cầu bổ sung minh chứng"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "node"], name="unique_score")]


class ScoreEvent(AppendOnlyModel):
    """Every score change, who made it, when and why."""

    score = models.ForeignKey(Score, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=20)
    before = models.CharField(max_length=20, blank=True)
    after = models.CharField(max_length=20, blank=True)
    reason = models.CharField(max_length=1000, blank=True)

    LABELS = {
        "self_score": _("Tự chấm"),
        "prefill": _("Số liệu một cửa"),
        "evidence": _("Minh chứng"),
        "appraise": _("Thẩm định"),
        "send_back": _("Yêu cầu bổ sung minh chứng"),
        "survey": _("Điều tra XHH"),
        "accept": _("Chấp nhận điểm tự chấm"),
    }

    class Meta:
        ordering = ["score", "at", "id"]

    @property
    def label(self) -> str:
        return str(self.LABELS.get(self.action, self.action))


# --------------------------------------------------------------------------- inspections
class InspectionPlan(models.Model):
    """The year's inspection plan: the team, the units inspected directly (with dates) and the
    units that inspect themselves and report."""

    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    issuer = models.ForeignKey("organisations.Agency", verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="+")
    team = models.JSONField(_("đoàn kiểm tra"), default=list, help_text=_('[{"name": "...", "role": "Trưởng đoàn"}, ...]'))

    class Meta:
        verbose_name = _("kế hoạch kiểm tra CCHC")
        verbose_name_plural = _("kế hoạch kiểm tra CCHC")

    def __str__(self) -> str:
        return self.title


CHECKLIST = (
    ("documents", "Văn bản chỉ đạo, điều hành CCHC đã ban hành"),
    ("posting", "Niêm yết công khai thủ tục hành chính"),
    ("propaganda", "Tuyên truyền CCHC"),
    ("self_inspection", "Tự kiểm tra CCHC"),
    ("iso", "Áp dụng ISO 9001:2015"),
    ("online", "Tiếp nhận hồ sơ trực tuyến thực tế"),
    ("postal", "Dịch vụ bưu chính công ích"),
    ("it", "Hạ tầng công nghệ thông tin"),
)


class Inspection(models.Model):
    class Mode(models.TextChoices):
        DIRECT = "direct", _("Kiểm tra trực tiếp")
        SELF = "self", _("Tự kiểm tra và báo cáo")

    plan = models.ForeignKey(InspectionPlan, on_delete=models.PROTECT, related_name="inspections")
    agency = models.ForeignKey("organisations.Agency", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="par_inspections")
    mode = models.CharField(_("hình thức"), max_length=10, choices=Mode.choices, default=Mode.DIRECT)
    scheduled_on = models.DateField(_("ngày kiểm tra"), null=True, blank=True)
    checklist = models.JSONField(_("kết quả kiểm tra theo nội dung"), default=dict, blank=True)
    conclusion = models.TextField(_("kết luận"), blank=True)
    done_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    reinspection_of = models.ForeignKey(
        "self", verbose_name=_("tái kiểm tra của"), null=True, blank=True, on_delete=models.PROTECT, related_name="reinspections"
    )

    class Meta:
        verbose_name = _("cuộc kiểm tra")
        verbose_name_plural = _("cuộc kiểm tra")


class Finding(models.Model):
    class Severity(models.TextChoices):
        MINOR = "minor", _("Nhẹ")
        MAJOR = "major", _("Nghiêm trọng")

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="findings")
    area = models.CharField(_("nội dung"), max_length=20)
    severity = models.CharField(_("mức độ"), max_length=10, choices=Severity.choices)
    description = models.TextField(_("tồn tại, hạn chế"))
    evidence = models.JSONField(_("minh chứng"), default=list, blank=True)


class RemediationTask(models.Model):
    """A shortcoming to fix by a deadline; only a re-inspection closes (or reopens) it."""

    class State(models.TextChoices):
        OPEN = "open", _("Đang khắc phục")
        REPORTED = "reported", _("Đơn vị báo cáo đã khắc phục")
        CLOSED = "closed", _("Đã khắc phục (tái kiểm tra xác nhận)")

    finding = models.OneToOneField(Finding, on_delete=models.PROTECT, related_name="task")
    agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("yêu cầu khắc phục"), max_length=1000)
    due_on = models.DateField(_("hạn khắc phục"))
    state = models.CharField(_("tình trạng"), max_length=10, choices=State.choices, default=State.OPEN)
    report = models.TextField(_("báo cáo khắc phục của đơn vị"), blank=True)
    report_evidence = models.JSONField(_("minh chứng khắc phục"), default=list, blank=True)
    closed_by = models.ForeignKey(Inspection, null=True, blank=True, on_delete=models.PROTECT, related_name="closed_tasks")

    @property
    def overdue(self) -> bool:
        return self.state != self.State.CLOSED and self.due_on < tz.localdate()
