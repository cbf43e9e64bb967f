from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "motcua.integrations"
    label = "integrations"
    verbose_name = _("Kết nối, tích hợp")

    def ready(self) -> None:
        from . import registrations  # noqa: F401  (menu, home page, demo data, subscribers: see the module)
