from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeesConfig(AppConfig):
    name = "motcua.fees"
    label = "fees"
    verbose_name = _("Phí, lệ phí và biên lai")

    def ready(self) -> None:
        from motcua.core import home
        from motcua.dossiers import panels

        from .home import collections_section
        from .panels import fees_panel

        panels.register(fees_panel)
        home.register(collections_section, order=30)
