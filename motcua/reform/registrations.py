"""What this app plugs into the registries of the apps below it (menu, home page, demo data,
event subscribers, caches). ``core`` imports every app's ``registrations`` once all models are
loaded (``CoreConfig.ready``, as the admin finds each ``admin.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from motcua.accounts.choices import Role
from motcua.core import demo, navigation

from . import tasks  # noqa: F401  (registers the reminders)
from .demo import load_demo_reform

navigation.register(
    "reform:index", _("Cải cách hành chính"), roles={Role.ADMIN, Role.LEADER, Role.REFORM}, group=navigation.STEER, order=80
)
demo.register("reform", lambda options: [f"{load_demo_reform()}."], order=60)
