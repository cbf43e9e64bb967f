"""What this app plugs into the registries of the apps below it (menu, home page, demo data,
event subscribers, caches). ``core`` imports every app's ``registrations`` once all models are
loaded (``CoreConfig.ready``, as the admin finds each ``admin.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from motcua.accounts import api_auth
from motcua.accounts.choices import Role
from motcua.core import demo, navigation
from motcua.dossiers import effects

from . import selectors
from .demo import load_demo_national_intake
from .services import authenticate_key, on_dossier_event  # the package registers the outbox and the portal's pull

effects.subscribe(on_dossier_event, order=20)
api_auth.accept_keys(authenticate_key)
navigation.register(
    "integrations:intake",
    _("Hồ sơ từ Cổng DVCQG"),
    roles={Role.ADMIN},
    group=navigation.SYSTEM,
    order=145,
    badge=selectors.quarantined_count,
)


def _national_intake(options):
    if not options.get("dossiers", 300):
        return []  # with the demo dossiers only
    return [f"  National portal intake: {load_demo_national_intake()}."]


demo.register("national_intake", _national_intake, order=55)
