"""A large import does not hold the portal: on SQLite (WAL, a busy timeout, transactions that take the write lock
as they begin) a page is read during the import's write, and a sign-in and /health/ wait for its commit rather
than fail; the data is all there, or none of it. A preview of many figures says it will take a while."""

import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from indicators.imports.services import preview_upload

from .import_while_reading import template

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="WAL and the busy timeout are SQLite's")


@pytest.fixture
def database_file(committed_db, tmp_path):
    """The test database, with the reference data, copied to a file that another process can open."""
    path = tmp_path / "portal.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(path)])
    return path


def import_while_reading(database_file, outcome):
    result = subprocess.run([sys.executable, "-m", "tests.import_while_reading", str(database_file), outcome],
                            cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@sqlite_only
def test_a_page_and_a_sign_in_answer_while_a_large_import_commits_and_its_data_is_all_there(database_file):
    answers = import_while_reading(database_file, "succeed")
    assert answers["import"] == []
    assert (answers["page"], answers["sign-in"], answers["health"]) == (200, 302, 200)
    assert answers["during"] == answers["before"]  # readers see the data as it was until the commit
    assert answers["after"] == answers["before"] + answers["rows"]


@sqlite_only
def test_an_import_that_fails_after_its_write_leaves_none_of_its_data_and_the_portal_answered(database_file):
    answers = import_while_reading(database_file, "fail")
    assert "nothing was imported" in answers["import"][0]
    assert (answers["page"], answers["sign-in"], answers["health"]) == (200, 302, 200)
    assert answers["after"] == answers["before"]


@pytest.mark.django_db
def test_a_preview_of_many_figures_says_it_will_take_a_while_and_a_small_one_does_not(business_user, business_client,
                                                                                      settings):
    settings.LARGE_IMPORT_FIGURES = 1000
    _, large = preview_upload("large.csv", template(), business_user)
    _, small = preview_upload("small.csv", template(indicators=1, years=2), business_user)
    large_page = business_client.get(reverse("indicator-upload-preview", args=[large.pk])).content.decode()
    assert 'id="takes-a-while"' in large_page and "This file writes 4,950 figures" in large_page
    small_page = business_client.get(reverse("indicator-upload-preview", args=[small.pk])).content.decode()
    assert 'id="takes-a-while"' not in small_page
