"""England's distribution, the Place page's spine chart and Cheshire and Merseyside as a level."""

import pytest
from django.urls import reverse

from indicators import charts
from indicators.models import Indicator, IndicatorSummary
from indicators.statistics import stats
from places.models import Area
from tests.html import squashed

from .dashboard_data import add_series

pytestmark = pytest.mark.django_db

# A hand-built latest period for indicator 4: six upper-tier authorities (three Places and three areas kept from a
# national file), England, the North West (a region: not in the distribution) and C&M (the ICB).
#
# Hand computation. Upper-tier values sorted: 40, 50, 60, 70, 80, 100 (n = 6). Percentiles by linear
# interpolation between closest ranks (the "inclusive" method, Excel PERCENTILE.INC): the p-th percentile is at
# rank 1 + p(n - 1).
#   25th: rank 1 + 0.25 * 5 = 2.25 -> 50 + 0.25 * (60 - 50) = 52.5
#   75th: rank 1 + 0.75 * 5 = 4.75 -> 70 + 0.75 * (80 - 70) = 77.5
# Higher is better: worst 40, best 100. England 62 sits at the centre; the bar reaches the farther extreme:
# half = max(62 - 40, 100 - 62) = 38. Position of x = 50 + 50 * (x - 62) / 38:
#   worst 40 -> 21.05, 25th 52.5 -> 37.5, 75th 77.5 -> 70.39, best 100 -> 100, Liverpool 50 -> 34.21,
#   C&M 58 -> 44.74.
# Lower is better (the same values): worst 100, best 40, and the axis flips: x -> 50 - 50 * (x - 62) / 38,
# so best 40 -> 78.95, worst 100 -> 0, Liverpool 50 -> 65.79.
ENGLAND = (62.0, 61.9, 62.1, 62000, 100000)
HAND_BUILT = {
    "E92000001": ENGLAND,
    "E12000002": (10.0, 9.0, 11.0, 10, 100),  # the North West: a region, not an upper-tier authority
    "E54000008": (58.0, 57.5, 58.5, 580, 1000),  # C&M: below England, interval clear of it
    "E08000011": (40.0, 39.0, 41.0, 400, 1000),  # Knowsley
    "E08000012": (50.0, 49.0, 51.0, 500, 1000),  # Liverpool
    "E06000006": (60.0, 59.0, 61.0, 600, 1000),  # Halton
    "E10000001": (70.0, 69.0, 71.0, 700, 1000),
    "E10000002": (80.0, 79.0, 81.0, 800, 1000),
    "E10000003": (100.0, 99.0, 101.0, 1000, 1000),
}


@pytest.fixture
def hand_built():
    for n, code in enumerate(["E10000001", "E10000002", "E10000003"]):
        Area.objects.create(name=f"County {n}", slug=f"county-{n}", code=code, kind=Area.Kind.UTLA, sort_order=1000)
    indicator = Indicator.objects.get(number=4)
    add_series(indicator, HAND_BUILT)
    return indicator


def test_the_national_distribution_matches_a_hand_computation(hand_built):
    summary = IndicatorSummary.objects.get(indicator=hand_built, is_default=True)
    assert summary.national == {"areas": 6, "lowest": 40.0, "q25": 52.5, "q75": 77.5, "highest": 100.0,
                                "worst": 40.0, "best": 100.0}


def test_worst_and_best_follow_polarity():
    values = [40, 50, 60, 70, 80, 100]
    assert (stats.national_distribution(values, "lower")["worst"], stats.national_distribution(values, "lower")["best"]
            ) == (100, 40)
    assert stats.national_distribution([5], "higher") == {}


def test_the_spine_row_places_england_at_the_centre_and_the_best_on_the_right(hand_built):
    summary = IndicatorSummary.objects.get(indicator=hand_built, is_default=True)
    liverpool = summary.place(Area.objects.get(slug="liverpool"))
    row = charts.spine_row(hand_built, summary, liverpool)
    assert (row["worst"], row["q25"], row["q75"], row["best"], row["england"], row["cm"]) == (
        40.0, 52.5, 77.5, 100.0, 62.0, 58.0)
    assert (row["range_left"], row["range_width"], row["band_left"], row["band_width"]) == (21.05, 78.95, 37.5, 32.89)
    assert (row["england_at"], row["place_at"], row["cm_at"]) == (50, 34.21, 44.74)
    assert row["vs_england"] == "Worse" and row["colour"] == charts.COMPARISON_COLOURS["Worse"]

    hand_built.polarity = "lower"
    flipped = charts.spine_row(hand_built, summary, liverpool)
    assert (flipped["range_left"], flipped["range_width"], flipped["place_at"]) == (0, 78.95, 65.79)


def test_the_place_page_draws_the_spine_chart_with_labels_and_its_figures_table(hand_built, board_client):
    response = board_client.get(reverse("place-detail", args=["liverpool"]))
    content = response.content.decode()
    assert "Liverpool in England&#x27;s distribution" in content or "Liverpool in England's distribution" in content
    indicator, row = next((i, r) for i, r in response.context["spine"] if i.number == 4)
    assert row["place"] == 50.0
    assert ('aria-label="Liverpool 50 (Worse); England 62; worst 40, 25th percentile 52.5, 75th percentile 77.5, '
            'best 100; Cheshire and Merseyside 58"') in content
    figures = content[content.index('id="spine-figures"'):]
    for text in ("50 (Worse)", "58", "62", "40", "52.5", "77.5", "100", ">6<"):
        assert text in figures


def test_the_cm_value_and_trend_show_on_the_home_theme_and_indicator_pages(hand_built, board_client):
    summary = IndicatorSummary.objects.get(indicator=hand_built, is_default=True)
    assert (summary.cm["value"], summary.cm["vs_england"], summary.cm["england"]) == (58.0, "Worse", 62.0)
    assert summary.cm["trend"] == "No significant change"  # the same figure five years running
    home = squashed(board_client.get(reverse("home")))
    assert ('#cm-level">58 <b aria-hidden="true">W</b><span class="nhsuk-u-visually-hidden">, worse than England'
            '</span> <i class="atf-grid__trend--grey" aria-hidden="true">→</i>'
            '<span class="nhsuk-u-visually-hidden">, trend no significant change</span>') in home
    theme = squashed(board_client.get(reverse("theme-detail", args=[1])))
    assert "Cheshire and Merseyside (ICB) 58, worse compared with England" in theme
    page = board_client.get(reverse("indicator-detail", args=[4])).content.decode()
    assert 'id="cm-level"' in page and "compared with England (62)" in page
