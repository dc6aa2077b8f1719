"""Inequality within a Place: the slope index of inequality across deprivation groups, the gap between the most
and least deprived, the spread between unordered groups (ethnic groups and the like), the gap between the sexes and
whether a gap is widening, computed the way OHID does so the portal agrees with Fingertips.

Pure functions on plain numbers: no database, so every rule can be checked against OHID's own worked examples.
"""

import math
import re

import numpy as np

from indicators.statistics import stats
from indicators.statistics.labels import GapChange

WIDENING, NARROWING = GapChange.WIDENING, GapChange.NARROWING
NO_SIGNIFICANT_CHANGE = GapChange.NO_SIGNIFICANT_CHANGE
CANNOT_CALCULATE = GapChange.CANNOT_BE_CALCULATED

# The upper 2.5% point of the standard normal distribution (R's qnorm(0.975)), which PHEindicatormethods' phe_sii
# uses to turn a 95% interval into a standard error: SE = (upper - lower) / (2 * 1.959964) (R/SII_function.R).
Z95 = 1.959963984540054

# phe_sii refuses fewer than 5 or more than 100 quantiles ("Number of quantiles must be between 5 and 100").
MIN_QUANTILES, MAX_QUANTILES = 5, 100
# Simulated slopes are computed in blocks of this many repetitions, so memory stays small however many are asked.
SIMULATION_BLOCK = 20_000

GROUPS_IN = {"decile": 10, "quintile": 5}
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
            "fifth": 5, "5th": 5}
# Fingertips' deprivation categories name each decile by its distance from an end: "Most deprived decile",
# "Second most deprived decile", "Third more deprived decile" ... "Fifth more", "Fifth less" ... "Second least",
# "Least deprived decile", some exports adding a suffix such as "(IMD2019)" (FingertipsNext,
# DataCreator/DataCreator/DataManager.cs, CreateSequenceForCategory; fingertips-open,
# IndicatorsUI/MainUI/angular-app/src/app/shared/shared.ts, CategoryHelper: "Most deprived quintile",
# "Least deprived quintile"). Quintiles run "Most", "Second most", "Average deprived quintile", "Second least",
# "Least deprived quintile" (Fingertips' export of indicator 92026, by "LSOA11 deprivation quintiles within area
# (IMD  trend)", as saved in traffordDataLab/trafford_themes, data/children/obese_reception.csv).
WORDED = re.compile(r"^(?:(?P<ordinal>\w+) )?(?P<end>most|more|least|less) deprived(?: (?:decile|quintile))?$")
MIDDLE = re.compile(r"^(?:middle|median|average)(?: deprived)?(?: (?:decile|quintile))?$")
# The portal's upload template: "1 - most deprived", "Decile 3", "Quintile 5 - least deprived".
NUMBERED = re.compile(r"^(?:(?:decile|quintile) )?(?P<number>\d+)(?: ?[-–:] ?(?P<end>most|least) deprived)?$")


def deprivation_rank(category_type, category):
    """(rank, number of groups), rank 1 = most deprived, for a deprivation decile or quintile; None otherwise.

    The category type says whether the groups are deciles or quintiles (Fingertips: "County & UA deprivation
    deciles in England (IMD2019, 4/21 geography)", "LSOA11 deprivation quintiles in England (IMD2019)"); the
    category is worded as Fingertips words it or numbered as the portal's template numbers it (decile 1 the most
    deprived, as in the English Indices of Deprivation). Anything else, such as an ethnic group, is None, so the
    caller can tell ordered deprivation groups from unordered ones.
    """
    kind = (category_type or "").lower()
    groups = next((n for word, n in GROUPS_IN.items() if word in kind), None)
    if groups is None:
        return None
    name = re.sub(r"\([^)]*\)", " ", (category or "").lower())  # drop "(IMD2019)" and the like
    name = " ".join(name.split())
    rank = worded_rank(name, groups) if WORDED.match(name) or MIDDLE.match(name) else numbered_rank(name, groups)
    return (rank, groups) if rank is not None else None


def worded_rank(name, groups):
    if MIDDLE.match(name):
        return (groups + 1) // 2 if groups % 2 else None
    match = WORDED.match(name)
    ordinal = ORDINALS.get(match["ordinal"]) if match["ordinal"] else 1
    if ordinal is None or ordinal > (groups + 1) // 2:
        return None
    from_most = match["end"] in ("most", "more")
    return ordinal if from_most else groups + 1 - ordinal


def numbered_rank(name, groups):
    match = NUMBERED.match(name)
    if not match:
        return None
    rank = int(match["number"])
    expected = {"most": 1, "least": groups}.get(match["end"], rank)
    return rank if 1 <= rank <= groups and rank == expected else None


