"""What this app plugs into the registries of the apps below it (menu, home page, demo data,
event subscribers, caches). ``core`` imports every app's ``registrations`` once all models are
loaded (``CoreConfig.ready``, as the admin finds each ``admin.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from motcua.accounts.choices import Role
from motcua.core import home, navigation
from motcua.dossiers import panels

from .home import collections_section
from .panels import fees_panel

R = Role
panels.register(fees_panel)
home.register(collections_section, order=30)
navigation.register(
    "fees:collections", _("Thu phí, lệ phí"), roles={R.ADMIN, R.LEADER, R.RECEPTION, R.REPORT_VIEWER}, group=navigation.DESK, order=40
)
