"""Comparison and trend rules checked against worked examples computed by hand."""


import pytest

from indicators import stats


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


RISING = [(10, 100), (20, 100), (30, 100), (40, 100), (50, 100)]
FALLING = list(reversed(RISING))


@pytest.mark.parametrize(
    ("points", "polarity", "expected"),
    [
        (RISING, "higher", "Increasing and getting better"),
        (RISING, "lower", "Increasing and getting worse"),
        (FALLING, "higher", "Decreasing and getting worse"),
        (FALLING, "lower", "Decreasing and getting better"),
        (RISING, "none", "Increasing"),
        (FALLING, "none", "Decreasing"),
        # 20, 23, 26, 29, 32 of 100: T = 420 - 390 = 30, Var = 0.26*0.74*1000 = 192.4, chi2 = 4.68, p = 0.031.
        # Significant at 95% but not at the 99.9% level Fingertips uses: no significant change.
        ([(20, 100), (23, 100), (26, 100), (29, 100), (32, 100)], "higher", "No significant change"),
        ([(30, 100), (31, 100), (29, 100), (30, 100), (30, 100)], "higher", "No significant change"),
        # Fewer than five points, or a point without its count and denominator.
        (RISING[:4], "higher", "Cannot be calculated"),
        ([*RISING[:4], (None, None)], "higher", "Cannot be calculated"),
        ([*RISING[:4], (120, 100)], "higher", "Cannot be calculated"),
    ],
)
def test_recent_trend_labels(points, polarity, expected):
    assert stats.recent_trend(points, polarity) == expected


def test_recent_trend_uses_only_the_latest_five_points():
    flat_then_rising = [(50, 100), (50, 100), *RISING]
    assert stats.recent_trend(flat_then_rising, "higher") == "Increasing and getting better"


def test_p_value_for_the_borderline_example_sits_between_the_two_levels():
    _, p_value, _ = stats.chi_squared_for_trend([20, 23, 26, 29, 32], [100] * 5)
    # chi2 = 4.68 lies between the table's 3.841 (p = 0.05) and 6.635 (p = 0.01).
    assert 0.01 < p_value < 0.05


def test_best_worst_and_gap_respect_polarity():
    values = {"Halton": 10.0, "Wirral": 14.0, "Sefton": None, "Liverpool": 12.5}
    assert stats.best_and_worst(values, "higher") == ("Wirral", "Halton")
    assert stats.best_and_worst(values, "lower") == ("Halton", "Wirral")
    assert stats.gap(values) == pytest.approx(4.0)
    assert stats.gap({"Halton": 3.0}) is None
