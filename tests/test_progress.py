"""Progress since the baseline, checked against published worked values.

Interval figures come from the test data OHID publishes with its PHEindicatormethods R package
(github.com/ukhsa-collaboration/PHEindicatormethods, tests/testthat/testdata_Proportion.xlsx and
testdata_Rate.xlsx). Their "_g" sheets are what phe_proportion and phe_rate return for grouped data, where each
group's numerators and denominators are summed first: the same sum aggregate() makes of the nine Places, so a set of
Places adding up to a published group must reproduce that group's published value and limits.
"""

import datetime
import math

import pytest

from indicators.models import period_years
from indicators.statistics import inequality, progress


def places_from(counts, denominators, multiplier, decimals=1):
    """Nine Places' rows as Fingertips publishes them: the value rounded for display."""
    return [(round(count / denominator * multiplier, decimals), count, denominator)
            for count, denominator in zip(counts, denominators, strict=True)]


# 444 events in 6,430 (testdata_Proportion.xlsx, sheet testdata_Prop_g, Area7), split among nine Places.
COUNTS_444 = [50, 48, 49, 51, 50, 49, 50, 48, 49]
DENOMINATORS_6430 = [710, 715, 720, 700, 715, 720, 710, 720, 720]


def test_a_percentage_for_the_icb_matches_phe_proportion_for_the_summed_places():
    # testdata_Prop_g, Area7: 444 / 6430 -> 0.06905132192846034 (0.06310799576298091 to 0.0755092618317013).
    result = progress.aggregate(places_from(COUNTS_444, DENOMINATORS_6430, 100))
    assert result["multiplier"] == 100
    assert result["method"] == "Wilson score interval"
    assert (result["count"], result["denominator"], result["places"]) == (444, 6430, 9)
    assert result["value"] == pytest.approx(6.905132192846034, rel=1e-9)
    assert result["lower"] == pytest.approx(6.310799576298091, rel=1e-9)
    assert result["upper"] == pytest.approx(7.55092618317013, rel=1e-9)


def test_a_proportion_of_one_given_to_three_decimals_matches_phe_proportion():
    # testdata_Prop_g, Area3: 40 / 200 -> 0.2 (0.15045200926098115 to 0.2608551865653788).
    rows = places_from([4, 5, 3, 6, 4, 5, 4, 5, 4], [22, 22, 22, 22, 22, 22, 22, 22, 24], 1, decimals=3)
    result = progress.aggregate(rows)
    assert (result["multiplier"], result["method"]) == (1, "Wilson score interval")
    assert (result["value"], result["lower"], result["upper"]) == pytest.approx(
        (0.2, 0.15045200926098115, 0.2608551865653788), rel=1e-9)


def test_a_99_8_percent_wilson_interval_matches_phe_proportion():
    # testdata_Prop, Area5, percentage rows: 9856 / 12345 -> 79.83799108950991, 99.8% limits 78.69924108419063 to
    # 80.93061412589626.
    rows = places_from([1100, 1090, 1095, 1098, 1093, 1096, 1094, 1097, 1093], [1372] * 8 + [1369], 100)
    result = progress.aggregate(rows, confidence=99.8)
    assert (result["count"], result["denominator"]) == (9856, 12345)
    assert (result["lower"], result["upper"]) == pytest.approx((78.69924108419063, 80.93061412589626), rel=1e-9)


def test_a_crude_rate_per_100000_matches_phe_rate_with_byars_method():
    # testdata_Rate.xlsx, sheet testdata_Rate_g, Area6: 15,552,912 events in 15,128,673,354 -> 102.80420256339154
    # per 100,000 (Byar's 95% limits 102.7531168009107 to 102.85530745877516).
    counts = [1_600_000, 1_850_000, 1_728_101, 1_700_000, 1_756_202, 1_728_101, 1_690_000, 1_800_000, 1_700_508]
    result = progress.aggregate(places_from(counts, [1_680_963_706] * 9, 100_000))
    assert (result["multiplier"], result["method"]) == (100_000, "Byar's method")
    assert (result["count"], result["denominator"]) == (15_552_912, 15_128_673_354)
    assert (result["value"], result["lower"], result["upper"]) == pytest.approx(
        (102.80420256339154, 102.7531168009107, 102.85530745877516), rel=1e-9)


