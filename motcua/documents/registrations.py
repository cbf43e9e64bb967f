"""What this app plugs into the registries of the apps below it (menu, home page, demo data,
event subscribers, caches). ``core`` imports every app's ``registrations`` once all models are
loaded (``CoreConfig.ready``, as the admin finds each ``admin.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from motcua.accounts.choices import Role
from motcua.core import demo, navigation, revisions
from motcua.dossiers import panels
from motcua.jobs import exports as job_exports

from . import exports
from .defaults import install
from .models import FormTemplate
from .selectors import FORM_TEMPLATES
from .views import forms_panel, next_page


def _form_sets(options):
    install(FormTemplate)  # shipped by a migration; again here for a flushed database


demo.register("form_sets", _form_sets, order=12)

panels.register(forms_panel)
panels.register_next_page(next_page)
navigation.register(
    "documents:register", _("Sổ theo dõi hồ sơ"), roles={Role.ADMIN, Role.LEADER, Role.RECEPTION}, group=navigation.DESK, order=30
)
revisions.watch(FORM_TEMPLATES, FormTemplate)
job_exports.register("documents.register_xlsx", exports.register_xlsx)
job_exports.register("documents.register_pdf", exports.register_pdf)
