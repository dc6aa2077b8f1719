"""Comparison and trend rules checked against worked examples computed by hand."""


import pytest

from indicators.statistics import stats


@pytest.mark.parametrize(
    ("lower", "upper", "england", "polarity", "expected"),
    [
        # Place 78.0 (76.5 to 79.5), England 80.0: England above the upper limit, so the Place is lower.
        (76.5, 79.5, 80.0, "higher", "Worse"),
        (76.5, 79.5, 80.0, "lower", "Better"),
        (76.5, 79.5, 80.0, "none", "Lower"),
        # England 75.0 lies below the lower limit: the Place is higher.
        (76.5, 79.5, 75.0, "higher", "Better"),
        (76.5, 79.5, 75.0, "lower", "Worse"),
        (76.5, 79.5, 75.0, "none", "Higher"),
        # England exactly on a limit counts as inside the interval: Similar, whichever way round.
        (76.5, 79.5, 79.5, "higher", "Similar"),
        (76.5, 79.5, 76.5, "lower", "Similar"),
        (76.5, 79.5, 78.0, "none", "Similar"),
        # Without confidence limits, or without a comparator, nothing is claimed.
        (None, None, 80.0, "higher", "Not compared"),
        (76.5, 79.5, None, "higher", "Not compared"),
    ],
)
def test_comparison_with_england_follows_the_confidence_interval_and_polarity(
    lower, upper, england, polarity, expected
):
    assert stats.compare(lower, upper, england, polarity) == expected


def test_chi_squared_for_trend_matches_a_hand_calculation():
    # 10, 20, 30, 40, 50 of 100 each: N=500, R=150, p=0.3, mean score 3.
    # T = (10*1 + 20*2 + 30*3 + 40*4 + 50*5) - 150*3 = 550 - 450 = 100
    # Var = 0.3 * 0.7 * (100*(1+4+9+16+25) - 500*3^2) = 0.21 * 1000 = 210; chi2 = 100^2 / 210 = 47.619
    statistic, p_value, direction = stats.chi_squared_for_trend([10, 20, 30, 40, 50], [100] * 5)
    assert statistic == pytest.approx(47.619, abs=1e-3)
    assert p_value < 0.001  # beyond 10.828, the 99.9% point of chi-squared with 1 df (NIST table, below)
    assert direction == 1


# Upper critical values of the chi-squared distribution with one degree of freedom, from the NIST/SEMATECH
# e-Handbook of Statistical Methods, section 1.3.6.7.4: 3.841 at 0.05, 6.635 at 0.01, 10.828 at 0.001.
@pytest.mark.parametrize(("critical", "tail"), [(3.841, 0.05), (6.635, 0.01), (10.828, 0.001)])
def test_p_value_matches_the_published_chi_squared_table(critical, tail):
    assert stats.p_value_one_df(critical) == pytest.approx(tail, rel=2e-3)


def ci_point(value, se, count=50, denominator=100):
    """A value with its count and its 95% interval, value +/- 1.96 SE (so the width is 3.92 SE)."""
    return (count, denominator, value, value - 1.96 * se, value + 1.96 * se)


# Five points, periods x = 1..5, standard errors 1, 0.5, 0.5, 0.5, 1, so weights 1/SE^2 = 1, 4, 4, 4, 1.
# Sum w = 14; weighted mean of x = (1 + 8 + 12 + 16 + 5) / 14 = 3.
# Sxx = sum w (x - 3)^2 = 1*4 + 4*1 + 0 + 4*1 + 1*4 = 16, so SE(slope) = sqrt(1 / 16) = 0.25.
# Values 10, 11, 12.5, 13, 15: Sxy = sum w (x - 3) y = -20 - 44 + 0 + 52 + 30 = 18, slope = 18 / 16 = 1.125.
# (slope / SE)^2 = 4.5^2 = 20.25, above 9.5495: increasing.
HAND_WORKED = [ci_point(10, 1), ci_point(11, 0.5), ci_point(12.5, 0.5), ci_point(13, 0.5), ci_point(15, 1)]
FALLING = list(reversed(HAND_WORKED))
# Values 10, 10.6, 11, 11.6, 12 with the same weights: Sxy = -20 - 42.4 + 0 + 46.4 + 24 = 8, slope = 0.5,
# (0.5 / 0.25)^2 = 4: above the 95% point 3.841 but below 9.5495, the only level Fingertips tests a trend at.
GENTLE = [ci_point(10, 1), ci_point(10.6, 0.5), ci_point(11, 0.5), ci_point(11.6, 0.5), ci_point(12, 1)]


