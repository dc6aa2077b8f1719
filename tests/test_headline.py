"""The home page's headline (dashboard/headline.py): each kind of sentence walked through every label it can meet,
and read back word for word; then the five sentences on the page from the stored summaries."""

import pytest
from django.urls import reverse

from atf_portal.dashboard import headline
from atf_portal.returns.tallies import Tally
from indicators.entries import CmEntry, Figure
from indicators.statistics.labels import Comparison, Trend


def cm(value, comparison, england=None, trend=Trend.NO_SIGNIFICANT_CHANGE, period="2021 - 23"):
    return CmEntry(figure=Figure(value, None, None, period), england=england, comparison=comparison, trend=trend,
                   series=[])


@pytest.mark.parametrize(("comparison", "words"), [
    (Comparison.BETTER, "better than England"), (Comparison.SIMILAR, "similar to England"),
    (Comparison.WORSE, "worse than England"), (Comparison.NOT_COMPARED, "not compared with England"),
    (Comparison.HIGHER, "higher than England"), (Comparison.LOWER, "lower than England"),
])
def test_the_life_expectancy_sentence_gives_the_gap_to_england_in_each_comparison(comparison, words):
    below = headline.life_expectancy([("Female", cm(81.24, comparison, 83.1))])
    assert below == (f"Life expectancy at birth in Cheshire and Merseyside: female 81.2 years in 2021 - 23, 1.9 years "
                     f"below England's 83.1 ({words}).")
    above = headline.life_expectancy([("Male", cm(80.0, comparison, 79.5))])
    assert above == (f"Life expectancy at birth in Cheshire and Merseyside: male 80.0 years in 2021 - 23, 0.5 years "
                     f"above England's 79.5 ({words}).")
    level = headline.life_expectancy([("Male", cm(79.5, comparison, 79.5))])
    assert level == (f"Life expectancy at birth in Cheshire and Merseyside: male 79.5 years in 2021 - 23, the same as "
                     f"England's 79.5 ({words}).")
    alone = headline.life_expectancy([("Persons", cm(80.0, comparison))])
    assert alone == f"Life expectancy at birth in Cheshire and Merseyside: persons 80.0 years in 2021 - 23 ({words})."


def test_the_life_expectancy_sentence_joins_both_sexes_and_says_when_there_is_no_figure():
    both = headline.life_expectancy([("Female", cm(82.0, Comparison.WORSE, 83.1)),
                                     ("Male", cm(78.4, Comparison.SIMILAR, 79.3))])
    assert both == ("Life expectancy at birth in Cheshire and Merseyside: female 82.0 years in 2021 - 23, 1.1 years "
                    "below England's 83.1 (worse than England); male 78.4 years in 2021 - 23, 0.9 years below "
                    "England's 79.3 (similar to England).")
    no_data = "No life expectancy figure for Cheshire and Merseyside has been loaded yet."
    assert headline.life_expectancy([]) == no_data
    assert headline.life_expectancy([("Female", None), ("Male", cm(None, Comparison.NOT_COMPARED))]) == no_data


@pytest.mark.parametrize(("trend", "sentence"), [
    (Trend.INCREASING_BETTER, "1 indicator is getting better and 0 are getting worse"),
    (Trend.DECREASING_BETTER, "1 indicator is getting better and 0 are getting worse"),
    (Trend.INCREASING_WORSE, "0 indicators are getting better and 1 is getting worse"),
    (Trend.DECREASING_WORSE, "0 indicators are getting better and 1 is getting worse"),
    (Trend.INCREASING, "0 indicators are getting better, 0 are getting worse and 1 is changing where neither "
                       "direction is judged better"),
    (Trend.DECREASING, "0 indicators are getting better, 0 are getting worse and 1 is changing where neither "
                       "direction is judged better"),
    (Trend.NO_SIGNIFICANT_CHANGE, "0 indicators are getting better, 0 are getting worse and 1 shows no significant "
                                  "change"),
    (Trend.CANNOT_BE_CALCULATED, "0 indicators are getting better and 0 are getting worse; 1 has no trend that can "
                                 "be calculated"),
])
def test_the_trend_sentence_reads_each_trend(trend, sentence):
    assert headline.cm_trends([trend]) == f"Across Cheshire and Merseyside, {sentence}."


def test_the_trend_sentence_counts_a_mix_and_says_when_there_is_no_figure():
    trends = [Trend.INCREASING_BETTER, Trend.DECREASING_BETTER, Trend.INCREASING_WORSE, Trend.NO_SIGNIFICANT_CHANGE,
              Trend.NO_SIGNIFICANT_CHANGE, Trend.INCREASING, Trend.CANNOT_BE_CALCULATED, Trend.CANNOT_BE_CALCULATED]
    assert headline.cm_trends(trends) == (
        "Across Cheshire and Merseyside, 2 indicators are getting better, 1 is getting worse, 2 show no significant "
        "change and 1 is changing where neither direction is judged better; 2 have no trend that can be calculated.")
    assert headline.cm_trends([]) == (
        "No indicator has a figure for Cheshire and Merseyside yet, so no trend can be given.")


@pytest.mark.parametrize(("comparison", "sentence"), [
    (Comparison.BETTER, "Cheshire and Merseyside is better than England on 1 indicator."),
    (Comparison.SIMILAR, "Cheshire and Merseyside is similar to England on 1 indicator."),
    (Comparison.WORSE, "Cheshire and Merseyside is worse than England on 1 indicator."),
    (Comparison.HIGHER, "Cheshire and Merseyside is higher than England on 1 indicator."),
    (Comparison.LOWER, "Cheshire and Merseyside is lower than England on 1 indicator."),
    (Comparison.NOT_COMPARED, "Cheshire and Merseyside was not compared with England on any of its 1 indicators."),
])
def test_the_comparison_sentence_reads_each_comparison(comparison, sentence):
    assert headline.cm_against_england([comparison]) == sentence


