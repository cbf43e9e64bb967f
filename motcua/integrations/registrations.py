"""What this app plugs into the registries of the apps below it (menu, home page, demo data,
event subscribers, caches). ``core`` imports every app's ``registrations`` once all models are
loaded (``CoreConfig.ready``, as the admin finds each ``admin.py``)."""

from __future__ import annotations

from motcua.accounts import api_auth
from motcua.dossiers import effects

from .services import authenticate_key, on_dossier_event  # the module registers the outbox

effects.subscribe(on_dossier_event, order=20)
api_auth.accept_keys(authenticate_key)
