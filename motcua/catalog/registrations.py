"""What this app plugs into the registries of the apps below it (menu, home page, demo data,
event subscribers, caches). ``core`` imports every app's ``registrations`` once all models are
loaded (``CoreConfig.ready``, as the admin finds each ``admin.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from motcua.accounts.choices import Role
from motcua.core import demo, navigation, revisions

from . import tasks  # noqa: F401  (registers the periodic job)
from .blank_forms import blank_templates
from .models import Procedure, ProcedureVersion
from .selectors import CATALOGUE
from .services import load_demo_catalogue

revisions.watch(CATALOGUE, Procedure, ProcedureVersion)
navigation.register("catalog:list", _("Thủ tục hành chính"), roles=None, group=navigation.CATALOGUE, order=90)
navigation.register("catalog:manage", _("Quản lý danh mục thủ tục"), roles={Role.ADMIN}, group=navigation.CATALOGUE, order=100)


def _catalogue(options):
    published = load_demo_catalogue(demo.AGENCY_SUFFIX, demo.COMMUNES, templates=blank_templates)
    return [f"Catalogue: {published} demo procedures published."]


demo.register("catalogue", _catalogue, order=30)
