import csv
import io

import plotly.graph_objects
import plotly.offline
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from atf_portal.seed import demo
from indicators.models import Indicator, IndicatorSummary, IndicatorValue, Target, Upload
from indicators.statistics.labels import Comparison, Trend
from indicators.summary.analysis import refresh_summaries
from places.models import Area
from tests.html import squashed

from .conftest import heading, refused, sent_to_sign_in
from .indicator_files import export_before_the_ids_are_set, fingertips_csv, fingertips_row

pytestmark = pytest.mark.django_db
UPLOAD_URL = reverse("indicator-upload")


def add_values(indicator, areas, periods, sexes=("Persons",), categories=("",)):
    """Values for each area, period and sex; with `categories`, a deprivation quintile row for each too."""
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=indicator, area=area, period=f"{year}/{str(year + 1)[2:]}", period_start=year,
                       period_end=year + 1, sex=sex, age="All ages", value=50 + i + rank, lower_ci=49 + i + rank,
                       upper_ci=51 + i + rank, count=50, denominator=100,
                       category_type="Deprivation quintiles" if category else "", category=category)
        for i, area in enumerate(areas) for year in range(2010, 2010 + periods) for sex in sexes
        for rank, category in enumerate(categories)
    )
    refresh_summaries([indicator.pk])


def test_anonymous_visitors_and_outsiders_cannot_see_indicator_pages(client, outsider_client):
    for url in [reverse("indicator-list"), reverse("indicator-detail", args=[3])]:
        assert sent_to_sign_in(client.get(url), url), url
        assert refused(outsider_client.get(url)), url


@pytest.mark.parametrize("who", ["board_client", "lead_client", "business_client"])
def test_every_role_reads_the_indicator_pages(request, who):
    client = request.getfixturevalue(who)
    listing = client.get(reverse("indicator-list"))
    assert heading(listing) == "The 22 Beacon Indicators"
    for indicator in Indicator.objects.all():
        assert f'href="{reverse("indicator-detail", args=[indicator.number])}"' in listing.content.decode()
    third = Indicator.objects.get(number=3)
    detail = client.get(reverse("indicator-detail", args=[3]))
    assert heading(detail) == f"Beacon Indicator 3, theme {third.theme.number} {third.title}{third.footnote_marks}"


@pytest.mark.parametrize("who", ["board_client", "lead_client"])
def test_only_the_business_team_can_upload(request, who):
    client = request.getfixturevalue(who)
    assert client.get(UPLOAD_URL).status_code == 403
    content = fingertips_csv([fingertips_row(1, "E08000012", "2021/22", "60")])
    response = client.post(UPLOAD_URL, {"file": SimpleUploadedFile("f.csv", content)})
    assert response.status_code == 403
    assert client.get(reverse("indicator-template-xlsx")).status_code == 403
    assert Upload.objects.count() == 0


def test_upload_is_previewed_then_imported_on_confirmation(business_client, business_user):
    indicator = Indicator.objects.get(number=10)
    indicator.fingertips_id = 92899
    indicator.save()
    content = fingertips_csv([fingertips_row(92899, "E08000012", "2022", "4.1", "3.2", "5.0"),
                              fingertips_row(92899, "E92000001", "2022", "3.7", "3.6", "3.8")])
    response = business_client.post(UPLOAD_URL, {"file": SimpleUploadedFile("unemployment.csv", content)})
    upload = Upload.objects.get()
    assert response["Location"] == reverse("indicator-upload-preview", args=[upload.pk])
    assert IndicatorValue.objects.count() == 0
    page = business_client.get(response["Location"])
    assert b"Import these figures" in page.content and page.context["upload"].summary["created"] == 2
    response = business_client.post(reverse("indicator-upload-preview", args=[upload.pk]))
    assert response.status_code == 302
    assert IndicatorValue.objects.count() == 2
    upload.refresh_from_db()
    assert (upload.status, upload.content, upload.uploaded_by) == (Upload.Status.IMPORTED, None, business_user)
    # Confirming twice imports nothing more.
    assert business_client.post(reverse("indicator-upload-preview", args=[upload.pk])).status_code == 404


