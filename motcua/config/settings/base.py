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
TRUSTED_PROXIES = env.get_list(
    "TRUSTED_PROXIES",
    [],
    help="Addresses or networks (CIDR) of our own reverse proxies; only behind them is X-Forwarded-For read (from the right). Empty: the "
    "connection's address.",
)
NINJA_NUM_PROXIES = 0  # ninja's own client address: the connection's; ours is core.network.client_ip
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS", [], help="Origins trusted for CSRF (https://...).")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # its vendored Swagger UI for /api/v1/docs (served from our static files, never a CDN)
    "django_tasks",
    "django_tasks_db",
    "motcua.core",
    "motcua.accounts",
    "motcua.organisations",
    "motcua.calendars",
    "motcua.jobs",
    "motcua.signatures",
    "motcua.documents",
    "motcua.catalog",
    "motcua.dossiers",
    "motcua.fees",
    "motcua.records",
    "motcua.notifications",
    "motcua.portal",
    "motcua.reports",
    "motcua.integrations",
    "motcua.reform",
    "motcua.api",
    "mozilla_django_oidc",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "motcua.core.middleware.RequestLogMiddleware",
    "motcua.core.middleware.RequestLimitsMiddleware",
    "motcua.core.middleware.RejectNulMiddleware",
    "motcua.core.revisions.RequestTokens",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "motcua.core.middleware.DefaultLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "motcua.core.middleware.SecurityHeadersMiddleware",
    "motcua.core.middleware.BilingualErrorMiddleware",
    "motcua.integrations.middleware.IntegrationRequestLog",
]

ROOT_URLCONF = "motcua.config.urls"
WSGI_APPLICATION = "motcua.config.wsgi.application"

# The frame of public pages for citizens (core.context_processors.shell): the portal's.
PUBLIC_SHELL_TEMPLATE = "portal/base.html"
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
                "motcua.core.context_processors.navigation_bar",
                "motcua.core.context_processors.shell",
            ]
        },
    }
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
CACHE_URL = env.get_str(
    "CACHE_URL",
    "",
    help="Shared cache for rate limits across processes: redis://127.0.0.1:6379/0 in production; empty: each process's memory (one "
    "process only).",
)
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL, "KEY_PREFIX": "motcua"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the job worker share the file; a busy timeout instead of
    # "database is locked" errors under concurrent writes.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters bound by the server, and a statement run this many times on a connection
    # prepared once: PostgreSQL then skips parsing and planning the hot statements. 0 turns
    # preparation off (a pooler in transaction mode, such as PgBouncer before 1.21, needs that).
    _prepare = env.get_int(
        "DATABASE_PREPARE_THRESHOLD", 5, help="Runs after which a statement is prepared on its connection (PostgreSQL); 0: never."
    )
    DATABASES["default"]["OPTIONS"] = {
        "server_side_binding": True,
        **({"prepare_threshold": _prepare} if _prepare > 0 else {}),
        # No JIT compilation: it pays off on hour-long analytics, but costs the report screens'
        # aggregates (tens of milliseconds of work) a quarter of a second to compile.
        "options": "-c jit=off",
    }

