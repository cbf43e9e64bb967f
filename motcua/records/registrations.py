"""What this app plugs into the registries of the apps below it: the store keeps what dossiers
digitise and sign, and the dossier page offers what the applicant already has."""

from __future__ import annotations

from motcua.dossiers import effects, panels

from .panels import reuse_panel
from .services import on_dossier_event

effects.subscribe(on_dossier_event, order=30)
panels.register(reuse_panel)
