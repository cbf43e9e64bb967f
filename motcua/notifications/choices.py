from django.db import models
from django.utils.translation import gettext_lazy as _


class Medium(models.TextChoices):
    EMAIL = "email", _("Thư điện tử")
    SMS = "sms", _("Tin nhắn SMS")
