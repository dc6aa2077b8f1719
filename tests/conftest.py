import pytest
import responses
from django.contrib.auth.models import Group
from django.test import Client

from atf_portal.core import roles
from atf_portal.seed.bootstrap import bootstrap
from places.models import Area, PlaceLead


def pytest_configure(config):
    """A fast hasher for the test users, as healthchecks and pretix do: the production PBKDF2 costs about 0.6 s a
    user."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the reference data the portal ships with."""
    with django_db_blocker.unblock():
        bootstrap()


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


# The browser tests' real server and Chromium (tests/browser.py, imported only when a browser test asks, so the
# rest of the suite never needs Playwright); one of each per test module.
@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from .browser import serve

    yield from serve(tmp_path_factory)


@pytest.fixture(scope="module")
def browser():
    from .browser import launch

    yield from launch()
