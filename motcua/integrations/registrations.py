"""What this app plugs into the registries of the apps below it (menu, home page, demo data,
event subscribers, caches). Imported once, by its ``AppConfig.ready``: Django loads every model
before that, so this is the one import that stays inside a function."""

from __future__ import annotations

from motcua.accounts import api_auth
from motcua.dossiers import effects

from .services import authenticate_key, on_dossier_event  # the module registers the outbox

effects.subscribe(on_dossier_event, order=20)
api_auth.accept_keys(authenticate_key)