def test_a_bad_upload_shows_its_errors_and_saves_nothing(business_client):
    response = business_client.post(UPLOAD_URL, {"file": SimpleUploadedFile("bad.csv", b"Name\n<script>x</script>\n")})
    assert response.status_code == 200
    assert b"Nothing was imported" in response.content
    assert b"<script>x" not in response.content
    assert Upload.objects.count() == 0


def test_an_oversize_upload_is_refused(business_client, settings):
    settings.MAX_UPLOAD_BYTES = 100
    response = business_client.post(UPLOAD_URL, {"file": SimpleUploadedFile("big.csv", b"x" * 101)})
    assert b"big.csv is 101" in response.content
    assert Upload.objects.count() == 0


def test_the_template_downloads_with_the_right_columns(business_client):
    response = business_client.get(reverse("indicator-template-csv"))
    assert next(csv.reader(io.StringIO(response.content.decode())))[:3] == ["Indicator number", "Area code", "Period"]
    workbook = load_workbook(io.BytesIO(business_client.get(reverse("indicator-template-xlsx")).content))
    assert workbook["Values"]["A1"].value == "Indicator number"
    assert workbook.sheetnames == ["Values", "Guidance"]


def test_indicator_page_query_count_does_not_grow_with_places_periods_breakdowns_or_targets(
        board_client, django_assert_num_queries, no_page_cache):
    indicator = Indicator.objects.get(number=3)
    places = list(Area.objects.places())
    url = reverse("indicator-detail", args=[3])
    add_values(indicator, places[:2], periods=2)
    board_client.get(url)
    # The indicator's decisions and the indicators it replaces: a query each; its breakdowns, then the values of the
    # one shown.
    with django_assert_num_queries(13) as small:
        board_client.get(url)
    IndicatorValue.objects.all().delete()
    Target.objects.create(indicator=indicator, kind=Target.Kind.VALUE, target_value=60, target_date="2030-03-31")
    Target.objects.create(indicator=indicator, area=places[0], kind=Target.Kind.CLOSE_GAP, gap_closed_percent=50,
                          target_date="2030-03-31")
    quintiles = ("", *(f"Quintile {n}" for n in range(1, 6)))
    add_values(indicator, list(Area.objects.exclude(code=None)), periods=15, sexes=("Persons", "Male", "Female"),
               categories=quintiles)
    with django_assert_num_queries(len(small.captured_queries)):
        response = board_client.get(url)
    assert len(response.context["latest_rows"]) == 9 and len(response.context["data"].periods) == 15


def test_the_indicator_page_names_each_figures_source_without_reading_the_uploads_plan(board_client, no_page_cache):
    # A national import's plan summary is megabytes; joined into each figure it was decoded once a figure.
    indicator = Indicator.objects.get(number=3)
    upload = Upload.objects.create(file_name="national.csv", kind=Upload.Kind.FINGERTIPS,
                                   status=Upload.Status.IMPORTED, summary={"created": 2})
    add_values(indicator, list(Area.objects.places())[:2], periods=2)
    IndicatorValue.objects.update(upload=upload)
    with CaptureQueriesContext(connection) as queries:
        response = board_client.get(reverse("indicator-detail", args=[3]) + "?_export=csv")
    assert "national.csv" in response.content.decode()
    assert not any('"indicators_upload"."summary"' in query["sql"] for query in queries.captured_queries)


def test_indicator_list_query_count_does_not_grow_with_values(board_client, django_assert_num_queries, no_page_cache):
    url = reverse("indicator-list")
    board_client.get(url)
    with django_assert_num_queries(8) as empty:  # the set's review: one query
        board_client.get(url)
    demo.load()
    with django_assert_num_queries(len(empty.captured_queries)):
        board_client.get(url)


