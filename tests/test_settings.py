import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {"DEBUG": "False", "SECRET_KEY": "x7#" + "k2Q-" * 16, "ALLOWED_HOSTS": "atf.example.nhs.uk"}


def run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, capture_output=True, text=True, env=env
    )


def test_production_settings_pass_the_deployment_checklist():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env={**os.environ, **PRODUCTION})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, **PRODUCTION}
    del env["SECRET_KEY"]
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


ORGANISATION_SIGN_IN_AND_REDIS = {
    "REDIS_URL": "redis://127.0.0.1:6379/0", "OIDC_CLIENT_ID": "atf-portal", "OIDC_CLIENT_SECRET": "secret",
    "OIDC_ISSUER": "https://login.microsoftonline.com/tenant/v2.0",
    "OIDC_AUTHORIZATION_ENDPOINT": "https://login.microsoftonline.com/tenant/oauth2/v2.0/authorize",
    "OIDC_TOKEN_ENDPOINT": "https://login.microsoftonline.com/tenant/oauth2/v2.0/token",
    "OIDC_USERINFO_ENDPOINT": "https://graph.microsoft.com/oidc/userinfo",
    "OIDC_JWKS_ENDPOINT": "https://login.microsoftonline.com/tenant/discovery/v2.0/keys",
}


def test_production_settings_with_organisation_sign_in_and_redis_pass_the_deployment_checklist():
    env = {**os.environ, **PRODUCTION, **ORGANISATION_SIGN_IN_AND_REDIS}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    shown = run_manage("shell", "--no-imports", "-c", "from django.conf import settings; print("
                       "settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE, settings.AXES_HANDLER, "
                       "settings.AUTHENTICATION_BACKENDS[-1])", env=env).stdout.split()
    assert shown == ["django_redis.cache.RedisCache", "django.contrib.sessions.backends.cached_db",
                     "axes.handlers.cache.AxesCacheHandler", "atf_portal.oidc.OrganisationAccountBackend"]
