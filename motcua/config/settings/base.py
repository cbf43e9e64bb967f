"""Settings shared by every environment. Environment variables are read only through
``motcua.config.env`` and listed in docs/configuration.md."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from motcua.config import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent.parent
PACKAGE_DIR = BASE_DIR / "motcua"

SECRET_KEY = env.get_str("SECRET_KEY", "", help="Django secret key; required in production.")
DEBUG = env.get_bool("DEBUG", False, help="Django debug mode; never on in production.")
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"], help="Host names the app answers to.")
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS", [], help="Origins trusted for CSRF (https://...).")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "motcua.core",
    "motcua.accounts",
    "motcua.organisations",
    "motcua.calendars",
    "motcua.jobs",
    "motcua.documents",
    "motcua.catalog",
    "motcua.dossiers",
    "motcua.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "motcua.core.middleware.RequestLogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "motcua.core.middleware.DefaultLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "motcua.core.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "motcua.config.urls"
WSGI_APPLICATION = "motcua.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "motcua.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env.get_str(
            "DATABASE_URL",
            f"sqlite:///{BASE_DIR / 'var' / 'motcua.sqlite3'}",
            help="Database URL: sqlite:///path (embedded default) or postgres://user@host:5432/name.",
        ),
        conn_max_age=env.get_int("DATABASE_CONN_MAX_AGE", 60, help="Seconds a database connection is reused."),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the job worker share the file; a busy timeout instead of
    # "database is locked" errors under concurrent writes.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lockout after repeated failed logins (accounts.services.check_login_allowed).
LOGIN_MAX_FAILURES = env.get_int("LOGIN_MAX_FAILURES", 5, help="Failed logins before an account is locked.")
LOGIN_LOCKOUT_MINUTES = env.get_int("LOGIN_LOCKOUT_MINUTES", 15, help="Minutes an account stays locked.")

# Sessions: short, HTTP-only, expire on browser close for shared counter PCs.
SESSION_COOKIE_AGE = env.get_int("SESSION_COOKIE_AGE", 8 * 3600, help="Session lifetime in seconds (a working day).")
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(env.get_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media"), help="Where uploaded files are kept (outside the web root)."))

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "notifications", "reports", "sync"],
    }
}
JOB_DEFAULT_MAX_ATTEMPTS = env.get_int("JOB_MAX_ATTEMPTS", 5, help="Tries of a background job before it is dead.")
JOB_BACKOFF_SECONDS = env.get_int("JOB_BACKOFF_SECONDS", 30, help="First retry delay; doubles each try.")

LOG_LEVEL = env.get_str("LOG_LEVEL", "INFO", help="Log level of the motcua loggers.")
LOG_FORMAT = env.get_str("LOG_FORMAT", "json", help="'json' for structured logs, 'text' for humans.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "motcua.core.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "motcua": {"level": LOG_LEVEL, "propagate": True},
        "django_tasks": {"level": "INFO"},
        "django.request": {"level": "ERROR"},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
    },
}

# Dossier codes (rules.md section 4; Circular 01/2018 art. 19): {agency}, {date} (reception
# date, use strftime codes), {seq} (daily sequence per receiving agency).
DOSSIER_CODE_PATTERN = env.get_str("DOSSIER_CODE_PATTERN", "{agency}-{date:%y%m%d}-{seq:04d}", help="Pattern of dossier codes: {agency}, {date:%y%m%d}, {seq:04d}.")
DOSSIER_SECRET_LENGTH = env.get_int("DOSSIER_SECRET_LENGTH", 8, help="Characters of the lookup secret printed on the receipt.")
PUBLIC_BASE_URL = env.get_str("PUBLIC_BASE_URL", "", help="Public address of the portal (https://dichvucong.example.gov.vn) for QR codes and links on printed forms; empty: the address of the request.")
DOSSIER_FILE_MAX_MB = env.get_int("DOSSIER_FILE_MAX_MB", 20, help="Largest file (MB) an officer may attach to a dossier.")
WORK_QUEUE_PAGE_SIZE = env.get_int("WORK_QUEUE_PAGE_SIZE", 50, help="Dossiers per page in the officers' work queues.")
PUBLIC_LOOKUP_RATE = env.get_str("PUBLIC_LOOKUP_RATE", "60/m", help="Public dossier lookups allowed per client address (n/s, n/m, n/h).")

# The deadline engine: what counts as "nearly due" (rules.md section 5), in working hours.
NEARLY_DUE_WORKING_HOURS = env.get_int("NEARLY_DUE_WORKING_HOURS", 8, help="Remaining working hours under which an open dossier is 'nearly due'.")
SAME_DAY_CUTOFF = env.get_str("SAME_DAY_CUTOFF", "15:00", help="Default cut-off (HH:MM) of same-day procedures.")

API_TITLE = "motcua API"