def test_demo_values_carry_the_illustrative_banner_everywhere_until_removed(board_client):
    demo.load()
    assert IndicatorValue.objects.illustrative().count() > 0
    for url in [reverse("indicator-list"), reverse("indicator-detail", args=[3])]:
        assert b"Illustrative data, not official statistics" in board_client.get(url).content, url
    export = board_client.get(reverse("indicator-detail", args=[3]), {"_export": "csv"})
    assert b"ILLUSTRATIVE DATA, NOT OFFICIAL STATISTICS" in export.content
    demo.remove()
    assert IndicatorValue.objects.count() == 0 and not Upload.objects.exists()
    for url in [reverse("indicator-list"), reverse("indicator-detail", args=[3])]:
        assert b"Illustrative data" not in board_client.get(url).content, url


def test_demo_values_never_overwrite_real_ones(board_client):
    indicator = Indicator.objects.get(number=3)
    add_values(indicator, list(Area.objects.places()), periods=3)
    demo.load()
    assert not IndicatorValue.objects.illustrative().filter(indicator=indicator).exists()


def test_a_not_live_indicator_says_so_instead_of_an_empty_chart(board_client):
    response = board_client.get(reverse("indicator-detail", args=[12]))
    assert b"anchor institution indicators" in response.content
    assert b"data-chart" not in response.content
    response = board_client.get(reverse("indicator-detail", args=[15]))
    assert b"no longer published at local level" in response.content


def test_plotly_is_served_locally_and_only_on_pages_that_draw_charts(board_client):
    indicator = Indicator.objects.get(number=3)
    add_values(indicator, list(Area.objects.exclude(code=None)), periods=5)
    page = board_client.get(reverse("indicator-detail", args=[3])).content.decode()
    assert '<script src="/static/vendor/plotly/plotly-basic.min.js">' in page
    assert 'data-chart="chart-trend"' in page and 'data-chart="chart-latest"' in page
    assert "cdn" not in page.lower()
    for url in [reverse("home"), reverse("indicator-list"), reverse("programme-list")]:
        assert "plotly" not in board_client.get(url).content.decode(), url


def test_every_chart_is_valid_plotly_of_the_served_version_and_of_the_traces_its_bundle_draws(board_client):
    """The page serves plotly.js's basic bundle (bar, pie and scatter traces; a quarter of the full bundle's size,
    for phones), kept in static/vendor/plotly/ at the plotly.js version the pinned `plotly` package bundles. That
    package's schema checks every chart the page draws: a misspelt property or another kind of trace fails here."""
    bundle = (settings.BASE_DIR / "static/vendor/plotly/plotly-basic.min.js").read_text()[:200]
    assert f"plotly.js (basic - minified) v{plotly.offline.get_plotlyjs_version()}\n" in bundle
    indicator = Indicator.objects.get(number=3)
    add_values(indicator, list(Area.objects.exclude(code=None)), periods=5)
    figures = board_client.get(reverse("indicator-detail", args=[3])).context["charts"]
    assert set(figures) == {"trend", "latest", "gap", "gradient", "inequality"}
    for name, figure in figures.items():
        plotly.graph_objects.Figure(figure)  # raises ValueError on anything plotly.js does not know
        assert {trace["type"] for trace in figure["data"]} <= {"bar", "pie", "scatter"}, name
    with pytest.raises(ValueError):
        plotly.graph_objects.Figure({"data": [{**figures["trend"]["data"][0], "modes": "lines"}]})


def test_the_indicator_page_summarises_and_compares_in_plain_words(board_client):
    indicator = Indicator.objects.get(number=3)
    places = list(Area.objects.places())
    england = Area.objects.get(code="E92000001")
    add_values(indicator, [england, *places[:3]], periods=1)  # England 50 (49-51); Places 51, 52, 53
    response = board_client.get(reverse("indicator-detail", args=[3]))
    assert response.context["summary"].startswith(
        "In 2010/11, of the 3 Places with figures, 0 worse, 1 similar and 2 better than England."
    )
    rows = {row.area.name: row.entry.comparison for row in response.context["latest_rows"] if row.latest}
    assert list(rows.values()) == ["Better", "Better", "Similar"]


