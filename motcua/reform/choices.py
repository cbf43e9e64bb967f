from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.choices import Role

# Who assesses a unit (its leaders and reform officers) and who appraises (the organiser's council).
UNIT_ROLES = (Role.LEADER, Role.REFORM, Role.ADMIN)
COUNCIL_ROLES = (Role.REFORM, Role.ADMIN)


class Level(models.TextChoices):
    MINISTRY = "ministry", _("Bộ, ngành")
    PROVINCE = "province", _("Tỉnh")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    COMMUNE = "commune", _("Xã, phường")
