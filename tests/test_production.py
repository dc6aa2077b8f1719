"""Production safety: lock-out, Content Security Policy, the health check, error pages, request logs."""

import logging

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from atf_portal.core import roles

from .conftest import PRODUCTION_PASSWORD_HASHERS

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-enough-password"


@pytest.fixture
def account(board_user):
    board_user.set_password(PASSWORD)
    board_user.save()
    return board_user


def sign_in(client, password, username="board"):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_a_password_hashed_as_production_hashes_it_signs_in_through_the_sign_in_form(settings, django_user_model):
    """The rest of the suite hashes with MD5 for speed (tests/conftest.py); this one keeps production's PBKDF2."""
    settings.PASSWORD_HASHERS = PRODUCTION_PASSWORD_HASHERS
    user = django_user_model.objects.create_user("real-hasher", password=PASSWORD)
    user.groups.add(Group.objects.get(name=roles.BOARD_MEMBERS))
    assert user.password.startswith("pbkdf2_sha256$")
    client = Client()
    refused = sign_in(client, "wrong", username="real-hasher")
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    signed_in = sign_in(client, PASSWORD, username="real-hasher")
    assert signed_in.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)
    assert b"All Together Fairer: the eight Marmot themes" in client.get(signed_in["Location"]).content


def test_the_suite_hashes_passwords_with_md5_for_speed(board_user):
    assert board_user.password.startswith("md5$")


def test_ten_wrong_passwords_lock_the_account_even_against_the_right_one(account, caplog):
    client = Client()
    with caplog.at_level(logging.WARNING, logger="axes"):
        for _ in range(9):
            assert sign_in(client, "wrong").status_code == 200  # the form again, with its error
        locked = sign_in(client, "wrong")
    assert locked.status_code == 429 and b"Sign-in is locked for now" in locked.content
    assert b"30 minutes" in locked.content
    refused = sign_in(client, PASSWORD)
    assert refused.status_code == 429 and "_auth_user_id" not in client.session
    assert any("lock" in record.getMessage().lower() for record in caplog.records)


def test_the_lock_is_per_address_too_whichever_accounts_are_tried(account, settings):
    client = Client()
    for n in range(settings.LOCKOUT_ADDRESS_FAILURES):
        sign_in(client, "wrong", username=f"guess-{n}")  # a crowd of names, none near its own limit
    assert sign_in(client, PASSWORD).status_code == 429


def test_the_business_team_unlocks_an_account_in_the_admin(account, business_client):
    client = Client()
    for _ in range(10):
        sign_in(client, "wrong")
    attempts = AccessAttempt.objects.all()
    assert attempts.exists()
    changelist = business_client.get(reverse("admin:axes_accessattempt_changelist"))
    assert changelist.status_code == 200
    response = business_client.post(reverse("admin:axes_accessattempt_changelist"), {
        "action": "delete_selected", "_selected_action": [a.pk for a in attempts], "post": "yes"})
    assert response.status_code == 302 and not AccessAttempt.objects.exists()
    assert sign_in(client, PASSWORD).status_code == 302


def test_every_page_carries_a_content_security_policy_with_a_nonce_on_its_scripts(board_client):
    for name in ["home", "indicator-list"]:
        for _ in range(2):  # built, then from the page cache: each answer has a nonce of its own
            response = board_client.get(reverse(name))
            policy = response["Content-Security-Policy"]
            nonce = policy.split("'nonce-", 1)[1].split("'", 1)[0]
            assert f'nonce="{nonce}"'.encode() in response.content
            scripts = policy.split("script-src ", 1)[1].split(";", 1)[0]
            assert scripts == f"'self' 'nonce-{nonce}'"
            assert "font-src 'self' https://assets.nhs.uk" in policy


def test_the_health_check_answers_without_sign_in_and_says_nothing_of_the_data(client):
    response = client.get(reverse("health"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert set(response.json()) == {"Database(alias='default')", "Cache(alias='default')", "StaticFiles()",
                                    "Worker()"}
    assert "programme" not in response.content.decode().lower()


def test_error_pages_are_nhs_styled_and_leak_nothing(board_client, outsider_client):
    missing = board_client.get("/programmes/999999/")
    assert missing.status_code == 404 and b"Page not found" in missing.content and b"Traceback" not in missing.content
    refused = outsider_client.get(reverse("home"))
    assert refused.status_code == 403 and b"You cannot open this page" in refused.content


def test_each_request_is_logged_with_its_path_user_and_status(board_client, caplog):
    with caplog.at_level(logging.INFO, logger="atf_portal.requests"):
        board_client.get(reverse("gap-list"), {"theme": "1"})
    [line] = [r.getMessage() for r in caplog.records if r.name == "atf_portal.requests"]
    assert line.startswith("GET /gaps/ user=board status=200 ") and "theme" not in line
