"""Anonymous visitors' copies of the public pages and API answers (atf_portal/core/publiccache.py): the same answer
as the full path, headers and all, for a fraction of its work; never a signed-in person's, never to one; and the
next request after a publication sees it."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from atf_portal.api.models import ApiToken
from atf_portal.core import pagecache
from atf_portal.core.publiccache import copy_key, shareable
from atf_portal.outcomes.services import publish

from .outcomes_data import official_values, private_records

pytestmark = pytest.mark.django_db

PAGES = ["/outcomes/", "/outcomes/2025/", "/outcomes/2025/places/liverpool/", "/api/", "/api/v1/indicators/4/",
         "/api/v1/values/?indicator=4&format=csv", "/api/v1/outcomes/"]


@pytest.fixture
def world(django_user_model):
    official_values()
    private_records(django_user_model)
    return publish(2025)


def full_path(url, **headers):
    with override_settings(PUBLIC_PATHS={}):
        return Client().get(url, **headers)


def replayed(url, **headers):
    client = Client()
    client.get(url)
    return client.get(url, **headers)


def plant(url, body):
    """A copy of url's anonymous answer saying `body`, at the current data version."""
    version, _ = pagecache.version_and_page(pagecache.VERSION_KEY)
    cache.set(copy_key(RequestFactory().get(url)), (version, [("Content-Type", "text/plain")], body))


@pytest.mark.parametrize("url", PAGES)
def test_an_anonymous_copy_answers_exactly_what_the_full_path_answers(world, url):
    full, copy = full_path(url), replayed(url)
    assert (copy.status_code, copy.content, dict(copy.items())) == (full.status_code, full.content, dict(full.items()))
    assert full.status_code == 200 and "public" in copy["Cache-Control"] and copy["Content-Security-Policy"]
    full, copy = full_path(url, HTTP_IF_NONE_MATCH=full["ETag"]), replayed(url, HTTP_IF_NONE_MATCH=copy["ETag"])
    assert (copy.status_code, copy.content, dict(copy.items())) == (304, b"", dict(full.items()))


def test_a_stored_public_page_costs_one_query(world, django_assert_num_queries):
    client, url = Client(), "/outcomes/2025/places/liverpool/"
    drawn = client.get(url)
    with django_assert_num_queries(1):  # the data version and the stored copy, in one query
        assert client.get(url).content == drawn.content
    with django_assert_num_queries(1):
        assert client.get(url, HTTP_IF_NONE_MATCH=drawn["ETag"]).status_code == 304


def test_a_stored_api_answer_costs_its_query_and_the_limit_per_clients_count(world, django_assert_num_queries):
    client, url = Client(), "/api/v1/indicators/4/"
    drawn = client.get(url)
    with django_assert_num_queries(7):  # the copy; the client's count read, then written (DatabaseCache.set: 5)
        assert client.get(url).content == drawn.content


def test_a_signed_in_request_is_never_answered_from_an_anonymous_copy(world, board_client, board_user):
    for url in ["/api/v1/updates/", "/outcomes/2025/"]:
        plant(url, b"an anonymous copy")
        assert Client().get(url).content == b"an anonymous copy"  # the planted copy is what a visitor would get
        assert board_client.get(url).content != b"an anonymous copy"
        _, key = ApiToken.issue(board_user, url)
        assert Client(HTTP_AUTHORIZATION=f"Token {key}").get(url).content != b"an anonymous copy"


def test_a_signed_in_answer_is_never_stored_as_an_anonymous_copy(world, board_client):
    for url in ["/api/v1/updates/", "/api/v1/indicators/4/", "/outcomes/2025/"]:
        assert board_client.get(url).status_code == 200
        assert cache.get(copy_key(RequestFactory().get(url))) is None
    assert Client().get("/api/v1/updates/").status_code in (401, 403)


def test_a_host_not_allowed_is_refused_though_a_copy_is_stored(world):
    Client().get("/outcomes/2025/")
    assert Client().get("/outcomes/2025/", HTTP_HOST="elsewhere.example").status_code == 400


def test_a_publication_reaches_the_next_anonymous_request(world):
    client = Client()
    for url in ["/outcomes/2025/", "/api/v1/outcomes/"]:
        client.get(url)
        assert b"corrected" not in client.get(url).content
    publish(2025, changes="Liverpool's figure corrected.")
    assert b"corrected" in client.get("/outcomes/2025/").content
    assert b"corrected" in client.get("/api/v1/outcomes/").content


def test_a_replayed_api_answer_counts_against_its_clients_limit(world, settings):
    settings.API_ANONYMOUS_RATE = "2/minute"
    url = reverse("api:theme-list")
    assert Client(REMOTE_ADDR="10.0.0.1").get(url).status_code == 200  # drawn and stored
    other = Client(REMOTE_ADDR="10.0.0.2")
    assert [other.get(url).status_code for _ in range(3)] == [200, 200, 429]


def test_an_answer_holding_a_nonce_setting_a_cookie_or_not_public_is_never_stored():
    public = HttpResponse("page", headers={"Cache-Control": "public, max-age=300"})
    assert shareable(RequestFactory().get("/"), public)
    with_nonce = RequestFactory().get("/")
    with_nonce._csp_nonce = "a-nonce"
    assert not shareable(with_nonce, public)
    with_cookie = HttpResponse("page", headers={"Cache-Control": "public, max-age=300"})
    with_cookie.set_cookie("csrftoken", "x")
    assert not shareable(RequestFactory().get("/"), with_cookie)
    assert not shareable(RequestFactory().get("/"), HttpResponse("page", headers={"Cache-Control": "private"}))
    varying = HttpResponse("page", headers={"Cache-Control": "public", "Vary": "Accept-Language"})
    assert not shareable(RequestFactory().get("/"), varying)


@pytest.mark.parametrize("guard", [guard for guard in settings.PUBLIC_PATHS.values() if guard])
def test_each_guard_imports_first_in_a_new_process(guard):
    """A new server's first request may be a replayed answer, whose guard's module is then the first of its app to be
    imported: it must import whole (the API's once met DRF's settings half-way, and a new server answered 500s)."""
    code = ("import django; django.setup(); from django.utils.module_loading import import_string; "
            f"import_string({guard!r})")
    done = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, capture_output=True, text=True,
                          env={**os.environ, "DJANGO_SETTINGS_MODULE": "atf_portal.settings"})
    assert done.returncode == 0, done.stderr[-600:]
