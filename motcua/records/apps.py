from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "motcua.records"
    label = "records"
    verbose_name = _("Kho dữ liệu của tổ chức, cá nhân")
