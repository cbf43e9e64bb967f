"""What this app plugs into the registries of the apps below it (menu, home page, demo data,
event subscribers, caches). ``core`` imports every app's ``registrations`` once all models are
loaded (``CoreConfig.ready``, as the admin finds each ``admin.py``)."""

from __future__ import annotations

from django.core.management import call_command
from django.utils.translation import gettext_lazy as _

from motcua.accounts.choices import Role
from motcua.core import demo, navigation, revisions

from .models import Agency
from .selectors import AGENCIES

R = Role
revisions.watch(AGENCIES, Agency)
navigation.register(
    "organisations:agency_list",
    _("Cơ quan"),
    roles={R.ADMIN, R.LEADER, R.RECEPTION, R.PROCESSING, R.REPORT_VIEWER, R.REFORM},
    group=navigation.CATALOGUE,
    order=110,
)
navigation.register("organisations:staff_list", _("Cán bộ"), roles={R.ADMIN, R.LEADER}, group=navigation.CATALOGUE, order=120)


def _admin_units(options):
    call_command("load_admin_units", verbosity=0)


demo.register("admin_units", _admin_units, order=10)
