"""Administrative units (geography) and agencies (cơ quan), both with validity and succession.

Nothing here is ever deleted: a unit or an agency that ends gets ``valid_to`` and, where one
exists, a ``successor``; everything that referred to it keeps referring to it (PROTECT).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.revisions import WatchedQuerySet

from .choices import AgencyKind, AgencyLevel, UnitLevel
from .validators import validate_agency_code


class ValidityQuerySet(WatchedQuerySet):  # an update bumps the model's revision where it has one (agencies)
    def valid_on(self, day: dt.date):
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day), models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day)
        )

    def current(self):
        return self.filter(valid_to__isnull=True)


class ValidityMixin(models.Model):
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    class Meta:
        abstract = True

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def final_successor(self):
        """Follow successor links to the unit that holds this one's role today (cycle-safe)."""
        node, seen = self, {self.pk}
        while node.successor_id is not None and node.successor_id not in seen:
            seen.add(node.successor_id)
            node = node.successor
        return node


class AdministrativeUnit(ValidityMixin):
    level = models.CharField(_("cấp"), max_length=10, choices=UnitLevel.choices)
    code = models.CharField(_("mã"), max_length=10, help_text=_("Mã đơn vị hành chính của Tổng cục Thống kê"))
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=40, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("trực thuộc"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    successor = models.ForeignKey(
        "self", verbose_name=_("đơn vị kế thừa"), null=True, blank=True, on_delete=models.PROTECT, related_name="predecessors"
    )

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["level", "code"]
        constraints = [models.UniqueConstraint(fields=["level", "code"], name="unique_unit_level_code")]

    def __str__(self) -> str:
        return self.name


class AgencyQuerySet(ValidityQuerySet):
    def active(self):
        return self.filter(is_active=True)

    def subtree_of(self, agencies):
        """The given agencies and everything below them in the hierarchy."""
        condition = models.Q(pk__in=[])
        for agency in agencies:
            condition |= models.Q(path__startswith=agency.path)
        return self.filter(condition)


class Agency(ValidityMixin):
    code = models.CharField(_("mã định danh"), max_length=20, unique=True, validators=[validate_agency_code])
    name = models.CharField(_("tên cơ quan"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    kind = models.CharField(_("loại cơ quan"), max_length=30, choices=AgencyKind.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=AgencyLevel.choices)
    admin_unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="agencies")
    parent = models.ForeignKey(
        "self", verbose_name=_("cơ quan cấp trên"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    successor = models.ForeignKey(
        "self", verbose_name=_("cơ quan kế thừa"), null=True, blank=True, on_delete=models.PROTECT, related_name="predecessors"
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    # Materialised path of primary keys ("/1/7/42/"): subtree queries are one indexed LIKE.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return max(self.path.count("/") - 2, 0)
