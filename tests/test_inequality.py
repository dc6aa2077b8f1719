"""Inequality measures checked against OHID's own worked figures.

The SII figures come from PHEindicatormethods' test data (ukhsa-collaboration/PHEindicatormethods at commit
093fd288d8f8949dbcfbed70049dbbf385b6141d, tests/testthat/testdata_SII.xlsx, sheet testdata_SII; the columns Quantile,
Population, Value, LowerCL, UpperCL in, sii, sii_lowercl_1, sii_uppercl_1 out; RecordNo n is worksheet row n + 1).
phe_sii's own tests compare its output with these rows (tests/testthat/testSII.R, lines 50, 108, 164).
"""

import math
from statistics import NormalDist

import pytest

from indicators.statistics import stats
from indicators.statistics.inequality import (
    CANNOT_CALCULATE,
    NARROWING,
    NO_SIGNIFICANT_CHANGE,
    WIDENING,
    deprivation_gap,
    deprivation_rank,
    gap_change,
    group_range,
    sex_gap,
    sii,
)

# RecordNo 1-10, "default (e.g. life expectancy) - default parameters", area1: (quantile, population, value,
# LowerCL, UpperCL), quantile 1 the most deprived. Published: sii 6.934616473668819, 95% 3.127594617650817 to
# 10.7586873680794; at 99% (RecordNo 21-30, the same data) 1.9243274437391116 to 11.99208403800279.
AREA1 = [
    (1, 7291, 75.9334590103081, 72.7220530546453, 79.1448649659708),
    (2, 7997, 78.3442382727843, 75.2509802190802, 81.4374963264884),
    (3, 6105, 83.8360631041654, 80.8697295124759, 86.8023966958549),
    (4, 7666, 83.6375399664931, 80.157578356036, 87.1175015769501),
    (5, 5790, 80.4655031529559, 77.1308785969275, 83.8001277089842),
    (6, 6934, 81.1156759857022, 78.0499986811178, 84.1813532902866),
    (7, 5918, 81.6930835718562, 79.011578491948, 84.3745886517644),
    (8, 5974, 84.1900062060987, 81.4457282769343, 86.9342841352631),
    (9, 7147, 80.5955641081472, 75.827185168894, 85.3639430474004),
    (10, 7534, 86.2894349578624, 83.2190593454592, 89.3598105702656),
]
# RecordNo 11-20, area2 (narrow, asymmetric intervals). Published: sii 12.547846636351798, 95% 11.936156426792138
# to 13.163020132396579.
AREA2 = [
    (1, 21675, 70.54853186, 70.09853186, 70.99853186),
    (2, 20065, 71.57155734, 71.12155734, 72.14),
    (3, 19750, 72.48698671, 72.03698671, 73.21),
    (4, 24713, 73.51985519, 73.06985519, 73.7),
    (5, 20112, 73.14605425, 72.69605425, 75.8),
    (6, 19618, 76.15898712, 75.70898712, 78.76),
    (7, 22408, 78.65444871, 78.20444871, 79.77),
    (8, 19752, 80.56476961, 80.11476961, 81.21),
    (9, 18939, 80.85486627, 80.40486627, 81.30486627),
    (10, 19312, 79.9711253, 79.5211253, 80.9),
]
# RecordNo 81-90, "rate (e.g. infant mortality) - default parameters", area2: a rate falling from the most to the
# least deprived. Published sii -2.287678902778742.
FALLING_RATE = [
    (1, 13837, 4.89675, 4.77675, 4.97675),
    (2, 14519, 4.5678, 4.4478, 4.6478),
    (3, 14940, 4.67666, 4.55666, 4.75666),
    (4, 14599, 4.35666, 4.23666, 4.43666),
    (5, 12311, 3.9, 3.78, 3.98),
    (6, 21675, 3.8, 3.68, 3.88),
    (7, 20065, 3.5, 3.38, 3.58),
    (8, 19750, 3.2, 3.08, 3.28),
    (9, 24713, 3.21, 3.09, 3.29),
    (10, 20112, 2.8, 2.68, 2.88),
]


