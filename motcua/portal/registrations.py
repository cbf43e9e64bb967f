"""What this app plugs into the registries of the apps below it (menu, home page, demo data,
event subscribers, caches). ``core`` imports every app's ``registrations`` once all models are
loaded (``CoreConfig.ready``, as the admin finds each ``admin.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from motcua.accounts.choices import Role
from motcua.core import demo, navigation

from .demo import load_demo_applicant, load_demo_citizen_records

R = Role
navigation.register(
    "portal:feedback_manage",
    _("Phản ánh, kiến nghị"),
    roles={R.ADMIN, R.LEADER, R.RECEPTION, R.PROCESSING},
    group=navigation.DESK,
    order=50,
)
demo.register(
    "applicant",
    lambda options: [f"  Portal (/portal/): {load_demo_applicant(demo.PASSWORD)} — a citizen with a verified account."],
    order=40,
)
demo.register("citizen_records", lambda options: [f"  Portal citizen: {load_demo_citizen_records()}."], order=58)
