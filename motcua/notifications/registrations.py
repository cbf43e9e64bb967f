"""What this app plugs into the registries of the apps below it (menu, home page, demo data,
event subscribers, caches). ``core`` imports every app's ``registrations`` once all models are
loaded (``CoreConfig.ready``, as the admin finds each ``admin.py``)."""

from __future__ import annotations

from motcua.core import demo, revisions
from motcua.dossiers import effects

from .defaults import install
from .models import NotificationTemplate
from .services import TEMPLATES, notify_dossier_event

revisions.watch(TEMPLATES, NotificationTemplate)
effects.subscribe(notify_dossier_event, order=10)


def _notice_templates(options) -> None:
    install()


demo.register("notice_templates", _notice_templates, order=13)
