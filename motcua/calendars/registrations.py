"""What this app plugs into the registries of the apps below it (menu, home page, demo data,
event subscribers, caches). ``core`` imports every app's ``registrations`` once all models are
loaded (``CoreConfig.ready``, as the admin finds each ``admin.py``)."""

from __future__ import annotations

from django.core.management import call_command
from django.utils.translation import gettext_lazy as _

from motcua.core import demo, navigation


def _calendar(options):
    call_command("load_calendar", verbosity=0)


navigation.register("calendars:year", _("Lịch làm việc"), roles=None, group=navigation.CATALOGUE, order=130)
demo.register("calendar", _calendar, order=11)