@pytest.mark.parametrize(
    ("points", "polarity", "expected"),
    [
        (HAND_WORKED, "higher", "Increasing and getting better"),
        (HAND_WORKED, "lower", "Increasing and getting worse"),
        (FALLING, "higher", "Decreasing and getting worse"),
        (FALLING, "lower", "Decreasing and getting better"),
        (HAND_WORKED, "none", "Increasing"),
        (FALLING, "none", "Decreasing"),
        (GENTLE, "higher", "No significant change"),
        ([ci_point(30, 2)] * 5, "higher", "No significant change"),
        # Fewer than five points, or a latest point without its count or denominator (the run back from the most
        # recent point stops there).
        (HAND_WORKED[:4], "higher", "Cannot be calculated"),
        ([*HAND_WORKED[:4], (None, 100, 15, 13, 17)], "higher", "Cannot be calculated"),
        ([*HAND_WORKED[:4], (50, 0, 15, 13, 17)], "higher", "Cannot be calculated"),
        ([*HAND_WORKED[:4], (None, None)], "higher", "Cannot be calculated"),
        # A count equal to its denominator anywhere in the run (TrendRequest.IsPossibleDivideByZeroErrors).
        ([ci_point(10, 1, count=100), *HAND_WORKED[1:]], "higher", "Cannot be calculated"),
        # Counts without intervals: nothing to fit, so no significant change (Fingertips' NaN slope is never
        # significant), however the counts move.
        ([(10 * i, 100, 10.0 * i) for i in range(1, 6)], "higher", "No significant change"),
    ],
)
def test_recent_trend_labels(points, polarity, expected):
    assert stats.recent_trend(points, polarity) == expected


def test_recent_trend_uses_only_the_latest_five_points():
    assert stats.recent_trend([ci_point(20, 0.5), ci_point(20, 0.5), *HAND_WORKED], "higher") == (
        "Increasing and getting better")
    # Five flat points after a fall: the fall is older than the five.
    assert stats.recent_trend([*FALLING, *[ci_point(10, 0.5)] * 5], "higher") == "No significant change"


def test_a_missing_row_is_skipped_but_an_invalid_value_breaks_the_run():
    # No row for a period (None) leaves nothing to break the run; a row with no value does.
    assert stats.recent_trend([HAND_WORKED[0], None, *HAND_WORKED[1:]], "higher") == "Increasing and getting better"
    suppressed = (None, None, None, None, None)
    assert stats.recent_trend([*HAND_WORKED[:2], suppressed, *HAND_WORKED[2:]], "higher") == "Cannot be calculated"
    assert stats.recent_trend([*HAND_WORKED, suppressed, *HAND_WORKED], "higher") == "Increasing and getting better"


def test_a_point_with_a_count_but_no_interval_is_left_out_of_the_fit():
    # The five most recent points that have intervals are fitted (GetMostRecentData filters on LowerCI95/UpperCI95),
    # here the hand-worked five before a latest point without limits.
    assert stats.recent_trend([*HAND_WORKED, (50, 100, 15, None, None)], "higher") == "Increasing and getting better"


def test_p_value_for_the_borderline_example_sits_between_the_two_levels():
    # 20, 23, 26, 29, 32 of 100: T = 420 - 390 = 30, Var = 0.26*0.74*1000 = 192.4, chi2 = 4.68, p = 0.031.
    statistic, p_value, _ = stats.chi_squared_for_trend([20, 23, 26, 29, 32], [100] * 5)
    assert statistic == pytest.approx(4.678, abs=1e-3)
    # chi2 = 4.68 lies between the table's 3.841 (p = 0.05) and 6.635 (p = 0.01).
    assert 0.01 < p_value < 0.05


def test_best_worst_and_gap_respect_polarity():
    values = {"Halton": 10.0, "Wirral": 14.0, "Sefton": None, "Liverpool": 12.5}
    assert stats.best_and_worst(values, "higher") == ("Wirral", "Halton")
    assert stats.best_and_worst(values, "lower") == ("Halton", "Wirral")
    assert stats.gap(values) == pytest.approx(4.0)
    assert stats.gap({"Halton": 3.0}) is None


