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
    "atf_portal.core",
    "atf_portal.returns",
    "places",
    "atf_portal.framework",
    "programmes",
    "programmes.reporting",
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

# Widgets render through the project's templates, so templates/django/forms/ can override them.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "atf_portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Kept open between requests in production: opening a PostgreSQL connection costs more than most pages.
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A writer takes SQLite's write lock when its transaction begins, and a second one waits for it to commit
    # (up to the timeout) instead of failing with "database is locked" (the return engine relies on this).
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The database cache: shared by every worker and every app server on the same database, and written in the
# writer's own transaction, which is what keeps the page cache from ever showing stale data (pagecache.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "atf_cache",
                      "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 5000)}}}
PAGE_CACHE = env_bool("PAGE_CACHE", True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 3600)
# Pages that are the same for everyone with the same permissions (what differs per person is filled in apart).
CACHED_PAGES = {
    "home", "theme-detail", "board-detail", "place-detail", "gap-list", "framework", "programme-list",
    "programme-detail", "monitoring", "action-list", "indicator-list", "indicator-detail", "stocktake-coverage",
    "stocktake-activities", "coherence",
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
# Lock-out (django-axes): an account, or an address, that fails to sign in LOCKOUT_FAILURES times is locked for
# LOCKOUT_MINUTES. The business team unlocks early by deleting the attempt in the admin.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_int("LOCKOUT_FAILURES", 10)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either locks
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Behind the TLS proxy the client's address is the last one the proxy added.
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static", ("guide", BASE_DIR / "docs" / "images")]  # the user guide's pictures
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "atf_portal.staticfinders.PlotlyFinder",
]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/nhsuk_table.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "nhsuk-table"}

# Uploads (indicator values, stocktake workbooks) are refused above this size.
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES + 1024 * 1024
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
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Every request once, from atf_portal/requestlog.py; Django's own request log would say 4xx/5xx twice.
        "django.request": {"level": "ERROR"},
        "django.security": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
