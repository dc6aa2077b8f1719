import html
import os
import re
import socket
import sqlite3
import sys

import pytest
import responses
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from atf_portal.core import roles
from atf_portal.seed.bootstrap import bootstrap
from places.models import Area, PlaceLead

from . import prepared_database
from .server_settings import FAST_PASSWORD_HASHERS

# Production hashes passwords with PBKDF2 (Django's default), about 0.6 s a password here; the suite makes some 500
# users, so it hashes with MD5 instead, as healthchecks and pretix do, and so do the browser tests' servers
# (tests/server_settings.py). One test signs in through the real sign-in form with these production hashers
# (tests/test_production.py), so the slow path stays tested.
PRODUCTION_PASSWORD_HASHERS = list(django_settings.PASSWORD_HASHERS)


def pytest_configure(config):
    # override_settings sends setting_changed, which empties Django's cache of hashers.
    override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS).enable()
    # Registered here too, so the browser tests' group is known when pytest runs without pytest-xdist (-p no:xdist).
    config.addinivalue_line("markers", "xdist_group(name): run the tests of one group on one pytest-xdist worker")


# Fixtures that reach the test database: a test that requests none of them (itself or through another fixture), has
# no django_db mark and no `database` mark is pure Python, and gives the same answer on every database.
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback",
                     "live_server", "committed_db"}
# The browser tests' fixtures. A module's tests share its server (and the journeys what earlier steps left; the
# accessibility walk, which pages each role's copy is opened), so a module runs on one pytest-xdist worker: its group.
# Both workers take groups as they come free; the prepared database is built once for both (browser_database).
BROWSER_FIXTURES = {"server", "browser", "browser_database"}


def uses_test_database(item):
    return bool(item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))


def uses_database(item):
    return uses_test_database(item) or bool(item.get_closest_marker("database"))


def run_order(item):
    """pytest-django puts the tests of the test database first (the transactional ones last among them: they empty it)
    and the rest after, in file order; the rest are sorted here: the modules on the prepared database first (the
    browser modules and the `make serve` test: their groups), then the tests that start processes on a database of
    their own (the migration tests), then the pure-Python tests. So a run ends on short tests, taken by whichever
    worker comes free, and not on a long module with the other worker idle: in file order the task worker's browser
    module (20 s) came last. The sort keeps pytest-django's order where the keys are equal."""
    if uses_test_database(item):
        return 0
    if item.get_closest_marker("xdist_group"):
        return 1
    return 2 if item.get_closest_marker("database") else 3


# Before every other plugin's hook: pytest-xdist's reads the groups into the tests' ids, and runs before a plain hook
# of a conftest.
@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.xdist_group(item.path.stem))
    yield
    items.sort(key=run_order)
    # CI's PostgreSQL pass (.ci/run) sets DB_TESTS_ONLY: the pure-Python tests ran already in the SQLite pass.
    if os.environ.get("DB_TESTS_ONLY"):
        pure = [item for item in items if not uses_database(item)]
        items[:] = [item for item in items if uses_database(item)]
        config.hook.pytest_deselected(items=pure)
        config.stash[DESELECTED] = (f"DB_TESTS_ONLY: {len(pure)} tests that do not use the database deselected, "
                                    f"{len(items)} run")
        if hasattr(config, "workeroutput"):  # a pytest-xdist worker: the controller prints it
            config.workeroutput["db_tests_only"] = config.stash[DESELECTED]


DESELECTED = pytest.StashKey[str]()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """pytest-xdist's controller: a worker's count of deselected tests (every worker collects the same)."""
    if "db_tests_only" in getattr(node, "workeroutput", {}):
        node.config.stash[DESELECTED] = node.workeroutput["db_tests_only"]


def pytest_terminal_summary(terminalreporter, config):
    if DESELECTED in config.stash:
        terminalreporter.write_line(config.stash[DESELECTED])


# The test database as django_db_setup leaves it, on SQLite: what `committed_db` puts back after a transactional test
# has emptied it (SQLite's backup copies it in milliseconds; bootstrap writes it again in a second or two).
REFERENCE_DATA = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the reference data the portal ships with."""
    with django_db_blocker.unblock():
        bootstrap()
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            REFERENCE_DATA["copy"] = sqlite3.connect(":memory:")
            connection.connection.backup(REFERENCE_DATA["copy"])


def make_user(django_user_model, username, group=None, is_staff=False, place=None):
    """A user in one of the roles' groups; with place, the Marmot lead for that Place (its slug)."""
    user = django_user_model.objects.create_user(username=username, password="not-used-in-tests", is_staff=is_staff)
    if group:
        user.groups.add(Group.objects.get(name=group))
    if place:
        PlaceLead.objects.create(user=user, place=Area.objects.get(slug=place))
    return user


@pytest.fixture
def business_user(db, django_user_model):
    return make_user(django_user_model, "business", roles.BUSINESS_TEAM, is_staff=True)


@pytest.fixture
def board_user(db, django_user_model):
    return make_user(django_user_model, "board", roles.BOARD_MEMBERS)


@pytest.fixture
def lead_user(db, django_user_model):
    return make_user(django_user_model, "lead", roles.MARMOT_LEADS, place="liverpool")


@pytest.fixture
def outsider(db, django_user_model):
    """Signed in, but holds none of the portal's roles."""
    return make_user(django_user_model, "outsider")


def heading(response):
    """The page's <h1> as a person reads it: its words, without the tags, spaces collapsed."""
    found = re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split()) if found else None