# Issue 18: statistics that agree with Fingertips.
# Fingertips tests every recent trend at 99.8%, whatever level the indicator is compared at: 9.5495 is the upper
# 0.002 point of chi-squared with one degree of freedom, the square of the two-sided normal 99.8% point 3.0902
# (TrendMarkerCalculator's ChiSquareConfidence, "=CHIINV(0.002,1)" in its 2016-2019 source).
def test_the_trend_critical_value_is_the_998_point_of_chi_squared():
    assert stats.TREND_CHI_SQUARED == pytest.approx(3.090232 ** 2, abs=1e-5)
    assert stats.p_value_one_df(stats.TREND_CHI_SQUARED) == pytest.approx(0.002, rel=1e-4)


def test_interval_based_trend_matches_a_hand_calculation():
    slope, se = stats.weighted_slope([(v, lo, hi) for _, _, v, lo, hi in HAND_WORKED])
    assert slope == pytest.approx(1.125)
    assert se == pytest.approx(0.25)
    slope, se = stats.weighted_slope([(v, lo, hi) for _, _, v, lo, hi in GENTLE])
    assert (slope / se) ** 2 == pytest.approx(4.0)


def test_an_outlier_fails_the_leave_one_out_sign_check():
    # 10.2, 10.1, 10.0, 9.9 then 20, each SE 0.5 (w = 4): Sxx = 4 * 10 = 40, Sxy = 4 * (-20.4 - 10.1 + 9.9 + 40)
    # = 77.6, slope = 1.94, (slope / SE)^2 = 1.94^2 * 40 = 150.5: "significant", but leaving out the last point
    # the other four fall (slope -0.1), so the rise rests on one point: no significant change.
    outlier = [ci_point(10.2, 0.5), ci_point(10.1, 0.5), ci_point(10.0, 0.5), ci_point(9.9, 0.5), ci_point(20, 0.5)]
    slope, se = stats.weighted_slope([(v, lo, hi) for _, _, v, lo, hi in outlier])
    assert slope == pytest.approx(1.94) and (slope / se) ** 2 > stats.TREND_CHI_SQUARED
    assert stats.recent_trend(outlier, "higher") == "No significant change"


@pytest.mark.parametrize(("period", "years"), [
    ("2022", 1), ("2021/22", 1), ("2021/22 Q3", 1), ("Jul 2019 - Jun 2020", 1), ("2019 Q1 - 2019 Q4", 1),
    ("2018 - 20", 3), ("2019 - 20", 2), ("2015/16 - 17/18", 3), ("2016/17 - 17/18", 2), ("Apr 2017 - Mar 2020", 3),
    ("1998 - 00", 3),
])
def test_year_range_reads_fingertips_period_labels(period, years):
    assert stats.year_range(period) == years


def test_fingertips_declines_multi_year_periods_and_other_value_types():
    assert stats.recent_trend(HAND_WORKED, "higher", period="2021/22") == "Increasing and getting better"
    assert stats.recent_trend(HAND_WORKED, "higher", period="2018 - 20") == "Cannot be calculated"
    for value_type in ("Proportion", "Crude rate", "Directly standardised rate", ""):
        assert stats.recent_trend(HAND_WORKED, "higher", value_type=value_type) == "Increasing and getting better"
    for value_type in ("Indirectly standardised ratio", "Life expectancy", "Count", "Score"):
        assert stats.recent_trend(HAND_WORKED, "higher", value_type=value_type) == "Cannot be calculated"


def test_a_95_and_a_998_indicator_compare_the_same_value_differently():
    from types import SimpleNamespace

    from indicators.summary.analysis import compare_value

    # Place 78.0: 95% interval 76.5 to 79.5, 99.8% interval 75.5 to 80.5; England 80.0 lies above the 95% interval
    # (Worse where higher is better) but inside the 99.8% one (Similar).
    place = SimpleNamespace(value=78.0, lower_ci=76.5, upper_ci=79.5, lower_ci_998=75.5, upper_ci_998=80.5)
    england = SimpleNamespace(value=80.0)
    at_95 = SimpleNamespace(polarity="higher", comparator_confidence=95.0)
    at_998 = SimpleNamespace(polarity="higher", comparator_confidence=99.8)
    assert compare_value(place, england, at_95) == "Worse"
    assert compare_value(place, england, at_998) == "Similar"
    place.lower_ci_998 = place.upper_ci_998 = None  # a 99.8% indicator without its 99.8% limits
    assert compare_value(place, england, at_998) == "Not compared"
