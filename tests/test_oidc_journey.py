"""Sign-in with an organisation account end to end, in Chromium: the portal's server and a real OpenID Connect
provider (django-oidc-provider, tests/oidc_provider/) each in its own process on 127.0.0.1, with its own database
and an RSA key made by `creatersakey`. Sign in, sign out, an unknown email refused, a state never sent refused.
Tokens that are tampered with, expired, or for another nonce, issuer or client: tests/test_oidc.py."""

import os
import subprocess
import sys
import time
import urllib.request

import pytest
from django.conf import settings

from .browser import free_port

PROVIDER_PASSWORD = "organisation-password"


def provider_manage(env, *command):
    return subprocess.run([sys.executable, "-m", "django", *command], cwd=settings.BASE_DIR, env=env, check=True,
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def provider_url():
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture(scope="module")
def portal(browser_database, tmp_path_factory, provider_url):
    from .browser import serve

    issuer = f"{provider_url}/openid"
    env = {"OIDC_CLIENT_ID": "atf-portal", "OIDC_CLIENT_SECRET": "portal-secret", "OIDC_ISSUER": issuer,
           "OIDC_AUTHORIZATION_ENDPOINT": f"{issuer}/authorize", "OIDC_TOKEN_ENDPOINT": f"{issuer}/token",
           "OIDC_USERINFO_ENDPOINT": f"{issuer}/userinfo", "OIDC_JWKS_ENDPOINT": f"{issuer}/jwks"}
    server_gen = serve(browser_database, tmp_path_factory, env)
    server = next(server_gen)
    server.python("from django.contrib.auth.models import User; "
                  "User.objects.filter(username='board').update(email='Board@example.nhs.uk')")
    yield server
    next(server_gen, None)


@pytest.fixture(scope="module")
def provider(tmp_path_factory, provider_url, portal):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings", "PROVIDER_URL": provider_url,
           "PROVIDER_DATABASE": str(tmp_path_factory.mktemp("provider") / "provider.sqlite3"),
           "PORTAL_CALLBACK": f"{portal}/accounts/organisation/callback/"}
    provider_manage(env, "migrate")
    provider_manage(env, "creatersakey")
    provider_manage(env, "shell", "-c", (settings.BASE_DIR / "tests" / "oidc_provider" / "register.py").read_text())
    process = subprocess.Popen([sys.executable, "-m", "django", "runserver", provider_url.split("//")[1],
                                "--noreload"], cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{provider_url}/openid/.well-known/openid-configuration", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield provider_url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # cookies of its own, at both ends
    yield context.new_page()
    context.close()


def sign_in_with_organisation(page, portal, email):
    page.goto(f"{portal}/")
    page.click("#organisation-sign-in")
    page.fill("#id_username", email)
    page.fill("#id_password", PROVIDER_PASSWORD)
    page.click("text=Sign in to your organisation")
    page.wait_for_load_state()


def test_a_person_signs_in_with_their_organisation_account_and_signs_out(page, portal, provider):
    sign_in_with_organisation(page, portal, "board@example.nhs.uk")
    assert page.url == f"{portal}/"
    assert page.locator(".nhsuk-header__account-item").first.inner_text() == "board"
    page.click("text=Sign out")
    page.goto(f"{portal}/")
    assert "/accounts/login/" in page.url


def test_an_email_no_portal_account_has_is_refused_with_whom_to_ask(page, portal, provider):
    sign_in_with_organisation(page, portal, "unknown@example.nhs.uk")
    assert "/accounts/login/" in page.url
    text = page.inner_text("main")
    assert "No portal account has the email address unknown@example.nhs.uk" in text
    assert "Ask the HCP business team" in text
    page.goto(f"{portal}/")
    assert "/accounts/login/" in page.url  # not signed in
    created = portal.python("from django.contrib.auth.models import User; "
                            "print(User.objects.filter(email__iexact='unknown@example.nhs.uk').count())")
    assert created.strip() == "0"


def test_a_return_with_a_state_the_browser_never_sent_is_refused(page, portal, provider):
    page.goto(f"{portal}/")
    page.click("#organisation-sign-in")  # a state and nonce are now in this session
    answer = page.goto(f"{portal}/accounts/organisation/callback/?code=stolen&state=not-the-state")
    assert answer.status == 400
    page.goto(f"{portal}/")
    assert "/accounts/login/" in page.url