def standard_error(lower, upper):
    """The standard error implied by a 95% interval, (upper - lower) / (2 * 1.96), as phe_sii derives it; None
    without both limits or when they are the wrong way round."""
    if lower is None or upper is None or upper < lower:
        return None
    return (upper - lower) / (2 * Z95)


def sii(groups, confidence=0.95, reps=100_000, seed=1):
    """The slope index of inequality across deprivation groups, by OHID's method (PHEindicatormethods phe_sii,
    R/SII_function.R, with its default value_type = 0: no transformation of the values).

    `groups` are (rank, population, value, lower, upper), rank 1 the most deprived, population the group's
    population or denominator, lower and upper its 95% limits (may be None). Each group is placed at the midpoint of
    its share of the cumulative population, counted from the most deprived (x = 0) to the least deprived (x = 1),
    and the values are regressed on that position by least squares weighted by each group's population share
    (Low & Low, J Public Health 2004;26:388-395, as phe_sii fits it: y*sqrt(a) = sqrt(a) + x*sqrt(a)).

    Sign, exactly as OHID's: the SII is the fitted value at the least deprived end minus the fitted value at the
    most deprived end (phe_sii: "the difference between the fitted value at x=1 and x=0"). Life expectancy, higher
    in less deprived groups, has a positive SII; a mortality rate, higher in more deprived groups, a negative one.

    The confidence interval is phe_sii's Monte Carlo simulation: each group's value is redrawn `reps` times from a
    normal distribution with its standard error, (upper - lower) / (2 * 1.96), the line refitted each time, and
    the limits read off the sorted slopes at positions round(reps * 0.025) and round(reps * 0.975) for 95%
    (R/utils.R, SimulationFunc). The draws are seeded so a page shows the same interval each time it is built.

    Returns {"sii", "lower", "upper", "groups"}, lower and upper None when any group lacks limits; or None, as
    phe_sii gives no SII, when there are fewer than 5 or more than 100 groups, when the ranks are not 1..n, or when
    any group lacks a value or a positive population (phe_sii drops an area missing any quantile). Pass every
    group, missing values as None: a group left out at the least deprived end cannot be noticed.
    """
    rows = sorted(groups, key=lambda group: group[0])
    n = len(rows)
    if not MIN_QUANTILES <= n <= MAX_QUANTILES or [row[0] for row in rows] != list(range(1, n + 1)):
        return None
    if any(value is None or population is None or population <= 0 for _, population, value, *_ in rows):
        return None
    population = np.array([row[1] for row in rows], dtype=float)
    values = np.array([row[2] for row in rows], dtype=float)
    weights = population / population.sum()
    # Midpoint of each group's share of the cumulative population (PHEindicatormethods R/utils.R, FindXValues).
    position = np.cumsum(weights) - weights / 2
    sqrt_a = np.sqrt(weights)
    design = np.column_stack([sqrt_a, position * sqrt_a])
    # Least-squares coefficients are a fixed linear map of the weighted values: (X'X)^-1 X' (SimulationFunc).
    solver = np.linalg.solve(design.T @ design, design.T)
    slope = float(solver[1] @ (sqrt_a * values))
    result = {"sii": slope, "lower": None, "upper": None, "groups": n}
    errors = [standard_error(lower, upper) for *_, lower, upper in rows]
    if any(error is None for error in errors):
        return result
    result["lower"], result["upper"] = simulated_limits(
        solver[1] * sqrt_a, values, np.array(errors), confidence, reps, seed)
    return result


def simulated_limits(coefficients, values, errors, confidence, reps, seed):
    """phe_sii's confidence limits: the slope (a fixed linear combination of the group values) for `reps` sets of
    values drawn from normal distributions about each value, sorted, read at the lower and upper percentiles."""
    level = confidence / 100 if confidence > 1 else confidence
    upper_point = level + (1 - level) / 2
    rng = np.random.default_rng(seed)
    slopes = []
    for start in range(0, reps, SIMULATION_BLOCK):
        size = min(SIMULATION_BLOCK, reps - start)
        draws = rng.normal(values[:, None], errors[:, None], size=(len(values), size))
        slopes.append(coefficients @ draws)
    ordered = np.sort(np.concatenate(slopes))
    # R's 1-based positions round(reps * (1 - point)) and round(reps * point) (R/utils.R, SimulationFunc).
    lower_at = max(round(reps * (1 - upper_point)), 1)
    upper_at = min(max(round(reps * upper_point), 1), reps)
    return float(ordered[lower_at - 1]), float(ordered[upper_at - 1])


