"""What this app plugs into the registries of the apps below it (menu, home page, demo data,
event subscribers, caches). ``core`` imports every app's ``registrations`` once all models are
loaded (``CoreConfig.ready``, as the admin finds each ``admin.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from motcua.core import access, demo, navigation, revisions

from . import selectors
from .choices import Role
from .demo import load_demo_staff
from .models import Membership

access.provide(selectors)
revisions.watch(selectors.MEMBERSHIPS, Membership)
navigation.register("admin:index", _("Trang quản trị"), roles={Role.ADMIN}, group=navigation.SYSTEM, order=160)
demo.register("staff", load_demo_staff, order=20)