def test_a_rate_with_fewer_than_ten_events_uses_the_exact_poisson_interval_as_phe_rate_does():
    # testdata_Rate_g, Area1: 2 events in 200 -> 1000 per 100,000, "Exact", 121.10463927198258 to 3612.3438338619794.
    rows = places_from([1, 0, 0, 1, 0, 0, 0, 0, 0], [20, 20, 20, 20, 20, 25, 25, 25, 25], 100_000)
    result = progress.aggregate(rows)
    assert result["method"] == "Exact Poisson interval"
    assert (result["value"], result["lower"], result["upper"]) == pytest.approx(
        (1000, 121.10463927198258, 3612.3438338619794), rel=1e-9)


def test_the_icb_figure_is_refused_with_a_reason_when_one_place_has_no_count():
    rows = places_from(COUNTS_444, DENOMINATORS_6430, 100)
    rows[4] = (rows[4][0], None, rows[4][2])
    result = progress.aggregate(rows)
    assert set(result) == {"reason"}
    assert "1 of the 9 Places has no published count" in result["reason"]


def test_the_icb_figure_is_refused_for_a_standardised_rate_whose_values_are_not_counts_over_denominators():
    # Directly standardised rates: each value is weighted to the European Standard Population, so it is not the
    # crude count / denominator x 100,000 (here 80.0 crude against 96.4 standardised, and so on).
    rows = [(96.4, 120, 150_000), (88.1, 95, 120_000), (101.7, 160, 170_000), (79.2, 70, 100_000),
            (92.5, 130, 140_000), (85.0, 85, 110_000), (110.3, 200, 190_000), (90.8, 100, 115_000),
            (99.9, 140, 145_000)]
    result = progress.aggregate(rows)
    assert set(result) == {"reason"}
    assert "standardised rate" in result["reason"]


def test_the_icb_figure_is_refused_for_life_expectancy_which_has_no_counts():
    result = progress.aggregate([(78.9, None, None)] * 9)
    assert "9 of the 9 Places have no published count" in result["reason"]


def test_a_change_is_tested_as_altman_and_blands_worked_difference_between_two_estimates():
    # Altman DG, Bland JM. Interaction revisited: the difference between two estimates. BMJ 2003;326:219. Relative
    # risks of non-vertebral fracture with HRT, 0.67 (0.46 to 0.98) and 0.88 (0.71 to 1.08), compared on the log
    # scale: d = -0.2726, SE(d) = 0.2206, z = -1.24 (P = 0.2); ratio of relative risks 0.76 (0.49 to 1.17).
    first = tuple(math.log(x) for x in (0.88, 0.71, 1.08))
    second = tuple(math.log(x) for x in (0.67, 0.46, 0.98))
    gap, lower, upper, significant = inequality.difference(second, first)
    assert gap == pytest.approx(-0.2726, abs=5e-5)
    assert (math.exp(gap), math.exp(lower), math.exp(upper)) == pytest.approx((0.76, 0.49, 1.17), abs=5e-3)
    assert (upper - lower) / (2 * 1.96) == pytest.approx(0.2206, abs=5e-5)
    assert gap / ((upper - lower) / (2 * 1.96)) == pytest.approx(-1.24, abs=5e-3)
    assert significant is False
    assert progress.change_since(first, second, "lower")["label"] == "No significant change"


# Percentages with their published 95% Wilson limits (testdata_Proportion.xlsx, testdata_Prop, percentage rows).
ONE_IN_100 = (1, 0.1767432064140651, 5.44861961787053)
FIVE_IN_100 = (5, 2.154367915436798, 11.17504692319191)
TWENTY_IN_100 = (20, 13.33669333310325, 28.882916559315884)
SIXTY_FIVE_IN_100 = (65, 55.25444329688797, 73.63575175690247)


@pytest.mark.parametrize(
    ("baseline", "latest", "polarity", "label"),
    [
        (TWENTY_IN_100, SIXTY_FIVE_IN_100, "higher", "Better"),
        (TWENTY_IN_100, SIXTY_FIVE_IN_100, "lower", "Worse"),
        (TWENTY_IN_100, SIXTY_FIVE_IN_100, "none", "Higher"),
        (SIXTY_FIVE_IN_100, TWENTY_IN_100, "higher", "Worse"),
        (SIXTY_FIVE_IN_100, TWENTY_IN_100, "lower", "Better"),
        (SIXTY_FIVE_IN_100, TWENTY_IN_100, "none", "Lower"),
    ],
)
def test_a_change_well_beyond_both_intervals_is_significant_and_labelled_by_polarity(
    baseline, latest, polarity, label
):
    result = progress.change_since(baseline, latest, polarity)
    assert result == {"change": latest[0] - baseline[0], "label": label, "significant": True}