def difference(first, second):
    """first - second with its 95% interval and whether it is significant, both taken from the two estimates'
    95% intervals: SE = sqrt(SE1^2 + SE2^2), each SE from its interval as (upper - lower) / 3.92, and the
    difference significant when it is more than 1.96 of those SEs from zero (Altman DG, Bland JM. Interaction
    revisited: the difference between two estimates. BMJ 2003;326:219). Two intervals can overlap while the
    difference is still significant, so overlap is not the test. Without limits the interval and the verdict are
    None."""
    (value1, lower1, upper1), (value2, lower2, upper2) = first, second
    gap = value1 - value2
    error1, error2 = standard_error(lower1, upper1), standard_error(lower2, upper2)
    if error1 is None or error2 is None:
        return gap, None, None, None
    error = math.hypot(error1, error2)
    return gap, gap - Z95 * error, gap + Z95 * error, abs(gap) > Z95 * error


def deprivation_gap(groups):
    """The gap between the most deprived group (rank 1) and the least deprived (the highest rank given).

    `groups` as for sii: (rank, population, value, lower, upper). Returns {"most", "least", "absolute": most -
    least, "relative": most / least (None when least is 0), "lower", "upper" (95% interval of the absolute gap),
    "significant"} where significant is the z-test on the difference with each SE from its 95% interval (Altman &
    Bland 2003, see `difference`), None without limits. None when either end has no value.
    """
    by_rank = {group[0]: group for group in groups}
    if 1 not in by_rank or len(by_rank) < 2:
        return None
    most, least = by_rank[1], by_rank[max(by_rank)]
    if most[2] is None or least[2] is None:
        return None
    gap, lower, upper, significant = difference(most[2:5], least[2:5])
    return {"most": most[2], "least": least[2], "absolute": gap,
            "relative": most[2] / least[2] if least[2] else None,
            "lower": lower, "upper": upper, "significant": significant}


def group_range(overall, groups, polarity):
    """The spread across unordered groups (ethnic groups, free school meals status...) and how each compares with
    the Place's headline figure, by Fingertips' rule (`stats.compare`: the overall value outside the group's 95%
    interval is Better or Worse by polarity, Higher or Lower without one, Similar inside, "Not compared" without
    limits).

    `overall` is (value, lower, upper); `groups` are (category, value, lower, upper). Groups without a value are
    left out. Returns {"range": max - min, "highest", "lowest" (their categories, the first listed on a tie),
    "groups": [{"category", "value", "lower", "upper", "vs_overall"}]}, or None with fewer than two values.
    """
    overall_value = overall[0] if overall else None
    present = [(category, value, lower, upper) for category, value, lower, upper in groups if value is not None]
    if len(present) < 2:
        return None
    highest = max(present, key=lambda group: group[1])
    lowest = min(present, key=lambda group: group[1])
    rows = [{"category": category, "value": value, "lower": lower, "upper": upper,
             "vs_overall": stats.compare(lower, upper, overall_value, polarity)}
            for category, value, lower, upper in present]
    return {"range": highest[1] - lowest[1], "highest": highest[0], "lowest": lowest[0], "groups": rows}


def sex_gap(female, male):
    """Female minus male, each (value, lower, upper): {"gap", "lower", "upper", "significant"}, the interval and
    the z-test from the two 95% intervals (Altman & Bland 2003, see `difference`); lower, upper and significant
    None without limits. None when either value is missing."""
    if female is None or male is None or female[0] is None or male[0] is None:
        return None
    gap, lower, upper, significant = difference(female, male)
    return {"gap": gap, "lower": lower, "upper": upper, "significant": significant}


def gap_change(earlier, later):
    """Whether a gap (an SII or any other) has widened or narrowed between two periods, each (estimate, lower,
    upper) with 95% limits: Widening when the later magnitude is larger and the change is significant, Narrowing
    when it is smaller and significant, otherwise No significant change; Cannot be calculated without an
    estimate and both limits for each period.

    The test is the z-test on the difference between two independent estimates, each SE from its 95% interval as
    (upper - lower) / 3.92, significant when |later - earlier| > 1.96 * sqrt(SE1^2 + SE2^2) (Altman DG, Bland JM.
    Interaction revisited: the difference between two estimates. BMJ 2003;326:219). An SII's simulated interval
    is nearly symmetric, so its width gives its SE well.
    """
    if earlier is None or later is None or any(part is None for part in (*earlier, *later)):
        return CANNOT_CALCULATE
    _, _, _, significant = difference(later, earlier)
    if significant is None:
        return CANNOT_CALCULATE
    if not significant or abs(later[0]) == abs(earlier[0]):
        return NO_SIGNIFICANT_CHANGE
    return WIDENING if abs(later[0]) > abs(earlier[0]) else NARROWING