def test_the_comparison_sentence_puts_worse_first_and_counts_those_not_compared():
    comparisons = [Comparison.BETTER, Comparison.WORSE, Comparison.WORSE, Comparison.SIMILAR, Comparison.NOT_COMPARED,
                   Comparison.HIGHER]
    assert headline.cm_against_england(comparisons) == (
        "Cheshire and Merseyside is worse than England on 2 indicators, similar on 1, better on 1 and higher on 1; "
        "1 indicator was not compared.")
    assert headline.cm_against_england([]) == (
        "Cheshire and Merseyside has not been compared with England on any indicator yet.")


@pytest.mark.parametrize(("worse", "compared", "sentence"), [
    ({"Halton": 3, "Wirral": 1, "Sefton": 0}, {"Halton": 10, "Wirral": 12, "Sefton": 12},
     "2 of the 3 Places are worse than England on at least one indicator; Halton on the most, 3 of 10 compared."),
    ({"Halton": 1, "Wirral": 0, "Sefton": 0}, {"Halton": 10, "Wirral": 12, "Sefton": 12},
     "1 of the 3 Places is worse than England on at least one indicator; Halton on the most, 1 of 10 compared."),
    ({"Halton": 2, "Wirral": 2, "Sefton": 1}, {"Halton": 10, "Wirral": 12, "Sefton": 12},
     "All 3 Places are worse than England on at least one indicator; Halton and Wirral on the most, 2 of 10 "
     "compared."),
    ({"Halton": 0, "Wirral": 0, "Sefton": 0}, {"Halton": 10, "Wirral": 12, "Sefton": 12},
     "None of the 3 Places is worse than England on any indicator compared."),
    ({"Halton": 0, "Wirral": 0, "Sefton": 0}, {"Halton": 0, "Wirral": 0, "Sefton": 0},
     "No Place has been compared with England on any indicator yet."),
])
def test_the_places_sentence_counts_the_places_worse_than_england(worse, compared, sentence):
    assert headline.places_worse(worse, compared, 3) == sentence


@pytest.mark.parametrize(("tally", "sentence"), [
    (Tally(expected=40, submitted=12, approved=8), "2026-27 Q3: 12 of 40 programme updates in and 8 approved."),
    (Tally(expected=40, submitted=12, approved=8, returned=2, late=3),
     "2026-27 Q3: 12 of 40 programme updates in, 8 approved, 2 returned and 3 late."),
    (Tally(), "2026-27 Q3: no programme update is expected."),
])
def test_the_round_sentence_gives_the_rounds_completeness(tally, sentence):
    assert headline.round_completeness("2026-27 Q3", tally) == sentence


def test_the_round_sentence_says_when_no_round_is_open():
    assert headline.round_completeness(None, None) == "No reporting round is open."


def test_the_home_page_opens_with_the_five_sentences_read_from_the_stored_summaries(board_client):
    response = board_client.get(reverse("home"))
    assert response.context["headline"] == [
        "No life expectancy figure for Cheshire and Merseyside has been loaded yet.",
        "No indicator has a figure for Cheshire and Merseyside yet, so no trend can be given.",
        "Cheshire and Merseyside has not been compared with England on any indicator yet.",
        "No Place has been compared with England on any indicator yet.",
        "No reporting round is open.",
    ]
    page = " ".join(response.content.decode().split())
    assert ('<ul class="atf-headline" aria-label="The headline"> <li>No life expectancy figure for Cheshire and '
            "Merseyside has been loaded yet.</li>") in page


def test_the_home_sentences_gather_the_stored_summaries_of_every_indicator(board_client, no_page_cache):
    from django.core.management import call_command

    from indicators.models import IndicatorSummary
    from places.models import Area

    call_command("load_demo_values", stdout=open("/dev/null", "w"))
    sentences = board_client.get(reverse("home")).context["headline"]
    life = IndicatorSummary.objects.filter(indicator__number=1).order_by("sex")
    parts = []
    for summary in life:
        value, england = summary.cm["value"], summary.cm["england"]
        side = "below" if value < england else "above"
        words = Comparison(summary.cm["vs_england"]).against("England")
        parts.append(f"{summary.sex.lower()} {value:.1f} years in {summary.cm['period']}, {abs(value - england):.1f} "
                     f"years {side} England's {england:.1f} ({words})")
    assert sentences[0] == f"Life expectancy at birth in Cheshire and Merseyside: {'; '.join(parts)}."
    shown = [s for s in IndicatorSummary.objects.filter(is_default=True) if s.cm.get("value") is not None]
    assert sentences[1] == headline.cm_trends([Trend(s.cm["trend"]) for s in shown])
    assert sentences[2] == headline.cm_against_england([Comparison(s.cm["vs_england"]) for s in shown])
    places = list(Area.objects.places())
    defaults = list(IndicatorSummary.objects.filter(is_default=True))
    worse = {p.name: sum(s.places.get(str(p.pk), {}).get("vs_england") == "Worse" for s in defaults) for p in places}
    compared = {p.name: sum(s.places.get(str(p.pk), {}).get("vs_england") in ("Better", "Similar", "Worse")
                            for s in defaults) for p in places}
    assert sentences[3] == headline.places_worse(worse, compared, 9)
    assert sentences[4] == "No reporting round is open."
