"""A real OpenID Connect provider for the organisation sign-in journey (tests/test_oidc_journey.py):
django-oidc-provider in a Django of its own, run in its own process on 127.0.0.1 with its own SQLite database.
It stands in for an organisation's Microsoft account service; nothing of the portal's is imported here."""

import os
from pathlib import Path

SECRET_KEY = "provider-" + "t3st-" * 10
DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1"]
SITE_URL = os.environ.get("PROVIDER_URL", "http://127.0.0.1:8001")
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions", "oidc_provider"]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "tests.oidc_provider.urls"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates",
              "DIRS": [Path(__file__).parent / "templates"], "APP_DIRS": True,
              "OPTIONS": {"context_processors": ["django.template.context_processors.request"]}}]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3",
                         "NAME": os.environ.get("PROVIDER_DATABASE", "/tmp/oidc-provider.sqlite3")}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
LOGIN_URL = "/accounts/login/"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
OIDC_USERINFO = "tests.oidc_provider.claims.userinfo"
# Cookies are not kept apart by port: on 127.0.0.1 beside the portal, the provider's must have names of their own.
SESSION_COOKIE_NAME = "provider_sessionid"
CSRF_COOKIE_NAME = "provider_csrftoken"
