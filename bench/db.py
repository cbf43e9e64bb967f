"""A throwaway database for benchmarks: the test settings, migrated, on DATABASE_URL (default:
an SQLite file under var/). Usage: ``with bench_database(): ...``."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.config.settings.test")


@contextlib.contextmanager
def bench_database():
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        yield connection
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def use_postgres(name: str) -> None:
    """Point this process at a PostgreSQL database ``name`` with production settings (before
    Django is set up)."""
    import secrets

    os.environ.update(
        {
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
            "DJANGO_SETTINGS_MODULE": "motcua.config.settings.prod",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "SECURE_SSL_REDIRECT": "false",
            "ALLOWED_HOSTS": "testserver,127.0.0.1",
            "LOG_LEVEL": "ERROR",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
        }
    )


def recreate_postgres(name: str) -> None:
    """Drop and create the database, then set Django up on it."""
    import django
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        c.execute(f"CREATE DATABASE {name}")
    django.setup()


def drop_postgres(name: str) -> None:
    import psycopg
    from django.db import connection

    connection.close()
    with psycopg.connect(ADMIN_URL, autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
