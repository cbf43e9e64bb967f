from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from . import lookups  # noqa: F401  (registers ``__in_ids`` on every field)


class CoreConfig(AppConfig):
    name = "motcua.core"
    label = "core"
    verbose_name = _("Lõi hệ thống")

    def ready(self) -> None:
        connection_created.connect(register_sqlite_functions, dispatch_uid="motcua_sqlite_functions")
        # Every app's registrations (menu, home sections, demo loaders, event subscribers,
        # caches), as the admin finds each app's admin.py: imported once every model is loaded.
        autodiscover_modules("registrations")


# Set only by the test suite around `flush` (see conftest.py); never by the app.
AUDIT_UNLOCKED_FOR_FLUSH = False


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """The SQLite audit triggers ask this function whether the table is locked (always, but
    for the test suite's flush between transactional tests)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("motcua_audit_locked", 0, lambda: 0 if AUDIT_UNLOCKED_FOR_FLUSH else 1)
