"""The public outcomes report: published as frozen versions, open without signing in, cached for a crowd, in
plain words, and never showing anything private or made up."""

import re

import pytest
import textstat
from django.test import Client
from django.urls import reverse

from atf_portal.outcomes.models import OutcomesReport
from atf_portal.outcomes.services import publish
from indicators.models import IndicatorValue

from .outcomes_data import (
    COMMENTARY,
    LIVERPOOL,
    PUBLIC_NARRATIVE,
    SECRETS,
    illustrative_values,
    official_values,
    private_records,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(django_user_model):
    official_values()
    illustrative_values()
    private_records(django_user_model)
    return publish(2025)


def public_pages(report):
    """Every page of the public report: the list, the year, the version and each Place of each."""
    year, version = report.year, report.version
    pages = [reverse("outcomes-index"), reverse("outcomes-year", args=[year]),
             reverse("outcomes-version", args=[year, version])]
    for place in report.content["places"]:
        pages += [reverse("outcomes-place", args=[year, place["slug"]]),
                  reverse("outcomes-version-place", args=[year, version, place["slug"]])]
    return pages


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_no_private_or_illustrative_record_reaches_any_public_page(world):
    client, seen = Client(), []
    for page in public_pages(world):
        response = client.get(page)
        assert response.status_code == 200, page
        seen.append(response.content.decode())
    everything = "\n".join(seen)
    assert [secret for secret in SECRETS if secret in everything] == []
    assert PUBLIC_NARRATIVE in everything and COMMENTARY in everything  # the test can tell a leak from silence


def test_the_snapshot_leaves_out_illustrative_summaries_whole(world):
    indicators = {i["number"]: i for theme in world.content["themes"] for i in theme["indicators"]}
    assert indicators[5]["published"] is False and set(indicators[5]) == {
        "number", "title", "unit", "suffix", "difference_suffix", "polarity", "source", "published"}
    assert indicators[4]["published"] is True


def test_a_report_is_frozen_when_published(world):
    IndicatorValue.objects.filter(area__code=LIVERPOOL).update(value=1.5)
    place = Client().get(reverse("outcomes-place", args=[2025, "liverpool"])).content.decode()
    assert "70.0" in place and "1.5%" not in place


def test_a_correction_is_a_new_version_listing_what_changed_and_the_old_one_stays(world):
    with pytest.raises(ValueError):
        publish(2025)
    second = publish(2025, changes="Liverpool's figure for indicator 4 corrected.")
    assert second.version == 2
    current = Client().get(reverse("outcomes-year", args=[2025])).content.decode()
    assert "Version 2" in current and "corrected" in current and "A newer version" not in current
    old = Client().get(reverse("outcomes-version", args=[2025, 1])).content.decode()
    assert "Version 1" in old and "A newer version of this report has been published" in old


def test_a_year_with_no_report_is_not_found():
    assert Client().get(reverse("outcomes-year", args=[2031])).status_code == 404
    assert Client().get(reverse("outcomes-index")).status_code == 200


def test_the_team_publishes_from_the_admin(business_client):
    response = business_client.post(reverse("admin:outcomes_outcomesreport_add"), {"year": 2026, "changes": ""})
    assert response.status_code == 302
    assert OutcomesReport.objects.get(year=2026).version == 1


def test_public_pages_send_caching_headers_and_answer_a_current_copy_with_304(world):
    client, url = Client(), reverse("outcomes-place", args=[2025, "liverpool"])
    first = client.get(url)
    assert first["Cache-Control"] == "public, max-age=300" and first["ETag"]
    assert not first.cookies  # no CSRF or session cookie on a page any cache may share
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    publish(2025, changes="A correction.")
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_a_public_page_is_served_from_the_cache(world, django_assert_num_queries):
    client, url = Client(), reverse("outcomes-year", args=[2025])
    drawn = client.get(url)
    with django_assert_num_queries(1):  # the data version and the stored page, in one query
        cached = client.get(url)
    assert cached.content == drawn.content


def test_a_signed_in_visitor_gets_the_same_public_page(world, board_client):
    url = reverse("outcomes-place", args=[2025, "liverpool"])
    assert board_client.get(url).content == Client().get(url).content


def sentences(report):
    for theme in report.content["themes"]:
        for indicator in (i for i in theme["indicators"] if i["published"]):
            for row in [*indicator["places"], indicator["cm"]]:
                if row:
                    yield row["sentence"]
                    if row["inequality"]:
                        yield row["inequality"]["sentence"]


def test_the_plain_sentences_read_at_about_age_twelve(world):
    text = " ".join(sentences(world))
    assert len(text.split()) > 50
    # Flesch-Kincaid grade 7 is a reading age of about 12 to 13.
    assert textstat.flesch_kincaid_grade(text) <= 7.5
    assert textstat.flesch_reading_ease(text) >= 60  # "plain English"


def test_each_place_page_says_how_it_compares_in_words_with_a_chart_and_a_table(world):
    page = Client().get(reverse("outcomes-place", args=[2025, "liverpool"])).content.decode()
    assert "In Liverpool the figure was 70.0%" in text_of(page) or "In Liverpool the figure was 70.0" in text_of(page)
    assert 'role="img"' in page and "<table" in page
