from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "motcua.reports"
    label = "reports"
    verbose_name = _("Báo cáo, thống kê")

    def ready(self) -> None:
        from motcua.core import home

        from . import tasks  # noqa: F401  (registers the scheduled sends)
        from .home import leader_section

        home.register(leader_section, order=20)