def test_a_change_within_overlapping_intervals_is_no_significant_change():
    # 1% (0.18 to 5.45) to 5% (2.15 to 11.18): z = 4 / sqrt(1.344^2 + 2.302^2) = 1.50, below 1.96.
    result = progress.change_since(ONE_IN_100, FIVE_IN_100, "higher")
    assert result == {"change": 4, "label": "No significant change", "significant": False}


def test_a_change_without_limits_is_labelled_by_its_direction_with_significance_unknown():
    result = progress.change_since((20, None, None), (65, None, None), "lower")
    assert result == {"change": 45, "label": "Worse", "significant": None}
    assert progress.change_since((20,), (15,), "none") == {"change": -5, "label": "Lower", "significant": None}


def test_a_change_with_a_missing_value_cannot_be_judged():
    result = progress.change_since((None, None, None), SIXTY_FIVE_IN_100, "higher")
    assert result == {"change": None, "label": "Cannot be judged", "significant": None}


def stored(labels):
    return [(label, *period_years(label)) for label in labels]


@pytest.mark.parametrize(
    ("labels", "baseline"),
    [
        (["2019", "2020", "2021", "2022", "2023"], "2022"),
        (["2020/21", "2021/22", "2022/23", "2023/24"], "2022/23"),
        (["2018 - 20", "2019 - 21", "2020 - 22", "2021 - 23"], "2020 - 22"),
        (["2015", "2016", "2017", "2018"], None),
        (["2023/24", "2024/25"], None),
    ],
)
def test_the_default_baseline_is_the_period_starting_in_2022_or_the_rolling_period_ending_in_it(labels, baseline):
    assert progress.default_baseline(stored(labels)) == baseline


@pytest.mark.parametrize(
    ("label", "midpoint"),
    [
        ("2022", 2022.5),  # 1 January to 31 December 2022
        ("2022/23", 2022.75),  # 1 April 2022 to 31 March 2023: the middle is about 1 October 2022
        ("2020 - 22", 2021.5),  # 1 January 2020 to 31 December 2022
        ("2021 - 22", 2022.0),  # a two-year rolling range, not a financial year
    ],
)
def test_a_periods_midpoint_is_the_middle_of_the_time_it_covers(label, midpoint):
    assert progress.period_midpoint(*period_years(label), label) == midpoint


def test_a_date_is_the_fraction_of_its_year_gone():
    assert progress.decimal_year(datetime.date(2029, 3, 31)) == pytest.approx(2029 + 89 / 365)  # about 2029.25
    assert progress.decimal_year(datetime.date(2024, 1, 1)) == 2024.0
    assert progress.decimal_year(datetime.date(2024, 7, 2)) == pytest.approx(2024.5)  # 183 of 366 days (leap)
    # A financial year's midpoint and the date it stands for sit together on the axis.
    assert progress.decimal_year(datetime.date(2022, 10, 1)) == pytest.approx(2022.75, abs=0.01)


def test_the_expected_value_is_read_off_the_straight_line_from_baseline_to_target():
    # From 10 at 2022.5 to 20 at 2029.25: a quarter of the way along, 12.5; at the ends, the ends.
    assert progress.expected_value(2022.5, 10, 2029.25, 20, 2024.1875) == pytest.approx(12.5)
    assert progress.expected_value(2022.5, 10, 2029.25, 20, 2022.5) == 10
    assert progress.expected_value(2022.5, 10, 2029.25, 20, 2029.25) == 20
    assert progress.expected_value(2022.5, 30, 2029.25, 20, 2025.875) == pytest.approx(25)  # a falling target
    assert progress.expected_value(2022.5, None, 2029.25, 20, 2025.875) is None


@pytest.mark.parametrize(
    ("value", "expected", "polarity", "status"),
    [
        (13, 12.5, "higher", "On trajectory"),
        (12.5, 12.5, "higher", "On trajectory"),
        (12, 12.5, "higher", "Off trajectory"),
        (12, 12.5, "lower", "On trajectory"),
        (12.5, 12.5, "lower", "On trajectory"),
        (13, 12.5, "lower", "Off trajectory"),
        (13, 12.5, "none", "Not judged"),
        (None, 12.5, "higher", "Not judged"),
        (13, None, "lower", "Not judged"),
    ],
)
def test_trajectory_status_is_on_when_at_least_as_good_as_the_line(value, expected, polarity, status):
    assert progress.trajectory_status(value, expected, polarity) == status
