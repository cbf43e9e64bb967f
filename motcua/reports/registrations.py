"""What this app plugs into the registries of the apps below it (menu, home page, demo data,
event subscribers, caches). ``core`` imports every app's ``registrations`` once all models are
loaded (``CoreConfig.ready``, as the admin finds each ``admin.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from motcua.accounts.choices import Role
from motcua.core import demo, home, navigation
from motcua.dossiers import effects
from motcua.jobs import exports as job_exports

from . import (
    exports,
    tasks,  # noqa: F401  (registers the scheduled sends)
)
from .defaults import install
from .facts.store import enqueue, on_dossier_event
from .home import leader_section

R = Role
effects.subscribe_changed(enqueue)  # a portal delivery, a complaint: marked as an event marks it
effects.subscribe(on_dossier_event, order=5)  # marks the dossier for the report cells, in the event's transaction
home.register(leader_section, order=20)
navigation.register("reports:dashboard", _("Bảng điều hành"), roles={R.ADMIN, R.LEADER, R.REPORT_VIEWER}, group=navigation.STEER, order=60)
navigation.register(
    "reports:settlement",
    _("Báo cáo giải quyết hồ sơ"),
    roles={R.ADMIN, R.LEADER, R.REPORT_VIEWER, R.RECEPTION, R.PROCESSING},
    group=navigation.STEER,
    order=70,
)


def _indicators(options) -> None:
    install()


demo.register("indicators", _indicators, order=14)
job_exports.register("reports.settlement_xlsx", exports.settlement_xlsx)
job_exports.register("reports.settlement_pdf", exports.settlement_pdf)
