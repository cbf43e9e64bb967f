"""Settings for the test suite: fast hashing, immediate jobs unless a test opts in."""

import os

from .base import *  # noqa: F403
from .base import LOGGING

SECRET_KEY = "test-only-secret-key"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["*"]
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "ERROR"}, "loggers": {"motcua": {"level": "ERROR"}}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

_worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").lstrip("gw") or 0)

# One file store per xdist worker: a test that checks what a failed action left on disk never
# sees the files another worker's test is writing at the same moment.
MEDIA_ROOT = BASE_DIR / "var" / "test-media" / f"gw{_worker}"  # noqa: F405

if CACHE_URL:  # noqa: F405 - one Redis database per xdist worker: a test's cache.clear() never touches another's
    CACHES["default"]["LOCATION"] = CACHE_URL.rsplit("/", 1)[0] + f"/{10 + _worker}"  # noqa: F405