def monte_carlo_tolerance(lower, upper, confidence):
    """How far our simulated limit may fairly sit from the published one. Both are percentiles of 100,000
    simulated slopes, and the slope is a linear combination of normal draws, so it is normal with SD sigma =
    (upper - lower) / (2 z). A p-th sample percentile of N draws has standard error sqrt(p(1 - p) / N) / phi(z_p)
    * sigma; the difference of two independent ones sqrt(2) times that; allow five of those standard errors
    (about 0.12 years for area1's 95% limits, 0.02 for area2's)."""
    tail = (1 - confidence) / 2
    z = NormalDist().inv_cdf(1 - tail)
    sigma = (upper - lower) / (2 * z)
    one = math.sqrt(tail * (1 - tail) / 100_000) / NormalDist().pdf(z) * sigma
    return 5 * math.sqrt(2) * one


def assert_interval_matches(result, lower, upper, confidence=0.95):
    tolerance = monte_carlo_tolerance(lower, upper, confidence)
    assert result["lower"] == pytest.approx(lower, abs=tolerance)
    assert result["upper"] == pytest.approx(upper, abs=tolerance)


# ---- deprivation_rank ----------------------------------------------------------------------------------------------

# The ten decile names, most to least deprived: dhsc-govuk/FingertipsNext,
# frontend/fingertips-frontend/components/charts/Inequalities/helpers/inequalitiesHelpers.test.ts lines 656-701
# (and DataCreator/DataCreator/DataManager.cs lines 323-344, CreateSequenceForCategory, which orders them); the
# category type from DataManager.cs line 293. Fingertips' County & UA types add " (IMD2019)" to each name.
FINGERTIPS_DECILES = [
    "Most deprived decile", "Second most deprived decile", "Third more deprived decile",
    "Fourth more deprived decile", "Fifth more deprived decile", "Fifth less deprived decile",
    "Fourth less deprived decile", "Third less deprived decile", "Second least deprived decile",
    "Least deprived decile",
]
COUNTY_DECILES = "County & UA deprivation deciles in England (IMD2019, 4/21 geography)"
# The five quintile names as Fingertips exports them for indicator 92026 by "LSOA11 deprivation quintiles within
# area (IMD  trend)": traffordDataLab/trafford_themes at 8b6e8a046aeb2036effe6b9f422b4b211baeda73,
# data/children/obese_reception.csv lines 2-6 (the category type in data/children/pre-processing/obese_reception.R
# line 13).
FINGERTIPS_QUINTILES = ["Most deprived quintile", "Second most deprived quintile", "Average deprived quintile",
                        "Second least deprived quintile", "Least deprived quintile"]
LSOA_QUINTILES = "LSOA11 deprivation quintiles within area (IMD  trend)"


def test_fingertips_decile_names_rank_from_most_to_least_deprived():
    for rank, name in enumerate(FINGERTIPS_DECILES, start=1):
        assert deprivation_rank(COUNTY_DECILES, name) == (rank, 10)
        assert deprivation_rank(COUNTY_DECILES, f"{name} (IMD2019)") == (rank, 10)


def test_fingertips_quintile_names_rank_from_most_to_least_deprived():
    for rank, name in enumerate(FINGERTIPS_QUINTILES, start=1):
        assert deprivation_rank(LSOA_QUINTILES, name) == (rank, 5)


def test_the_template_forms_rank_by_their_number():
    assert deprivation_rank("LSOA21 deprivation deciles", "1 - most deprived") == (1, 10)
    assert deprivation_rank("LSOA21 deprivation deciles", "Decile 3") == (3, 10)
    assert deprivation_rank("LSOA21 deprivation deciles", "10 - least deprived") == (10, 10)
    assert deprivation_rank("Deprivation quintiles", "Quintile 5 - least deprived") == (5, 5)
    assert deprivation_rank("Deprivation quintiles", "Quintile 2") == (2, 5)


def test_other_categories_have_no_deprivation_rank():
    assert deprivation_rank("Ethnic groups", "Black") is None
    assert deprivation_rank("Ethnic groups", "Most deprived decile") is None
    assert deprivation_rank(COUNTY_DECILES, "Decile 11") is None
    assert deprivation_rank(COUNTY_DECILES, "3 - least deprived") is None
    assert deprivation_rank(LSOA_QUINTILES, "Fourth more deprived quintile") is None
    assert deprivation_rank(COUNTY_DECILES, "") is None
    assert deprivation_rank("", "Most deprived decile") is None


