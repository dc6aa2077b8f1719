"""The user guide (docs/, served at /guide/) and the portal's own password pages."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from atf_portal.guide import DOCS

pytestmark = pytest.mark.django_db

PAGES = ["business-team", "board-member", "marmot-lead", "programme-lead"]


def test_the_guide_has_one_page_per_role_each_linked_from_the_index_and_the_readme():
    index = (DOCS / "index.md").read_text()
    readme = (DOCS.parent / "README.md").read_text()
    for page in PAGES:
        assert (DOCS / f"{page}.md").is_file()
        assert f"({page}.md)" in index and f"(docs/{page}.md)" in readme


def test_every_picture_the_guide_shows_is_one_the_journeys_take():
    journeys = (DOCS.parent / "tests" / "test_journeys.py").read_text()
    taken = set(re.findall(r'docs_screenshot\(\w+, "([\w-]+)"', journeys))
    shown = {name for page in ["index", *PAGES]
             for name in re.findall(r"\(images/([\w-]+)\.png\)", (DOCS / f"{page}.md").read_text())}
    assert shown and shown <= taken
    assert {path.stem for path in (DOCS / "images").glob("*.png")} >= shown


@pytest.mark.parametrize("page", ["index", *PAGES])
def test_each_guide_page_is_served_to_anyone_with_its_pictures_and_links_rewritten(page):
    url = reverse("guide") if page == "index" else reverse("guide-page", args=[page])
    response = Client().get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'src="images/' not in html and '.md"' not in html
    if page == "index":
        assert f'href="{reverse("guide-page", args=["board-member"])}"' in html
    else:
        assert 'src="/static/guide/' in html


def test_an_unknown_guide_page_is_not_found():
    assert Client().get(reverse("guide-page", args=["no-such-page"])).status_code == 404


def test_every_page_links_to_the_guide_from_its_footer():
    html = Client().get(reverse("login")).content.decode()
    footer = html[html.index('<footer'):]
    assert f'href="{reverse("guide")}"' in footer


def test_a_password_change_shows_its_errors_in_a_summary_then_changes_the_password(board_user):
    client = Client()
    client.force_login(board_user)
    response = client.post(reverse("password_change"), {
        "old_password": "wrong", "new_password1": "a-new-long-passphrase", "new_password2": "a-new-long-passphrase"})
    assert response.status_code == 200
    assert 'class="nhsuk-error-summary"' in response.content.decode()
    assert 'href="#id_old_password"' in response.content.decode()
    response = client.post(reverse("password_change"), {
        "old_password": "not-used-in-tests", "new_password1": "a-new-long-passphrase",
        "new_password2": "a-new-long-passphrase"})
    assert response.status_code == 302
    board_user.refresh_from_db()
    assert board_user.check_password("a-new-long-passphrase")
