"""Signing in behind the TLS proxy: a lock-out by account and client address, and a limited password reset."""

import logging
import threading

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-enough-password"
PROXY = "127.0.0.1"


@pytest.fixture
def behind_one_proxy(settings):
    settings.AXES_IPWARE_PROXY_COUNT = 0  # what PROXY_COUNT=1 sets
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]


@pytest.fixture
def accounts(django_user_model, board_user, lead_user):
    for user in (board_user, lead_user):
        user.set_password(PASSWORD)
        user.email = f"{user.username}@example.nhs.uk"
        user.save()
    return board_user, lead_user


def sign_in(username, password, forwarded=None):
    """A sign-in through the proxy: the connection is the proxy's; the proxy appends the client's address."""
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return Client(REMOTE_ADDR=PROXY, **extra).post(reverse("login"), {"username": username, "password": password})


def fail_ten_times(username, forwarded):
    for _ in range(10):
        sign_in(username, "wrong", forwarded)


def test_behind_one_proxy_ten_wrong_passwords_lock_neither_another_address_nor_another_account(
        accounts, behind_one_proxy):
    fail_ten_times("board", "198.51.100.7")
    assert sign_in("board", PASSWORD, "198.51.100.7").status_code == 429
    assert sign_in("board", PASSWORD, "203.0.113.9").status_code == 302
    assert sign_in("lead", PASSWORD, "198.51.100.7").status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}


def test_an_address_forged_in_front_of_the_proxys_own_is_ignored(accounts, behind_one_proxy):
    for n in range(10):  # a new forged address each time, but the proxy appends the real one
        sign_in("board", "wrong", f"10.9.9.{n}, 198.51.100.7")
    assert sign_in("board", PASSWORD, "198.51.100.7").status_code == 429
    assert sign_in("board", PASSWORD, "198.51.100.7, 203.0.113.9").status_code == 302


def test_without_a_proxy_the_forwarded_header_is_not_believed(accounts):
    for n in range(10):
        sign_in("board", "wrong", f"198.51.100.{n}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {PROXY}
    assert sign_in("board", PASSWORD).status_code == 429


def test_the_per_address_limit_locks_a_crowd_of_usernames_from_one_address(accounts, behind_one_proxy, settings):
    for n in range(settings.LOCKOUT_ADDRESS_FAILURES - 1):
        sign_in(f"guess-{n}", "wrong", "198.51.100.7")
    assert sign_in("lead", PASSWORD, "198.51.100.7").status_code == 302  # one short of the address's limit
    sign_in("guess-last", "wrong", "198.51.100.7")
    assert sign_in("lead", PASSWORD, "198.51.100.7").status_code == 429
    assert sign_in("lead", PASSWORD, "198.51.100.8").status_code == 302


def test_a_right_password_during_a_lock_leaves_no_failure_behind(accounts, behind_one_proxy):
    fail_ten_times("board", "198.51.100.7")
    before = list(AccessAttempt.objects.values_list("username", "failures_since_start"))
    for _ in range(3):
        assert sign_in("board", PASSWORD, "198.51.100.7").status_code == 429
    assert list(AccessAttempt.objects.values_list("username", "failures_since_start")) == before == [("board", 10)]


def test_unlocking_an_account_in_the_admin_unlocks_it(accounts, behind_one_proxy, business_client):
    fail_ten_times("board", "198.51.100.7")
    fail_ten_times("lead", "198.51.100.7")
    board_rows = AccessAttempt.objects.filter(username="board")
    response = business_client.post(reverse("admin:axes_accessattempt_changelist"), {
        "action": "delete_selected", "_selected_action": list(board_rows.values_list("pk", flat=True)),
        "post": "yes"})
    assert response.status_code == 302
    assert sign_in("board", PASSWORD, "198.51.100.7").status_code == 302
    assert sign_in("lead", PASSWORD, "198.51.100.7").status_code == 429  # only the account unlocked


def test_the_lock_out_log_line_names_the_account_and_the_address_and_never_the_password(
        accounts, behind_one_proxy, caplog):
    with caplog.at_level(logging.WARNING, logger="axes"):
        fail_ten_times("board", "198.51.100.7")
    [line] = [r.getMessage() for r in caplog.records if "Locking out" in r.getMessage()]
    assert 'username: "board"' in line and 'ip_address: "198.51.100.7"' in line
    assert "wrong" not in " ".join(r.getMessage() for r in caplog.records)


def ask_for_reset(email, forwarded="198.51.100.7"):
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded).post(reverse("password_reset"),
                                                                          {"email": email})


def wait_for_emails():
    for thread in threading.enumerate():
        if thread.name == "password-reset-email":
            thread.join()


@pytest.fixture
def sent_off(monkeypatch):
    """The work each request sends off, kept rather than run (these tests' data is not committed for a thread)."""
    kept = []
    monkeypatch.setattr("atf_portal.signin.send_off_request", lambda work, name: kept.append(name))
    return kept


@pytest.mark.django_db(transaction=True)
def test_a_reset_link_is_emailed_off_the_request(committed_db, accounts, behind_one_proxy):
    assert ask_for_reset("board@example.nhs.uk").status_code == 302
    wait_for_emails()
    assert [message.to for message in mail.outbox] == [["board@example.nhs.uk"]]


def test_reset_requests_over_the_limit_for_an_address_are_refused_with_a_message(
        accounts, behind_one_proxy, settings, sent_off):
    for n in range(settings.PASSWORD_RESET_PER_ADDRESS):
        assert ask_for_reset("board@example.nhs.uk", f"198.51.100.{n}").status_code == 302
    refused = ask_for_reset("board@example.nhs.uk", "198.51.100.99")
    assert refused.status_code == 200 and b"Too many password reset requests" in refused.content
    assert len(sent_off) == settings.PASSWORD_RESET_PER_ADDRESS


def test_reset_requests_over_the_limit_from_one_client_are_refused_whatever_the_addresses(
        accounts, behind_one_proxy, settings, sent_off):
    for n in range(settings.PASSWORD_RESET_PER_CLIENT):
        assert ask_for_reset(f"someone-{n}@example.nhs.uk").status_code == 302
    refused = ask_for_reset("board@example.nhs.uk")
    assert refused.status_code == 200 and b"Too many password reset requests" in refused.content
    assert ask_for_reset("board@example.nhs.uk", "203.0.113.9").status_code == 302
    assert len(sent_off) == settings.PASSWORD_RESET_PER_CLIENT + 1


def test_a_known_and_an_unknown_address_are_answered_alike_with_the_same_queries(
        accounts, behind_one_proxy, django_assert_num_queries, sent_off):
    answers = []
    for email in ["board@example.nhs.uk", "nobody@example.nhs.uk"]:
        with django_assert_num_queries(12) as captured:
            answers.append(ask_for_reset(email))
        assert "auth_user" not in " ".join(query["sql"] for query in captured.captured_queries)
    assert [a.status_code for a in answers] == [302, 302] and answers[0]["Location"] == answers[1]["Location"]
    assert sent_off == ["password-reset-email"] * 2