# ---- sii -------------------------------------------------------------------------------------------------------------

def test_the_sii_matches_phe_worked_example_for_life_expectancy_deciles():
    result = sii(AREA1)
    assert result["sii"] == pytest.approx(6.934616473668819, rel=1e-12)
    assert result["groups"] == 10
    assert_interval_matches(result, 3.127594617650817, 10.7586873680794)


def test_the_sii_matches_phe_worked_example_with_narrow_asymmetric_intervals():
    result = sii(AREA2)
    assert result["sii"] == pytest.approx(12.547846636351798, rel=1e-12)
    assert_interval_matches(result, 11.936156426792138, 13.163020132396579)


def test_the_sii_interval_at_99_percent_matches_phe():
    result = sii(AREA1, confidence=0.99)
    assert_interval_matches(result, 1.9243274437391116, 11.99208403800279, confidence=0.99)
    assert sii(AREA1, confidence=99)["lower"] == result["lower"]


def test_the_sii_on_quintiles_matches_phes_excel_tool():
    # RecordNo 61-70, "default - testing quintiles": the SII only, "only have SII available from Excel tool"
    # (testSII.R line 171).
    assert sii(AREA1[:5], reps=1000)["sii"] == pytest.approx(7.919334147100874, rel=1e-12)
    assert sii(AREA2[:5], reps=1000)["sii"] == pytest.approx(3.6215563376545648, rel=1e-12)


def test_the_sii_is_the_least_deprived_end_minus_the_most_deprived_end():
    # Life expectancy rising away from deprivation gives a positive SII (above); a rate falling away from it a
    # negative one. phe_sii's value_type = 1 fits the rate untransformed unless transform = TRUE, so its SII is
    # this one's; its interval (simulated on the log scale) is not compared.
    assert sii(FALLING_RATE, reps=1000)["sii"] == pytest.approx(-2.287678902778742, rel=1e-12)


def test_the_sii_ignores_the_order_the_groups_come_in_and_repeats_its_interval():
    shuffled = AREA1[5:] + AREA1[:5]
    assert sii(shuffled, reps=2000) == sii(AREA1, reps=2000)


def test_the_sii_needs_every_group_with_a_value_and_a_population():
    assert sii(AREA1[:4], reps=1000) is None  # phe_sii: "Number of quantiles must be between 5 and 100"
    missing_value = [*AREA1[:9], (10, 7534, None, None, None)]
    assert sii(missing_value, reps=1000) is None
    no_population = [(1, 0, *AREA1[0][2:]), *AREA1[1:]]
    assert sii(no_population, reps=1000) is None
    assert sii([row for row in AREA1 if row[0] != 4], reps=1000) is None  # ranks 1..10 with 4 missing


def test_the_sii_has_no_interval_when_a_group_lacks_limits():
    result = sii([*AREA1[:9], (10, 7534, 86.2894349578624, None, None)], reps=1000)
    assert result["sii"] == pytest.approx(6.934616473668819, rel=1e-12)
    assert result["lower"] is None and result["upper"] is None


# ---- deprivation_gap, group_range, sex_gap ------------------------------------------------------------------------
# Small cases whose answers can be checked by hand. Limits are value +/- 1.96 SE, so an interval 3.92 wide is an SE
# of 1 (to the 1.96 vs 1.959964 rounding, hence the tolerances).

def test_the_deprivation_gap_is_most_minus_least_deprived():
    groups = [(1, 500, 30.0, 28.04, 31.96), (2, 500, 25.0, None, None), (3, 500, 15.0, 13.04, 16.96)]
    gap = deprivation_gap(groups)
    assert gap["most"] == 30.0 and gap["least"] == 15.0
    assert gap["absolute"] == 15.0 and gap["relative"] == 2.0
    assert gap["significant"] is True  # 15 apart with an SE of sqrt(2)
    assert gap["lower"] == pytest.approx(15 - 1.96 * math.sqrt(2), abs=1e-3)


