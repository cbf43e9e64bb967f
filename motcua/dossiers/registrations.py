"""What this app plugs into the registries of the apps below it (menu, home page, demo data,
event subscribers, caches). ``core`` imports every app's ``registrations`` once all models are
loaded (``CoreConfig.ready``, as the admin finds each ``admin.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from motcua.accounts.choices import Role
from motcua.calendars import hooks
from motcua.core import demo, home, navigation

from .deadlines import DossierDeadlines
from .demo import load_demo_dossiers, load_demo_electronic_results, load_demo_version_change
from .home import work_section
from .selectors import queue_counts
from .views import recent_outside_work

R = Role


def waiting(user) -> int:
    """Dossiers waiting for the officer: assigned to them, for their unit, to receive, to return."""
    return sum(queue_counts(user, names=("mine", "unit", "to_receive", "to_return")).values())


def _dossiers(options):
    count = options.get("dossiers", 300)
    return [f"Dossiers: {load_demo_dossiers(count) if count else 0}."]


hooks.register(DossierDeadlines())
home.register(work_section, order=10)
navigation.register("dossiers:counter", _("Tiếp nhận"), roles={R.ADMIN, R.LEADER, R.RECEPTION}, order=10)
navigation.register("dossiers:work", _("Hồ sơ cần xử lý"), roles={R.ADMIN, R.LEADER, R.RECEPTION, R.PROCESSING}, order=20, badge=waiting)
navigation.register(
    "dossiers:accesses",
    _("Truy cập hồ sơ ngoài công việc"),
    roles={R.ADMIN, R.LEADER},
    group=navigation.DESK,
    order=45,
    badge=recent_outside_work,
)
navigation.register("dossiers:versions", _("Hồ sơ theo phiên bản thủ tục cũ"), roles={R.ADMIN}, group=navigation.CATALOGUE, order=105)
navigation.register("dossiers:legacy_import", _("Chuyển đổi hồ sơ"), roles={R.ADMIN}, group=navigation.SYSTEM, order=140)
demo.register("dossiers", _dossiers, order=50)
demo.register("electronic_results", lambda options: [f"  Electronic results: {load_demo_electronic_results()}."], order=56)
demo.register("version_change", lambda options: [f"  New procedure version: {load_demo_version_change()}."], order=57)