# A PostgreSQL streaming replica for the reports, dashboards and exports (core/replica.py).
DATABASE_REPLICA_URL = env.get_str(
    "DATABASE_REPLICA_URL", "", help="A streaming replica of the database the reports, dashboards and exports read from; empty: none."
)
REPLICA_MAX_LAG_SECONDS = env.get_int(
    "REPLICA_MAX_LAG_SECONDS", 30, help="Replication lag beyond which those reads go to the primary instead of the replica."
)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=DATABASES["default"].get("CONN_MAX_AGE", 0)),
        "OPTIONS": {**DATABASES["default"].get("OPTIONS", {}), "connect_timeout": 2},
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["motcua.core.replica.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend", "motcua.portal.auth.PortalBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login budgets (accounts.lockout), in the shared cache: per account and address, and per address.
LOGIN_MAX_FAILURES = env.get_int("LOGIN_MAX_FAILURES", 5, help="Failed logins of one account from one address before that pair is locked.")
LOGIN_IP_MAX_FAILURES = env.get_int(
    "LOGIN_IP_MAX_FAILURES", 30, help="Failed logins from one address, over every account, before the address is locked."
)
LOGIN_LOCKOUT_MINUTES = env.get_int("LOGIN_LOCKOUT_MINUTES", 15, help="Window (minutes) of the login budgets and length of a lock.")

# Sessions: short, HTTP-only, expire on browser close for shared counter PCs.
SESSION_COOKIE_AGE = env.get_int("SESSION_COOKIE_AGE", 8 * 3600, help="Session lifetime in seconds (a working day).")
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Request limits (core.middleware.RequestLimitsMiddleware), checked before any view runs.
MAX_URI_LENGTH = env.get_int(
    "MAX_URI_LENGTH", 4000, help="Longest request URI (path and query) answered; longer: 414. Keep it under the web server's own limit."
)
MAX_REQUEST_BODY_MB = env.get_int(
    "MAX_REQUEST_BODY_MB",
    40,
    help="Largest request body (MB, uploads included); larger: 413 before the body is read. Match nginx's client_max_body_size.",
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # form fields other than files: 2.5 MB
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger uploads stream to a temporary file
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.get_str("STATIC_ROOT", str(BASE_DIR / "var" / "static"), help="Where collectstatic gathers the static files."))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(env.get_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media"), help="Where uploaded files are kept (outside the web root)."))

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "outbox", "reports"]}}
JOB_DEFAULT_MAX_ATTEMPTS = env.get_int("JOB_MAX_ATTEMPTS", 5, help="Tries of a background job before it is dead.")
JOB_BACKOFF_SECONDS = env.get_int("JOB_BACKOFF_SECONDS", 30, help="First retry delay; doubles each try.")
WORKER_LOST_SECONDS = env.get_int(
    "WORKER_LOST_SECONDS", 60, help="Seconds without a heartbeat after which a job worker is taken for dead and its running jobs run again."
)

# The outbox engine (jobs.outbox): every e-mail, SMS and call to an outside system.
OUTBOX_MAX_ATTEMPTS = env.get_int(
    "OUTBOX_MAX_ATTEMPTS", 12, help="Tries of an outbound message (e-mail, SMS, outside system) before it is dead (retried from the admin)."
)
OUTBOX_BACKOFF_SECONDS = env.get_int(
    "OUTBOX_BACKOFF_SECONDS", 30, help="First retry delay of an outbound message; doubles each try, at most an hour."
)
OUTBOX_TIMEOUT = env.get_int("OUTBOX_TIMEOUT", 10, help="Seconds before a call to an outside system gives up (then it is retried).")
OUTBOX_HEARTBEAT_SECONDS = env.get_int(
    "OUTBOX_HEARTBEAT_SECONDS", 10, help="How often a job worker renews its claims and says it is alive."
)
OUTBOX_THREADS = env.get_int(
    "OUTBOX_THREADS", 8, help="Threads of each job worker that send outbound messages (a counterpart's latency, not CPU, bounds the rate)."
)
OUTBOX_POLL_SECONDS = env.get_float(
    "OUTBOX_POLL_SECONDS", 0.5, help="How long a worker's dispatcher waits before looking again when no message is due."
)
OUTBOX_CLAIM_SECONDS = env.get_int(
    "OUTBOX_CLAIM_SECONDS", 45, help="Age of an unrenewed claim after which a send interrupted by a dead worker is tried again (same key)."
)

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

