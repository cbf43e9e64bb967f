from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "motcua.catalog"
    label = "catalog"
    verbose_name = _("Danh mục thủ tục hành chính")

    def ready(self) -> None:
        from motcua.core import revisions

        from . import tasks  # noqa: F401  (registers the periodic job)
        from .models import Procedure, ProcedureVersion
        from .selectors import CATALOGUE

        revisions.watch(CATALOGUE, Procedure, ProcedureVersion)
