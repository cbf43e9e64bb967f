"""Settings for the test suite: fast hashing, immediate jobs unless a test opts in."""

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
