"""What this app plugs into the registries of the apps below it (menu, home page, demo data,
event subscribers, caches). ``core`` imports every app's ``registrations`` once all models are
loaded (``CoreConfig.ready``, as the admin finds each ``admin.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from motcua.accounts.choices import Role
from motcua.core import navigation

from . import outbox, tasks  # noqa: F401  (the periodic jobs and the outbox engine register themselves)

navigation.register("jobs:list", _("Tác vụ nền"), roles={Role.ADMIN}, group=navigation.SYSTEM, order=150)
navigation.register(
    "jobs:exports",
    _("Tệp xuất của tôi"),
    roles={Role.ADMIN, Role.LEADER, Role.RECEPTION, Role.PROCESSING, Role.REPORT_VIEWER, Role.REFORM},
    group=navigation.STEER,
    order=95,
)
