"""What this app plugs into the registries of the apps below it (menu, home page, demo data,
event subscribers, caches). Imported once, by its ``AppConfig.ready``: Django loads every model
before that, so this is the one import that stays inside a function."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from motcua.accounts.choices import Role
from motcua.core import navigation

from . import outbox, tasks  # noqa: F401  (the periodic jobs and the outbox engine register themselves)

navigation.register("jobs:list", _("Tác vụ nền"), roles={Role.ADMIN}, group=navigation.SYSTEM, order=150)