def test_overlapping_intervals_can_still_differ_significantly():
    # 10 (8.04 to 11.96) and 13 (11.04 to 14.96) overlap, yet 3 apart with an SE of sqrt(2) is z = 2.12 > 1.96.
    gap = deprivation_gap([(1, 1, 13.0, 11.04, 14.96), (5, 1, 10.0, 8.04, 11.96)])
    assert gap["absolute"] == 3.0 and gap["significant"] is True
    close = deprivation_gap([(1, 1, 11.0, 9.04, 12.96), (5, 1, 10.0, 8.04, 11.96)])
    assert close["significant"] is False


def test_the_deprivation_gap_needs_both_ends():
    assert deprivation_gap([(1, 1, 10.0, None, None), (5, 1, None, None, None)]) is None
    assert deprivation_gap([(2, 1, 10.0, None, None), (5, 1, 8.0, None, None)]) is None
    no_limits = deprivation_gap([(1, 1, 10.0, None, None), (5, 1, 0.0, None, None)])
    assert no_limits["relative"] is None and no_limits["significant"] is None


def test_the_group_range_compares_each_group_with_the_place_as_fingertips_does():
    overall = (50.0, 48.0, 52.0)
    groups = [("White", 49.0, 47.0, 51.0), ("Black", 60.0, 57.0, 63.0), ("Asian", 40.0, 38.0, 42.0),
              ("Mixed", 55.0, None, None), ("Other", None, None, None)]
    result = group_range(overall, groups, "lower")
    assert result["range"] == 20.0
    assert result["highest"] == "Black" and result["lowest"] == "Asian"
    verdicts = {row["category"]: row["vs_overall"] for row in result["groups"]}
    assert verdicts == {"White": stats.SIMILAR, "Black": stats.WORSE, "Asian": stats.BETTER,
                        "Mixed": stats.NOT_COMPARED}
    unjudged = {row["category"]: row["vs_overall"] for row in group_range(overall, groups, "none")["groups"]}
    assert unjudged["Black"] == stats.HIGHER and unjudged["Asian"] == stats.LOWER


def test_the_group_range_needs_two_groups_with_values():
    assert group_range((50.0, 48.0, 52.0), [("White", 49.0, 47.0, 51.0), ("Other", None, None, None)], "lower") \
        is None


def test_the_sex_gap_is_female_minus_male_with_its_interval():
    gap = sex_gap((83.0, 81.04, 84.96), (79.0, 77.04, 80.96))
    assert gap["gap"] == 4.0 and gap["significant"] is True
    assert gap["lower"] == pytest.approx(4 - 1.96 * math.sqrt(2), abs=1e-3)
    assert gap["upper"] == pytest.approx(4 + 1.96 * math.sqrt(2), abs=1e-3)
    assert sex_gap((80.0, 78.04, 81.96), (79.0, 77.04, 80.96))["significant"] is False
    assert sex_gap((80.0, None, None), (79.0, 77.04, 80.96)) == {"gap": 1.0, "lower": None, "upper": None,
                                                                  "significant": None}
    assert sex_gap((None, None, None), (79.0, 77.04, 80.96)) is None


# ---- gap_change ------------------------------------------------------------------------------------------------------

def test_a_clearly_larger_gap_is_widening():
    assert gap_change((5.0, 4.0, 6.0), (9.0, 8.0, 10.0)) == WIDENING
    assert gap_change((-5.0, -6.0, -4.0), (-9.0, -10.0, -8.0)) == WIDENING  # by magnitude, whatever the sign


def test_a_clearly_smaller_gap_is_narrowing():
    assert gap_change((9.0, 8.0, 10.0), (5.0, 4.0, 6.0)) == NARROWING
    assert gap_change((-9.0, -10.0, -8.0), (-5.0, -6.0, -4.0)) == NARROWING


def test_overlapping_estimates_are_no_significant_change():
    assert gap_change((5.0, 3.0, 7.0), (5.5, 3.5, 7.5)) == NO_SIGNIFICANT_CHANGE
    assert gap_change((6.0, 3.0, 9.0), (4.0, 1.0, 7.0)) == NO_SIGNIFICANT_CHANGE


def test_a_gap_without_limits_cannot_be_calculated():
    assert gap_change((5.0, None, None), (9.0, 8.0, 10.0)) == CANNOT_CALCULATE
    assert gap_change(None, (9.0, 8.0, 10.0)) == CANNOT_CALCULATE
    assert CANNOT_CALCULATE == "Cannot be calculated" and NO_SIGNIFICANT_CHANGE == "No significant change"
