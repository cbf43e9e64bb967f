from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "motcua.dossiers"
    label = "dossiers"
    verbose_name = _("Hồ sơ thủ tục hành chính")

    def ready(self) -> None:
        from motcua.calendars import hooks
        from motcua.core import home

        from .deadlines import DossierDeadlines
        from .home import work_section

        hooks.register(DossierDeadlines())
        home.register(work_section, order=10)
