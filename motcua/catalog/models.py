"""The procedure catalogue.

``Procedure`` is the stable identity (national code) plus a denormalised copy of the version in
force, so the public list and search read one table. Everything a citizen or a dossier relies on
lives in ``ProcedureVersion`` and its child rows; a published version is frozen (saving or
deleting it or its rows raises ``FrozenVersionError``), so a dossier received under version N
reads exactly the same thing after N+1 is published.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.choices import Role
from motcua.core.revisions import WatchedQuerySet

from .choices import (
    CrossBoundary,
    FeeKind,
    FeeUnit,
    OnlineLevel,
    Performer,
    ProcedureStatus,
    Requirement,
    ResultForm,
    StepKind,
    StepUnit,
    TimeUnit,
    VersionState,
)

validate_procedure_code = RegexValidator(r"^\d\.\d{6}$", _("Mã thủ tục gồm một chữ số, dấu chấm và sáu chữ số (ví dụ 2.000635)."))
validate_field_code = RegexValidator(r"^[A-Za-z0-9._-]{1,30}$", _("Mã lĩnh vực chỉ gồm chữ, số, dấu chấm, gạch."))


class FrozenVersionError(Exception):
    """A published version (or one of its rows) was about to change."""


class Field(models.Model):
    code = models.CharField(_("mã lĩnh vực"), max_length=30, unique=True, validators=[validate_field_code])
    name = models.CharField(_("tên lĩnh vực"), max_length=200)
    is_active = models.BooleanField(_("đang sử dụng"), default=True)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    code = models.CharField(_("mã thủ tục"), max_length=8, unique=True, validators=[validate_procedure_code])
    status = models.CharField(_("trạng thái"), max_length=10, choices=ProcedureStatus.choices, default=ProcedureStatus.DRAFT)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    # Listing copy of the version in force (services.refresh_listing keeps it current).
    current_version = models.ForeignKey(
        "ProcedureVersion", verbose_name=_("phiên bản đang áp dụng"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("tên thủ tục"), max_length=500, blank=True)
    field = models.ForeignKey(Field, verbose_name=_("lĩnh vực"), null=True, blank=True, on_delete=models.PROTECT, related_name="procedures")
    online_level = models.CharField(_("mức độ DVCTT"), max_length=10, choices=OnlineLevel.choices, blank=True)
    level_flags = models.CharField(max_length=40, blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)

    objects = WatchedQuerySet.as_manager()

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["name", "code"]
        indexes = [models.Index(fields=["status", "name"], name="procedure_status_name")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ProcedureVersion(models.Model):
    procedure = models.ForeignKey(Procedure, verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"))
    state = models.CharField(_("tình trạng"), max_length=10, choices=VersionState.choices, default=VersionState.DRAFT)
    effective_from = models.DateField(_("áp dụng từ ngày"), null=True, blank=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người công bố"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    change_note = models.CharField(_("nội dung thay đổi"), max_length=500, blank=True)

    name = models.CharField(_("tên thủ tục"), max_length=500)
    field = models.ForeignKey(Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="+")
    levels = models.JSONField(_("cấp thẩm quyền"), default=list)
    applicant_types = models.JSONField(_("đối tượng thực hiện"), default=list)
    competent_agencies = models.ManyToManyField(
        "organisations.Agency", verbose_name=_("cơ quan có thẩm quyền"), blank=True, related_name="competent_for"
    )
    receiving_agencies = models.ManyToManyField(
        "organisations.Agency", verbose_name=_("nơi tiếp nhận"), blank=True, related_name="receives_for"
    )
    statutory_value = models.DecimalField(_("thời hạn theo quy định"), max_digits=7, decimal_places=2)
    statutory_unit = models.CharField(_("đơn vị thời hạn"), max_length=15, choices=TimeUnit.choices)
    reduced_value = models.DecimalField(_("thời hạn cắt giảm"), max_digits=7, decimal_places=2, null=True, blank=True)
    reduced_unit = models.CharField(_("đơn vị thời hạn cắt giảm"), max_length=15, choices=TimeUnit.choices, blank=True)
    same_day_cutoff = models.TimeField(
        _("giờ chốt trong ngày"), null=True, blank=True, help_text=_("Nhận sau giờ này thì trả vào ngày làm việc tiếp theo.")
    )
    online_level = models.CharField(_("mức độ DVCTT"), max_length=10, choices=OnlineLevel.choices, default=OnlineLevel.NONE)
    postal_allowed = models.BooleanField(_("tiếp nhận, trả kết quả qua bưu chính công ích"), default=False)
    cross_boundary = models.CharField(_("phi địa giới"), max_length=10, choices=CrossBoundary.choices, default=CrossBoundary.NONE)
    description = models.TextField(_("trình tự thực hiện"), blank=True)
    requirements = models.TextField(_("yêu cầu, điều kiện"), blank=True)

    objects = WatchedQuerySet.as_manager()

    class Meta:
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")
        ordering = ["procedure", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="unique_procedure_version"),
            models.UniqueConstraint(fields=["procedure"], condition=models.Q(state="draft"), name="one_draft_per_procedure"),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            stored = type(self).objects.filter(pk=self.pk).values_list("state", flat=True).first()
            if stored == VersionState.PUBLISHED:
                raise FrozenVersionError(f"{self} is published and cannot change")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.state != VersionState.DRAFT:
            raise FrozenVersionError(f"{self} is published and cannot be deleted")
        return super().delete(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.state == VersionState.DRAFT


class VersionPart(models.Model):
    """A row belonging to a version: frozen with it."""

    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def save(self, *args, **kwargs):
        if ProcedureVersion.objects.filter(pk=self._version().pk, state=VersionState.PUBLISHED).exists():
            raise FrozenVersionError("rows of a published version cannot change")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if ProcedureVersion.objects.filter(pk=self._version().pk, state=VersionState.PUBLISHED).exists():
            raise FrozenVersionError("rows of a published version cannot be deleted")
        return super().delete(*args, **kwargs)

    def _version(self) -> ProcedureVersion:
        return self.version  # type: ignore[attr-defined]


class LegalBasis(VersionPart):
    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="legal_basis")
    number = models.CharField(_("số, ký hiệu"), max_length=100)
    title = models.CharField(_("trích yếu"), max_length=500)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)

    class Meta(VersionPart.Meta):
        verbose_name = _("căn cứ pháp lý")
        verbose_name_plural = _("căn cứ pháp lý")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Fee(VersionPart):
    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="fees")
    name = models.CharField(_("tên phí, lệ phí"), max_length=500)
    kind = models.CharField(_("loại"), max_length=10, choices=FeeKind.choices, default=FeeKind.FEE)
    amount = models.PositiveBigIntegerField(_("mức thu (đồng)"))
    exemption = models.CharField(_("miễn, giảm"), max_length=500, blank=True)
    unit = models.CharField(_("tính theo"), max_length=10, choices=FeeUnit.choices, default=FeeUnit.DOSSIER)
    first_units = models.PositiveSmallIntegerField(
        _("số đơn vị đầu theo mức thu"),
        null=True,
        blank=True,
        help_text=_("Từ đơn vị tiếp theo thu theo «mức thu tiếp theo» (ví dụ: từ trang thứ ba)."),
    )
    next_amount = models.PositiveBigIntegerField(_("mức thu tiếp theo (đồng)"), null=True, blank=True)
    max_amount = models.PositiveBigIntegerField(_("mức thu tối đa mỗi bản (đồng)"), null=True, blank=True)
    online_amount = models.PositiveBigIntegerField(_("mức thu khi nộp trực tuyến (đồng)"), null=True, blank=True)

    class Meta(VersionPart.Meta):
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")

    def __str__(self) -> str:
        return self.name


def template_upload_to(instance, filename: str) -> str:
    return f"catalog/templates/{instance.version.procedure.code}/v{instance.version.number}/{filename}"


class Component(VersionPart):
    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="components")
    name = models.CharField(_("tên giấy tờ"), max_length=500)
    originals = models.PositiveSmallIntegerField(_("bản chính"), default=0)
    certified_copies = models.PositiveSmallIntegerField(_("bản sao chứng thực"), default=0)
    copies = models.PositiveSmallIntegerField(_("bản sao"), default=0)
    requirement = models.CharField(_("tính bắt buộc"), max_length=12, choices=Requirement.choices, default=Requirement.MANDATORY)
    condition = models.CharField(_("trường hợp áp dụng"), max_length=500, blank=True)
    template = models.FileField(_("mẫu đơn, tờ khai"), upload_to=template_upload_to, blank=True, max_length=300)

    class Meta(VersionPart.Meta):
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")

    def __str__(self) -> str:
        return self.name


class Result(VersionPart):
    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="results")
    name = models.CharField(_("tên kết quả"), max_length=500)
    form = models.CharField(_("hình thức"), max_length=12, choices=ResultForm.choices, default=ResultForm.PAPER)

    class Meta(VersionPart.Meta):
        verbose_name = _("kết quả thực hiện")
        verbose_name_plural = _("kết quả thực hiện")

    def __str__(self) -> str:
        return self.name


class Route(VersionPart):
    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="routes")
    receiving_agency = models.ForeignKey(
        "organisations.Agency",
        verbose_name=_("áp dụng cho nơi tiếp nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Để trống: quy trình chung."),
    )

    class Meta(VersionPart.Meta):
        verbose_name = _("quy trình xử lý")
        verbose_name_plural = _("quy trình xử lý")

    def __str__(self) -> str:
        return f"{self.version} — {self.receiving_agency or _('quy trình chung')}"


class RouteStep(models.Model):
    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("bước số"))
    name = models.CharField(_("tên bước"), max_length=200)
    kind = models.CharField(_("loại bước"), max_length=15, choices=StepKind.choices)
    role = models.CharField(_("vai trò thực hiện"), max_length=20, choices=Role.choices)
    performer = models.CharField(_("đơn vị thực hiện"), max_length=20, choices=Performer.choices)
    agency = models.ForeignKey(
        "organisations.Agency", verbose_name=_("cơ quan"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    duration_value = models.DecimalField(_("định mức"), max_digits=6, decimal_places=2)
    duration_unit = models.CharField(_("đơn vị định mức"), max_length=15, choices=StepUnit.choices, default=StepUnit.WORKING_HOURS)
    parallel_group = models.PositiveSmallIntegerField(
        _("nhóm song song"), null=True, blank=True, help_text=_("Các bước liền nhau cùng nhóm được xử lý song song.")
    )

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("bước xử lý")
        ordering = ["route", "position"]
        constraints = [models.UniqueConstraint(fields=["route", "position"], name="unique_route_step_position")]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"

    def save(self, *args, **kwargs):
        if ProcedureVersion.objects.filter(routes=self.route_id, state=VersionState.PUBLISHED).exists():
            raise FrozenVersionError("steps of a published version cannot change")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if ProcedureVersion.objects.filter(routes=self.route_id, state=VersionState.PUBLISHED).exists():
            raise FrozenVersionError("steps of a published version cannot be deleted")
        return super().delete(*args, **kwargs)
