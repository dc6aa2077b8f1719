"""The overview grid (dashboard/overview.py) on the home, theme and Place pages: every cell against the stored
summary it is read from, the sex switch, the links to one Place on an indicator page, and the contents lists of the
long pages."""

import re

import pytest
from django.core.management import call_command
from django.db import reset_queries
from django.urls import reverse

from indicators.models import Indicator, IndicatorSummary
from indicators.statistics.labels import Comparison, Trend
from places.models import CHESHIRE_AND_MERSEYSIDE, ENGLAND, Area

from .conftest import data_for_the_module
from .html import squashed

# Every test here reads the demo values (about 2 s to load): loaded once for the module, rolled back after it.
_demo_values_loaded = data_for_the_module(
    lambda: call_command("load_demo_values", stdout=open("/dev/null", "w")))


@pytest.fixture
def demo_values(_demo_values_loaded, db):
    reset_queries()  # the load's thousands of queries would fill the log a query count reads


def expected_cell(summary, area):
    """What a cell must show, read straight from the summary's stored JSON (not through the grid's own reading):
    (value, comparison, trend, period); None for no figure."""
    if area.code == ENGLAND:
        return summary.england_value, None, None, summary.latest_period
    data = summary.cm if area.code == CHESHIRE_AND_MERSEYSIDE else summary.places.get(str(area.pk))
    if not data or "value" not in data:
        return None
    return data["value"], Comparison(data["vs_england"]), Trend(data["trend"]), data["period"]


def shown(cell):
    return (cell.value, cell.comparison, cell.trend, cell.period) if cell.has_figure else None


def test_every_cell_of_the_home_grid_is_its_areas_figure_in_the_stored_summary(board_client, demo_values,
                                                                                no_page_cache):
    grid = board_client.get(reverse("home")).context["grid"]
    assert [area.code for area in grid.columns] == [
        *Area.objects.places().values_list("code", flat=True), CHESHIRE_AND_MERSEYSIDE, ENGLAND]
    assert [row.indicator.number for row in grid.rows] == list(range(1, 23))
    compared = 0
    for row in grid.rows:
        summary = IndicatorSummary.objects.filter(indicator=row.indicator, is_default=True).first()
        assert (row.summary.pk if row.summary else None) == (summary.pk if summary else None)
        for area, cell in zip(grid.columns, row.cells, strict=True):
            expected = expected_cell(summary, area) if summary else None
            assert shown(cell) == expected, (row.indicator.number, area.name)
            compared += expected is not None
    assert compared > 150  # the demo values fill most of the grid, so the walk above checked real figures


def test_a_cell_says_its_comparison_and_trend_in_a_letter_an_arrow_and_words(board_client, demo_values,
                                                                               no_page_cache):
    response = board_client.get(reverse("home"))
    row = next(row for row in response.context["grid"].rows if row.indicator.number == 3)
    knowsley = Area.objects.get(code="E08000011")
    entry = row.summary.place(knowsley)
    marks = {"Better": "B", "Similar": "S", "Worse": "W", "Higher": "H", "Lower": "L", "Not compared": "–"}
    arrows = {"Increasing": "↑", "Decreasing": "↓", "No significant change": "→", "Cannot be calculated": "–"}
    arrow = next(mark for start, mark in arrows.items() if entry.trend.startswith(start))
    value = f"{entry.value:,.2f}".rstrip("0").rstrip(".")
    html = (f'<td class="atf-grid__cell--{entry.comparison.colour}"><a href="/indicators/3/?sex=Persons&amp;'
            f'age=All+ages&amp;area=E08000011#area-E08000011">{value} <b aria-hidden="true">'
            f'{marks[entry.comparison]}</b><span class="nhsuk-u-visually-hidden">, '
            f'{entry.comparison.against("England")}</span> <i class="atf-grid__trend--{entry.trend.colour}" '
            f'aria-hidden="true">{arrow}</i><span class="nhsuk-u-visually-hidden">, trend {entry.trend.lower()}'
            f"</span></a></td>")
    assert html in squashed(response)


def test_a_comparison_reads_as_a_phrase_about_england_for_every_label():
    assert {label.value: label.against("England") for label in Comparison} == {
        "Better": "better than England", "Similar": "similar to England", "Worse": "worse than England",
        "Higher": "higher than England", "Lower": "lower than England", "Not compared": "not compared with England"}


def test_the_sex_switch_shows_each_indicator_published_by_sex_for_that_sex(board_client, demo_values,
                                                                            no_page_cache):
    default = board_client.get(reverse("home")).context["grid"]
    assert default.sexes == ["Female", "Male"] and default.sex == ""
    grid = board_client.get(reverse("home"), {"sex": "Male"}).context["grid"]
    assert grid.sex == "Male"
    for row in grid.rows:
        if row.indicator.number in (1, 2):
            assert (row.summary.sex, row.several_breakdowns) == ("Male", True)
            assert shown(row.cells[0]) == expected_cell(row.summary, grid.columns[0])
        elif row.summary:
            assert row.summary.is_default and not row.several_breakdowns
    page = squashed(board_client.get(reverse("home"), {"sex": "Male"}))
    assert '<strong aria-current="true">male</strong>' in page and '<a href="?sex=Female#overview">female</a>' in page