# Dossier codes (docs/rules.md section 4; Circular 01/2018 art. 19): {agency}, {date} (reception
# date, use strftime codes), {seq} (daily sequence per receiving agency).
DOSSIER_CODE_PATTERN = env.get_str(
    "DOSSIER_CODE_PATTERN", "{agency}-{date:%y%m%d}-{seq:04d}", help="Pattern of dossier codes: {agency}, {date:%y%m%d}, {seq:04d}."
)
DOSSIER_SECRET_LENGTH = env.get_int("DOSSIER_SECRET_LENGTH", 8, help="Characters of the lookup secret printed on the receipt.")
# Who opened a dossier (docs/rules.md section 10): the applicant sees the agency and role of each
# access; the officer's name too only where the province decides so.
ACCESS_LOG_SHOWS_OFFICER = env.get_bool(
    "ACCESS_LOG_SHOWS_OFFICER", False, help="Show applicants the name of each officer who opened their dossier (else agency and role)."
)
PUBLIC_BASE_URL = env.get_str(
    "PUBLIC_BASE_URL",
    "",
    help="Public address of the portal (https://dichvucong.example.gov.vn) for QR codes and links on printed forms; empty: the address of "
    "the request.",
)
DOSSIER_FILE_MAX_MB = env.get_int("DOSSIER_FILE_MAX_MB", 20, help="Largest file (MB) an officer may attach to a dossier.")
UPLOAD_PDF_MAX_PAGES = env.get_int("UPLOAD_PDF_MAX_PAGES", 500, help="Most pages of an uploaded PDF.")
UPLOAD_PDF_MAX_INFLATED_MB = env.get_int(
    "UPLOAD_PDF_MAX_INFLATED_MB", 200, help="Most MB the compressed streams of an uploaded PDF may inflate to, all together."
)
UPLOAD_MAX_PIXELS = env.get_int(
    "UPLOAD_MAX_PIXELS", 50_000_000, help="Most pixels (width x height) of an uploaded image; A4 at 600 dpi is 35 million."
)
WORK_QUEUE_PAGE_SIZE = env.get_int("WORK_QUEUE_PAGE_SIZE", 50, help="Dossiers per page in the officers' work queues.")
PUBLIC_LOOKUP_RATE = env.get_str("PUBLIC_LOOKUP_RATE", "60/m", help="Public dossier lookups allowed per client address (n/s, n/m, n/h).")

# The deadline engine: what counts as "nearly due" (docs/rules.md section 5), in working hours.
NEARLY_DUE_WORKING_HOURS = env.get_int(
    "NEARLY_DUE_WORKING_HOURS", 8, help="Remaining working hours under which an open dossier is 'nearly due'."
)
SAME_DAY_CUTOFF = env.get_str("SAME_DAY_CUTOFF", "15:00", help="Default cut-off (HH:MM) of same-day procedures.")

# Reports: 0 for calendar periods; N for periods from the Nth of the month before to the (N-1)th.
REPORT_PERIOD_CUTOFF_DAY = env.get_int(
    "REPORT_PERIOD_CUTOFF_DAY", 0, help="Report cut-off day: 0 calendar periods; 15 = from the 15th of the month before to the 14th."
)

# Notifications (notifications app): e-mail through Django's mail backend, SMS through a provider.
EMAIL_BACKEND = env.get_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend",
    help="Django e-mail backend; the embedded default writes each message to EMAIL_FILE_PATH.",
)
EMAIL_FILE_PATH = env.get_str("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"), help="Folder of the file e-mail backend.")
EMAIL_HOST = env.get_str("EMAIL_HOST", "localhost", help="SMTP server (with the smtp EMAIL_BACKEND).")
EMAIL_PORT = env.get_int("EMAIL_PORT", 25, help="SMTP port.")
EMAIL_HOST_USER = env.get_str("EMAIL_HOST_USER", "", help="SMTP user.")
EMAIL_HOST_PASSWORD = env.get_str("EMAIL_HOST_PASSWORD", "", help="SMTP password.")
EMAIL_USE_TLS = env.get_bool("EMAIL_USE_TLS", False, help="SMTP with STARTTLS.")
EMAIL_TIMEOUT = env.get_int("EMAIL_TIMEOUT", 20, help="Seconds before an SMTP attempt gives up (then it is retried).")
DEFAULT_FROM_EMAIL = env.get_str("DEFAULT_FROM_EMAIL", "Mot cua dien tu <no-reply@motcua.local>", help="Sender of notification e-mails.")
SMS_PROVIDER = env.get_str("SMS_PROVIDER", "file", help="SMS provider: file (embedded default), console or http.")
SMS_FILE_PATH = env.get_str(
    "SMS_FILE_PATH", str(BASE_DIR / "var" / "sms" / "outbox.jsonl"), help="File the 'file' SMS provider appends to."
)
SMS_HTTP_URL = env.get_str("SMS_HTTP_URL", "", help="Endpoint of the 'http' SMS provider (JSON POST {to, text, id}).")
SMS_HTTP_TOKEN = env.get_str("SMS_HTTP_TOKEN", "", help="Bearer token of the 'http' SMS provider.")
SMS_HTTP_TIMEOUT = env.get_int("SMS_HTTP_TIMEOUT", 10, help="Seconds before an SMS request gives up (then it is retried).")
SMS_ASCII = env.get_bool("SMS_ASCII", True, help="Send SMS without diacritics (cheaper, readable on every phone).")