def test_hostile_text_in_a_value_note_is_escaped(board_client):
    indicator = Indicator.objects.get(number=3)
    IndicatorValue.objects.create(indicator=indicator, area=Area.objects.get(slug="liverpool"), period="2022",
                                  period_start=2022, period_end=2022, sex="Persons", age="All ages",
                                  value_note="<b>x</b><script>")
    content = board_client.get(reverse("indicator-detail", args=[3])).content
    assert b"<b>x</b>" not in content
    assert b"&lt;b&gt;x&lt;/b&gt;&lt;script&gt;" in content


def test_every_page_showing_illustrative_figures_says_so(board_client):
    from programmes.models import Board

    demo.load()
    board = Board.objects.get(slug="liverpool-city-region-combined-authority")  # its programmes name indicators
    pages = [reverse("home"), reverse("theme-detail", args=[1]), reverse("place-detail", args=["liverpool"]),
             reverse("board-detail", args=[board.slug]), reverse("indicator-list"),
             reverse("indicator-detail", args=[10])]
    for url in pages:
        assert b"Illustrative data, not official statistics" in board_client.get(url).content, url


def test_the_preview_names_each_unclaimed_fingertips_id_and_links_to_where_to_set_it(business_client):
    Indicator.objects.update(fingertips_id=None)  # as before bootstrap seeded them
    upload = SimpleUploadedFile("ft.csv", export_before_the_ids_are_set())
    response = business_client.post(UPLOAD_URL, {"file": upload})
    page = squashed(business_client.get(response["Location"]))
    activity = Indicator.objects.get(number=18)
    assert "93014 'Percentage of physically active adults' (2 rows)" in page
    link = f'<a href="/admin/indicators/indicator/{activity.pk}/change/">set its Fingertips ID</a>'
    assert f"most likely Beacon Indicator 18. Activity levels: {link}" in page


def test_the_indicator_page_takes_its_judgements_and_agreement_from_the_stored_summary(board_client):
    indicator = Indicator.objects.get(number=3)
    england, liverpool = Area.objects.get(code="E92000001"), Area.objects.get(slug="liverpool")
    add_values(indicator, [england, liverpool], periods=1)  # Liverpool 51 (50-52) against England's 50: Similar
    summary = IndicatorSummary.objects.get(indicator=indicator, is_default=True)
    entry = summary.places[str(liverpool.pk)]
    # What a refresh stores when Fingertips published another label: the page shows the stored one, marked.
    entry.update(vs_england="Worse", portal_vs_england="Similar", vs_england_from_fingertips=True)
    agreement = {"compared": 2, "agreed": 1, "rate": 50.0, "disagreements": [
        {"area": "Liverpool", "period": "2010/11", "kind": "comparison", "fingertips": "Worse", "portal": "Similar"}]}
    IndicatorSummary.objects.filter(pk=summary.pk).update(places=summary.places, agreement=agreement)
    response = board_client.get(reverse("indicator-detail", args=[3]))
    row = next(row for row in response.context["latest_rows"] if row.area == liverpool)
    assert (row.entry.comparison, row.entry.comparison.colour) == ("Worse", "red")
    content = response.content.decode()
    assert 'nhsuk-tag--red">Worse</strong> <span class="nhsuk-body-s">(Fingertips)</span>' in content
    assert 'id="agreement"' in content and "1 of 2 labels agree (50.0%)" in content
    assert response.context["summary"].startswith("In 2010/11, of the 1 Places with figures, 1 worse")


def test_a_label_fingertips_words_differently_reads_as_the_portals_choice_and_unknown_words_stay_grey():
    assert Comparison("Better 95%") is Comparison.BETTER and Trend("Increasing & getting worse").colour == "red"
    unknown = Comparison("Not calculated by Fingertips")
    assert (unknown, unknown.colour) == ("Not calculated by Fingertips", "grey")
