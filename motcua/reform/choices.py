from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    MINISTRY = "ministry", _("Bộ, ngành")
    PROVINCE = "province", _("Tỉnh")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    COMMUNE = "commune", _("Xã, phường")