# Signing what the system issues (signatures app; docs/rules.md section 3.1).
SIGNING_KEY_DIR = env.get_str(
    "SIGNING_KEY_DIR", str(BASE_DIR / "var" / "pki"), help="Directory of the PKCS#12 key files (and of the demo CA made by make run)."
)
SIGNING_KEY_PASSPHRASE = env.get_str(
    "SIGNING_KEY_PASSPHRASE", "", help="Passphrase of the PKCS#12 key files (empty: unencrypted, demo only)."
)
SIGNING_TRUST_ROOTS = env.get_list(
    "SIGNING_TRUST_ROOTS", [], help="PEM files of the certificate authorities whose certificates sign for this system (verification)."
)
SIGNING_FALLBACK_KEY_FILE = env.get_str(
    "SIGNING_FALLBACK_KEY_FILE",
    "",
    help="A PKCS#12 file that signs for agencies without a key of their own (the province's system seal); empty: they issue nothing.",
)
SIGNING_REMOTE_URL = env.get_str("SIGNING_REMOTE_URL", "", help="Remote signing service (HTTP, JSON {key_id, digest_algorithm, data}).")
SIGNING_REMOTE_TOKEN = env.get_str("SIGNING_REMOTE_TOKEN", "", help="Bearer token of the remote signing service.")
SIGNING_PKCS11_MODULE = env.get_str(
    "SIGNING_PKCS11_MODULE", "", help="Path of the PKCS#11 module of the signing token or HSM (e.g. /usr/lib/softhsm/libsofthsm2.so)."
)
SIGNING_PKCS11_TOKEN = env.get_str("SIGNING_PKCS11_TOKEN", "", help="Label of the token that holds the keys (empty: the first token).")
SIGNING_PKCS11_PIN = env.get_str("SIGNING_PKCS11_PIN", "", help="User PIN of that token (a secret: from the environment only).")

# Exports made in the job worker (jobs.exports).
EXPORT_KEEP_DAYS = env.get_int("EXPORT_KEEP_DAYS", 7, help="Days an export (register, report) is kept for download before it is removed.")

# The archive of electronic results (records app; docs/rules.md section 3.1).
GHOSTSCRIPT_BIN = env.get_str("GHOSTSCRIPT_BIN", "gs", help="Ghostscript command that makes the PDF/A-2b copies of signed results.")
ARCHIVE_RETENTION_YEARS = env.get_int(
    "ARCHIVE_RETENTION_YEARS",
    10,
    help="Years an electronic result is kept when no retention rule names its procedure or field (0: permanently).",
)