def sent_to_sign_in(response, url):
    """Not signed in: sent to the sign-in page, which brings the person back to `url` once they have signed in."""
    return response.status_code == 302 and response["Location"] == f"{reverse('login')}?next={url}"


def refused(response):
    """Signed in without a role that may: the portal's refusal page, and nothing of the page it guards."""
    return response.status_code == 403 and heading(response) == "You cannot open this page"


def client_for(user):
    """A client of its own, so a test can hold an anonymous client and signed-in ones side by side."""
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def business_client(business_user):
    return client_for(business_user)


@pytest.fixture
def board_client(board_user):
    return client_for(board_user)


@pytest.fixture
def lead_client(lead_user):
    return client_for(lead_user)


@pytest.fixture
def outsider_client(outsider):
    return client_for(outsider)


@pytest.fixture
def no_page_cache(settings):
    """For tests that count the queries of building a page: a cached page costs the same few whatever it holds."""
    settings.PAGE_CACHE = False


LEAD_PROGRAMME = "Healthy Child Programme"


@pytest.fixture
def programme_lead_user(db, django_user_model):
    """Reports on one programme (the Healthy Child Programme) and reads like a board member."""
    from programmes.models import Programme
    from programmes.reporting.models import ProgrammeLead

    user = make_user(django_user_model, "programme-lead", roles.PROGRAMME_LEADS)
    user.email = "programme.lead@example.nhs.uk"
    user.save()
    ProgrammeLead.objects.create(user=user, programme=Programme.objects.get(name=LEAD_PROGRAMME))
    return user


@pytest.fixture
def programme_lead_client(programme_lead_user):
    return client_for(programme_lead_user)


@pytest.fixture(autouse=True)
def http(settings):
    """No test reaches the network: every request made with `requests` meets this stub, which refuses any address
    a test has not registered. The Fingertips client waits no time between tries here."""
    settings.FINGERTIPS_API_URL = "https://fingertips.test/api/"
    settings.FINGERTIPS_BACKOFF_SECONDS = 0
    with responses.RequestsMock(assert_all_requests_are_fired=False) as stub:
        yield stub


def free_port():
    """A TCP port nothing listens on now, for a server a test starts (runserver, gunicorn)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def data_for_the_module(set_up):
    """A module-scoped fixture: `set_up()` writes data once for the module's tests, as Django's TestCase.setUpTestData
    does for a class, and the fixture's value is what it returns. It runs in a transaction left open around the
    module's tests; each test rolls back to it as usual, and the transaction is rolled back after the module's last
    test. Request it before `db`."""

    @pytest.fixture(scope="module")
    def fixture(django_db_setup, django_db_blocker):
        outer = transaction.atomic()
        with django_db_blocker.unblock():
            outer.__enter__()
            try:
                made = set_up()
            except BaseException:
                outer.__exit__(*sys.exc_info())
                raise
        yield made
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)

    return fixture


@pytest.fixture
def committed_db(transactional_db):
    """A database whose writes other connections (pg_dump, other threads) see, with the reference data: a
    transactional test empties the database when it ends, so the reference data is loaded again (on SQLite, copied
    back as django_db_setup left it)."""
    if "copy" in REFERENCE_DATA:
        connection.ensure_connection()
        REFERENCE_DATA["copy"].backup(connection.connection)
    else:
        bootstrap()


# The browser tests' real servers and Chromium (tests/browser.py, imported only when a browser test asks, so the rest
# of the suite never needs Playwright). The database `make run` would set up is built once per run
# (tests/prepared_database.py); each module gets a server on its own copy of it, since the journeys change what they
# find; one Chromium serves the session.
@pytest.fixture(scope="session", autouse=True)
def _start_preparing_the_browser_database(request, tmp_path_factory):
    """With the run's first test, when any test of the run needs the prepared database."""
    if any("browser_database" in getattr(item, "fixturenames", ()) for item in request.session.items):
        prepared_database.start(prepared_database.shared_folder(tmp_path_factory))


@pytest.fixture(scope="session")
def browser_database(tmp_path_factory):
    return prepared_database.wait(prepared_database.shared_folder(tmp_path_factory))


@pytest.fixture(scope="module")
def server(browser_database, tmp_path_factory):
    from .browser import serve

    yield from serve(browser_database, tmp_path_factory)


@pytest.fixture(scope="session")
def chromium():
    from .browser import launch

    yield from launch()


@pytest.fixture
def browser(chromium):
    """The session's Chromium; the pages a test opened are closed after it, so they do not pile up."""
    yield chromium
    for context in chromium.contexts:
        context.close()


def schedule_just_ran():
    """Every scheduled job as if it had just run. The test database's schedule rows are written when it is made: a
    due moment (06:30, say) passing after that, in the middle of the run, would make the worker queue that job in
    whatever test runs it next, and /health/ call it late."""
    from django.utils import timezone

    from atf_portal.jobs.models import ScheduledJob

    ScheduledJob.objects.update(last_run=timezone.now())


def run_worker_once():
    """The task worker, once, inside the test's transaction, with no scheduled job due (schedule_just_ran). The
    worker closes connections that are unusable or obsolete between tasks, as a long-lived process should; inside a
    test's transaction (autocommit off) that would close the test's own connection, so here it does not, as Django's
    test client does for its request signals."""
    from unittest import mock

    from django.core.management import call_command

    schedule_just_ran()
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("run_worker", "--once")
