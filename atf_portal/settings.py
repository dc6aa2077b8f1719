"""Settings for the ATF Portal, all driven by environment variables.

Local use needs none of them: SQLite in the project folder, DEBUG on, a development key.
Production sets DEBUG=False, SECRET_KEY, ALLOWED_HOSTS and usually DATABASE_URL.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    return os.environ.get(name, str(default)).strip().lower() in ("1", "true", "yes", "on")


def env_int(name, default):
    return int(os.environ.get(name, default))


def env_list(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_filters",
    "django_tables2",
    "rest_framework",
    "drf_spectacular",
    "simple_history",
    "axes",
    "csp",
    "health_check",
    "django_tasks",
    "django_tasks_db",
    "atf_portal.core",
    "atf_portal.returns",
    "atf_portal.jobs",
    "places",
    "atf_portal.framework",
    "programmes",
    "programmes.reporting",
    "programmes.anchors",
    "programmes.plans",
    "programmes.prevention",
    "programmes.evidence",
    "indicators",
    "stocktake",
    "atf_portal.dashboard",
    "atf_portal.seed",
    "atf_portal.outcomes",
    "atf_portal.api",
]

MIDDLEWARE = [
    "atf_portal.requestlog.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Anonymous visitors' public pages and API answers, before sessions, CSRF, sign-in and the rest (publiccache.py).
    "atf_portal.core.publiccache.PublicCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "atf_portal.core.access.AccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Outside the page cache, so a cached page gets its header and a nonce of its own.
    "csp.middleware.CSPMiddleware",
    "atf_portal.core.pagecache.PageCacheMiddleware",
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:
    # runserver serves static files in development; WhiteNoise serves the collected ones in production.
    MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "atf_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "atf_portal.context_processors.navigation",
                "atf_portal.context_processors.display",
                "atf_portal.context_processors.access",
            ],
        },
    },
]

# Forms render in NHS.UK markup through one field template; widgets through the project's templates.
FORM_RENDERER = "atf_portal.core.forms.NHSFormRenderer"

WSGI_APPLICATION = "atf_portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Kept open between requests in production: opening a PostgreSQL connection costs more than most pages.
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL: readers never wait for the writer, nor the writer for readers. SQLite has one writer at a time: another
    # waits up to DB_BUSY_SECONDS for it (a sign-in during an import's write) rather than failing at once with
    # "database is locked". IMMEDIATE: a transaction takes the write lock as it begins, where that wait applies (a
    # deferred one that reads, then writes, fails at once if another writer got in between).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL",
        "timeout": env_int("DB_BUSY_SECONDS", 30),
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The database cache: shared by every worker and every app server on the same database, and written in the
# writer's own transaction, which is what keeps the page cache from ever showing stale data (pagecache.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "atf_cache",
                      "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 5000)}}}
# More than one server (README, "More than one server"): with REDIS_URL the page cache, sessions and lock-out
# counts live in Redis, which every app server shares; without it, the single-server defaults above and below.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "atf")}}
    # Sessions read from Redis and written through to the database, so a Redis restart signs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
PAGE_CACHE = env_bool("PAGE_CACHE", True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 3600)
# Pages that are the same for everyone with the same permissions (what differs per person is filled in apart).
CACHED_PAGES = {
    "home", "theme-detail", "board-detail", "place-detail", "gap-list", "framework", "programme-list",
    "programme-detail", "monitoring", "action-list", "indicator-list", "indicator-detail", "stocktake-coverage",
    "stocktake-activities", "coherence",
}

# Paths whose answers to anonymous visitors are the same for everyone (atf_portal/core/publiccache.py), each with
# what is checked before a stored answer is replayed: the API's limit per client.
PUBLIC_PATHS = {"/outcomes/": None, "/api/v1/": "atf_portal.api.http.anonymous_allowed", "/api/": None}

# Background tasks (django-tasks, the backport of Django 6's tasks) queued in the database: `make run` and
# `make serve` need no other service. `manage.py run_worker` runs them and the schedule.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
BACKGROUND_IMPORT_BYTES = env_int("BACKGROUND_IMPORT_BYTES", 2 * 1024 * 1024)  # larger uploads import as a task
JOB_HEARTBEAT_SECONDS = env_int("JOB_HEARTBEAT_SECONDS", 30)  # a running job's worker says it is alive this often
JOB_STALE_SECONDS = env_int("JOB_STALE_SECONDS", 180)  # silent this long: its worker was stopped; nothing changed
SCHEDULE_GRACE_MINUTES = env_int("SCHEDULE_GRACE_MINUTES", 15)  # a scheduled job later than this: /health/ fails
# Read models the worker keeps current, each a function it calls on every turn of its loop that works its model out
# again when it is behind the data (and returns at once when it is not).
READ_MODELS = ["atf_portal.dashboard.flag_store.refresh_in_worker"]
# What the worker starts on its own, at local time. A new entry first runs at its next time.
SCHEDULE = {
    "nightly-fingertips": {
        "task": "indicators.tasks.fetch_fingertips", "label": "Nightly Fingertips fetch (indicators due an update)",
        "kwargs": {"changed_only": True}, "exclusive": True, "every": "day", "at": "02:30",
    },
    "daily-reminders": {
        "task": "programmes.reporting.tasks.send_reminders", "label": "Reminders to programme leads",
        "every": "day", "at": "07:00",
    },
    "daily-flags": {
        "task": "atf_portal.dashboard.tasks.record_flags", "label": "Daily record of gap flags raised and resolved",
        "every": "day", "at": "06:30",
    },
    "weekly-summaries": {
        "task": "indicators.tasks.refresh_summaries", "label": "Weekly summary refresh", "exclusive": True,
        "every": "week", "day": "sunday", "at": "03:30",
    },
}

# The open data API (atf_portal/api/): read-only; anonymous clients throttled per address, token holders per user.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["atf_portal.api.authentication.HashedTokenAuthentication",
                                       "rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["atf_portal.api.http.AnonymousThrottle", "atf_portal.api.http.TokenThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer", "atf_portal.api.renderers.CSVRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "atf_portal.api.http.Negotiation",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "atf_portal.api.http.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "atf_portal.api.http.json_errors",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
API_ANONYMOUS_RATE = os.environ.get("API_ANONYMOUS_RATE", "120/minute")
API_TOKEN_RATE = os.environ.get("API_TOKEN_RATE", "600/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "All Together Fairer open data API",
    "DESCRIPTION": "The Beacon Indicators for Cheshire and Merseyside's nine Places, C&M and England: values, "
    "the portal's judgements of them, the Marmot themes and recommendations, the Delivery Plan's programmes and "
    "the published annual outcomes reports.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "atf_portal.api.schema.add_errors"],
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Lock-out (django-axes): LOCKOUT_FAILURES wrong passwords for one account from one client address lock that account
# at that address for LOCKOUT_MINUTES; LOCKOUT_ADDRESS_FAILURES from one address, whatever the accounts, lock the
# address. So one person mistyping cannot lock a shared office, and one attacker cannot lock everyone. The business
# team unlocks early by deleting the account's attempts in the admin (signin.LockoutHandler).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_HANDLER = "atf_portal.signin.LockoutHandler"
AXES_FAILURE_LIMIT = env_int("LOCKOUT_FAILURES", 10)
LOCKOUT_ADDRESS_FAILURES = env_int("LOCKOUT_ADDRESS_FAILURES", 50)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]  # the order signin.LockoutHandler reads
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# A sign-in refused during a lock is not counted: a right password then must not lock its own account further.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The lock-out log line names the account and the address (never the password), so the team sees who is attacked.
AXES_SENSITIVE_PARAMETERS = []
# Behind PROXY_COUNT proxies, the client's address is the one the outermost proxy added: the PROXY_COUNT-th from
# the right of X-Forwarded-For (anything further left the client could have forged). ipware counts the proxies
# listed in the header, which is one fewer, since the nearest proxy is the connection itself (REMOTE_ADDR); a
# header with extra (forged) entries is still read from the right, so IPWARE_STRICT is off.
PROXY_COUNT = env_int("PROXY_COUNT", 0)
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT - 1 if PROXY_COUNT else None
# The API's throttle reads the same address: without NUM_PROXIES it would take the whole (forgeable) header.
REST_FRAMEWORK["NUM_PROXIES"] = PROXY_COUNT
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if PROXY_COUNT else ["REMOTE_ADDR"]
IPWARE_STRICT = False
# Password reset requests an hour, per email address and per client address (signin.PasswordResetView).
PASSWORD_RESET_PER_ADDRESS = env_int("PASSWORD_RESET_PER_ADDRESS", 3)
PASSWORD_RESET_PER_CLIENT = env_int("PASSWORD_RESET_PER_CLIENT", 10)
if REDIS_URL:
    # Failed sign-ins counted in Redis, shared by every server, by the same rule; unlock with
    # `manage.py axes_reset_username NAME`.
    AXES_HANDLER = "atf_portal.signin.SharedLockoutHandler"

# Sign-in with an organisation account (atf_portal/oidc.py), on when OIDC_CLIENT_ID is set. The endpoints are in
# the provider's /.well-known/openid-configuration (README, "Organisation accounts").
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
ORGANISATION_SIGN_IN = bool(OIDC_RP_CLIENT_ID)
if ORGANISATION_SIGN_IN:
    OIDC_RP_CLIENT_SECRET = os.environ["OIDC_CLIENT_SECRET"]
    OIDC_ISSUER = os.environ["OIDC_ISSUER"]
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ["OIDC_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = os.environ["OIDC_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = os.environ["OIDC_USERINFO_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = os.environ["OIDC_JWKS_ENDPOINT"]
    OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_SIGN_ALGORITHM", "RS256")
    OIDC_RP_SCOPES = "openid email"
    OIDC_USE_PKCE = True
    OIDC_CREATE_USER = False
    OIDC_TIMEOUT = 10
    AUTHENTICATION_BACKENDS.append("atf_portal.oidc.OrganisationAccountBackend")
# Microsoft Entra ID sends no email_verified claim: set False there, where the tenant itself owns the addresses.
OIDC_REQUIRE_VERIFIED_EMAIL = env_bool("OIDC_REQUIRE_VERIFIED_EMAIL", True)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static", ("guide", BASE_DIR / "docs" / "images")]  # the user guide's pictures
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Every page names its static files by their hashed names, so the unhashed copies are not kept: collectstatic
# compresses half as much (Plotly alone is 4.8 MB, compressed twice over with Brotli and gzip).
WHITENOISE_KEEP_ONLY_HASHED_FILES = True

DJANGO_TABLES2_TEMPLATE = "django_tables2/nhsuk_table.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "nhsuk-table"}

# Uploads (indicator values, stocktake workbooks) are refused above this size.
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES + 1024 * 1024
# A preview whose confirmation writes at least this many figures says it will take a while (see README).
LARGE_IMPORT_FIGURES = env_int("LARGE_IMPORT_FIGURES", 20000)
# An .xlsx is a zip: these bound what it may expand to when opened, whatever its upload size. A real workbook
# compresses at most about 30 to 1; a decompression bomb, a thousand to 1.
XLSX_MAX_UNCOMPRESSED_BYTES = env_int("XLSX_MAX_UNCOMPRESSED_BYTES", 100 * 1024 * 1024)
XLSX_MAX_COMPRESSION_RATIO = env_int("XLSX_MAX_COMPRESSION_RATIO", 100)
FILE_UPLOAD_HANDLERS = [
    "atf_portal.core.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# An indicator whose latest figures start more than this many years ago is flagged as out of date.
GAP_STALE_YEARS = env_int("GAP_STALE_YEARS", 3)
# A programme whose latest progress update is older than this many months is flagged.
GAP_UPDATE_MONTHS = env_int("GAP_UPDATE_MONTHS", 3)

# Email (reporting reminders): the console by default; set EMAIL_BACKEND and the EMAIL_HOST variables to send.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "atf-portal@localhost")
# The portal's address, for links in emails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# The Fingertips API (public, no key) that `fetch_fingertips` and the upload page's button read.
FINGERTIPS_API_URL = os.environ.get("FINGERTIPS_API_URL", "https://fingertips.phe.org.uk/api/")
FINGERTIPS_TIMEOUT = (10, env_int("FINGERTIPS_READ_TIMEOUT", 120))  # seconds to connect, seconds to read
FINGERTIPS_RETRIES = env_int("FINGERTIPS_RETRIES", 3)  # further tries after a failure that may pass
FINGERTIPS_BACKOFF_SECONDS = float(os.environ.get("FINGERTIPS_BACKOFF_SECONDS", "2"))  # doubled after each try

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Content Security Policy (django-csp): scripts only from this site or with the page's nonce. Styles allow
# 'unsafe-inline' because plotly.js sets inline styles on the charts it draws. The NHS.UK stylesheet's Frutiger
# font comes from the NHS assets host; NHSUK_SYSTEM_FONT uses Arial instead and makes no outside request at all.
NHSUK_SYSTEM_FONT = env_bool("NHSUK_SYSTEM_FONT", False)
NHS_FONT_HOST = "https://assets.nhs.uk"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "font-src": ["'self'"] if NHSUK_SYSTEM_FONT else ["'self'", NHS_FONT_HOST],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
                   "json": {"()": "atf_portal.logformat.JsonFormatter"}},
    # LOG_FORMAT=json: one JSON object a line (atf_portal/logformat.py).
    "handlers": {"console": {"class": "logging.StreamHandler",
                             "formatter": "json" if os.environ.get("LOG_FORMAT") == "json" else "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Every request once, from atf_portal/requestlog.py; Django's own request log would say 4xx/5xx twice.
        "django.request": {"level": "ERROR"},
        "django.security": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# A history record's reason can quote the decision that caused it (a body ending names its source): text, not the
# library's 100 characters, which PostgreSQL enforces and SQLite does not.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