def test_an_unknown_sex_shows_the_main_figures(board_client, demo_values, no_page_cache):
    grid = board_client.get(reverse("home"), {"sex": "Nobody"}).context["grid"]
    assert grid.sex == "" and all(row.summary is None or row.summary.is_default for row in grid.rows)


def test_a_theme_page_opens_with_the_grid_of_its_own_indicators(board_client, demo_values, no_page_cache):
    response = board_client.get(reverse("theme-detail", args=[2]))
    grid = response.context["grid"]
    assert [row.indicator.number for row in grid.rows] == [5, 6, 7, 8, 9]
    assert len(grid.columns) == 11
    assert [group.theme.number for group in grid.groups] == [2]


def test_a_place_page_shows_the_place_beside_its_neighbours_then_cm_and_england(board_client, demo_values,
                                                                                  no_page_cache):
    response = board_client.get(reverse("place-detail", args=["warrington"]))
    grid = response.context["grid"]
    assert [area.name for area in grid.columns] == [
        "Warrington", "Cheshire East", "Cheshire West and Chester", "Cheshire and Merseyside", "England"]
    for row in grid.rows:
        if row.summary:
            assert [shown(cell) for cell in row.cells] == [expected_cell(row.summary, a) for a in grid.columns]


def test_a_place_cell_links_to_the_indicator_page_which_picks_that_place_out(board_client, demo_values,
                                                                              no_page_cache):
    grid = board_client.get(reverse("home")).context["grid"]
    liverpool = grid.columns.index(Area.objects.get(slug="liverpool"))
    url = grid.rows[2].cells[liverpool].url
    assert url == "/indicators/3/?sex=Persons&age=All+ages&area=E08000012#area-E08000012"
    page = squashed(board_client.get(url))
    assert re.search(r'<tr class="nhsuk-table__row atf-current" id="area-E08000012"> <th class="nhsuk-table__header" '
                     r'scope="row">Liverpool<span class="nhsuk-u-visually-hidden"> \(the Place you chose\)</span>',
                     page)
    assert page.count("atf-current") == 1
    assert 'id="area-E08000011"' in page  # every Place's row can be linked to


def test_a_not_live_indicator_says_so_across_its_row(board_client, demo_values, no_page_cache):
    page = squashed(board_client.get(reverse("home")))
    status = Indicator.objects.get(number=15).get_status_display()
    assert f'<td colspan="11" class="atf-grid__none">{status}</td>' in page


def test_the_grid_scrolls_in_a_named_frame_with_its_header_and_first_column_kept(board_client, demo_values):
    page = squashed(board_client.get(reverse("home")))
    assert ('<div class="atf-table-wrap atf-grid-frame" tabindex="0" role="region" aria-label="The Beacon '
            'Indicators by area">') in page
    assert '<th scope="col" class="atf-grid__corner">Indicator</th>' in page


@pytest.mark.parametrize(("page", "anchors"), [
    ("indicator", ["latest", "trend", "progress", "gap", "inequality", "peers", "programmes"]),
    ("place", ["overview", "indicators", "spine-chart", "inequality", "stocktake", "programmes"]),
    ("theme", ["overview", "indicators", "programmes", "links", "stocktake", "findings", "gaps", "recommendations"]),
    ("coherence", [*(f"theme-{n}" for n in range(1, 9)), "system"]),
])
def test_each_long_page_has_a_contents_list_of_its_sections(board_client, demo_values, page, anchors):
    url = {"indicator": reverse("indicator-detail", args=[3]), "place": reverse("place-detail", args=["halton"]),
           "theme": reverse("theme-detail", args=[3]), "coherence": reverse("coherence")}[page]
    html = squashed(board_client.get(url))
    nav = '<nav class="nhsuk-contents-list atf-no-print" aria-label="Sections on this page">'
    contents = re.search(re.escape(nav) + "(.*?)</nav>", html).group(1)
    assert re.findall(r'href="#([\w-]+)"', contents) == anchors
    for anchor in anchors:
        assert f'id="{anchor}"' in html


@pytest.mark.parametrize(("url", "sex"), [("/", "Male"), ("/places/halton/", "Female"), ("/themes/1/", "Female")])
def test_the_sex_switch_costs_no_query_of_its_own(board_client, demo_values, no_page_cache,
                                                  django_assert_num_queries, url, sex):
    board_client.get(url)
    with django_assert_num_queries(60, exact=False) as main:  # the count is pinned in test_dashboard_pages
        board_client.get(url)
    count = len(main)  # read now: the next request clears the log
    board_client.get(url, {"sex": sex})
    with django_assert_num_queries(count):
        board_client.get(url, {"sex": sex})