# Integrations (integrations app): each counterpart is off until its URL is set.
NATIONAL_PORTAL_URL = env.get_str(
    "NATIONAL_PORTAL_URL", "", help="Base URL of the national public service portal's integration API; empty: no sync."
)
NATIONAL_PORTAL_USERNAME = env.get_str("NATIONAL_PORTAL_USERNAME", "", help="Account of this province at the national portal.")
NATIONAL_PORTAL_PASSWORD = env.get_str("NATIONAL_PORTAL_PASSWORD", "", help="Password of that account.")
NATIONAL_PORTAL_AGENCY = env.get_str("NATIONAL_PORTAL_AGENCY", "", help="Agency code (madonvi) sent with every portal call.")
NATIONAL_PORTAL_PUSH_SECRET = env.get_str(
    "NATIONAL_PORTAL_PUSH_SECRET", "", help="Shared secret that signs dossiers the national portal pushes (HMAC-SHA256); empty: pull only."
)
POSTAL_URL = env.get_str("POSTAL_URL", "", help="Base URL of the public postal service's order API; empty: no postal orders.")
POSTAL_TOKEN = env.get_str("POSTAL_TOKEN", "", help="Bearer token of the postal API.")
POSTAL_WEBHOOK_SECRET = env.get_str("POSTAL_WEBHOOK_SECRET", "", help="Shared secret that signs the postal tracking webhook (HMAC-SHA256).")
PAYMENT_URL = env.get_str("PAYMENT_URL", "", help="Base URL of the payment gateway; empty: no online payment.")
PAYMENT_MERCHANT = env.get_str("PAYMENT_MERCHANT", "", help="Merchant code at the payment gateway.")
PAYMENT_SECRET = env.get_str("PAYMENT_SECRET", "", help="Shared secret that signs payment requests and callbacks (HMAC-SHA256).")
CALLBACK_MAX_AGE_SECONDS = env.get_int("CALLBACK_MAX_AGE_SECONDS", 600, help="Oldest signed callback accepted (seconds).")

# The public portal (portal app).
PORTAL_FILE_MAX_MB = env.get_int("PORTAL_FILE_MAX_MB", 10, help="Largest file (MB) an applicant may upload.")
PORTAL_MAX_FILES = env.get_int("PORTAL_MAX_FILES", 30, help="Files per online submission.")
PORTAL_CODE_MINUTES = env.get_int("PORTAL_CODE_MINUTES", 15, help="Minutes a verification code stays valid.")
PORTAL_CODE_RESEND_SECONDS = env.get_int("PORTAL_CODE_RESEND_SECONDS", 60, help="Seconds before another verification code may be sent.")
PORTAL_FORM_RATE = env.get_str(
    "PORTAL_FORM_RATE", "20/h", help="Registrations, code checks and anonymous feedback allowed per client address."
)
KIOSK_IDLE_SECONDS = env.get_int("KIOSK_IDLE_SECONDS", 90, help="Seconds of inactivity after which the kiosk returns to its start screen.")

# OpenID Connect login (e.g. the national identity provider through the national portal's SSO).
# Enabled when OIDC_RP_CLIENT_ID is set; the endpoints are those of the provider.
OIDC_RP_CLIENT_ID = env.get_str("OIDC_RP_CLIENT_ID", "", help="OpenID Connect client id; empty disables the identity-provider login.")
OIDC_RP_CLIENT_SECRET = env.get_str("OIDC_RP_CLIENT_SECRET", "", help="OpenID Connect client secret.")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.get_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "", help="Provider's authorization endpoint.")
OIDC_OP_TOKEN_ENDPOINT = env.get_str("OIDC_OP_TOKEN_ENDPOINT", "", help="Provider's token endpoint.")
OIDC_OP_USER_ENDPOINT = env.get_str("OIDC_OP_USER_ENDPOINT", "", help="Provider's userinfo endpoint.")
OIDC_OP_JWKS_ENDPOINT = env.get_str("OIDC_OP_JWKS_ENDPOINT", "", help="Provider's JWKS endpoint (RS256 signature keys).")
OIDC_RP_SIGN_ALGO = env.get_str("OIDC_RP_SIGN_ALGO", "RS256", help="Signature algorithm of the provider's ID tokens.")
OIDC_RP_SCOPES = env.get_str("OIDC_RP_SCOPES", "openid profile email", help="Scopes asked of the provider.")
OIDC_PROVIDER_NAME = env.get_str("OIDC_PROVIDER_NAME", "VNeID", help="Name of the identity provider on the login button.")
OIDC_ID_NUMBER_CLAIM = env.get_str("OIDC_ID_NUMBER_CLAIM", "citizen_id", help="Claim carrying the citizen's ID number.")
OIDC_NAME_CLAIM = env.get_str("OIDC_NAME_CLAIM", "full_name", help="Claim carrying the full name when 'name' is absent.")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_CREATE_USER = True
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
LOGIN_REDIRECT_URL_FAILURE = "/portal/login/"
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("motcua.portal.auth.NationalIdBackend")

API_TITLE = "motcua API"
