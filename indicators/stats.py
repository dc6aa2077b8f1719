"""Comparison, trend and gap, computed the way OHID's Fingertips does so the portal agrees with it.

Pure functions on plain numbers: no database, so every rule can be checked against worked examples.
"""

import math
import statistics

BETTER, SIMILAR, WORSE = "Better", "Similar", "Worse"
HIGHER, LOWER = "Higher", "Lower"
NOT_COMPARED = "Not compared"

# Fingertips judges significance of comparisons with the 95% confidence interval, and of recent
# trends at the 99.9% level (p < 0.001) over the five most recent points.
TREND_POINTS = 5
TREND_SIGNIFICANCE = 0.001

CANNOT_BE_CALCULATED = "Cannot be calculated"
NO_SIGNIFICANT_CHANGE = "No significant change"

# NHS.UK tag colours for each label, as Fingertips colours them (better green, similar amber, worse red).
COMPARISON_TAGS = {BETTER: "green", SIMILAR: "yellow", WORSE: "red", HIGHER: "blue", LOWER: "aqua-green",
                   NOT_COMPARED: "grey"}


def trend_tag_colour(label):
    return "green" if label.endswith("better") else "red" if label.endswith("worse") else "grey"


def compare(lower_ci, upper_ci, comparator, polarity):
    """Compare an area with a comparator (England, North West) the way Fingertips does.

    The area differs significantly when the comparator's value lies outside the area's 95% confidence
    interval; a comparator exactly on a limit counts as inside (Similar). `polarity` is "higher",
    "lower" (which direction is better) or "none" (no judgement: Higher / Similar / Lower).
    """
    if lower_ci is None or upper_ci is None or comparator is None:
        return NOT_COMPARED
    if lower_ci <= comparator <= upper_ci:
        return SIMILAR
    area_is_higher = comparator < lower_ci
    if polarity == "higher":
        return BETTER if area_is_higher else WORSE
    if polarity == "lower":
        return WORSE if area_is_higher else BETTER
    return HIGHER if area_is_higher else LOWER


def chi_squared_for_trend(counts, denominators):
    """Chi-squared test for linear trend in proportions (Cochran-Armitage), periods scored 1..k.

    Returns (statistic, p_value, direction) where direction is +1 for an increasing proportion, -1 for a
    decreasing one and 0 when flat. This is the test Fingertips uses for recent trends of proportions.
    """
    scores = range(1, len(counts) + 1)
    total = sum(denominators)
    events = sum(counts)
    mean_score = sum(n * x for n, x in zip(denominators, scores, strict=True)) / total
    p_bar = events / total
    t = sum(r * x for r, x in zip(counts, scores, strict=True)) - events * mean_score
    variance = p_bar * (1 - p_bar) * (sum(n * x * x for n, x in zip(denominators, scores, strict=True))
                                      - total * mean_score ** 2)
    if variance <= 0:
        return 0.0, 1.0, 0
    statistic = t * t / variance
    return statistic, p_value_one_df(statistic), (t > 0) - (t < 0)


def p_value_one_df(statistic):
    """The upper tail of the chi-squared distribution with one degree of freedom."""
    return math.erfc(math.sqrt(statistic / 2))


def recent_trend(points, polarity):
    """Label the trend of the latest five points, each a (count, denominator) pair, oldest first.

    Needs five consecutive points with counts and denominators (0 <= count <= denominator); otherwise
    "Cannot be calculated", as Fingertips says for indicators it cannot test.
    """
    recent = points[-TREND_POINTS:]
    if len(recent) < TREND_POINTS or any(
        count is None or denominator is None or denominator <= 0 or not 0 <= count <= denominator
        for count, denominator in recent
    ):
        return CANNOT_BE_CALCULATED
    _, p_value, direction = chi_squared_for_trend([c for c, _ in recent], [d for _, d in recent])
    if p_value >= TREND_SIGNIFICANCE or direction == 0:
        return NO_SIGNIFICANT_CHANGE
    word = "Increasing" if direction > 0 else "Decreasing"
    if polarity not in ("higher", "lower"):
        return word
    better = (direction > 0) == (polarity == "higher")
    return f"{word} and getting {'better' if better else 'worse'}"


def best_and_worst(values, polarity):
    """The best and worst of {area: value} (ignoring missing values); polarity "none" ranks high to low."""
    present = {area: value for area, value in values.items() if value is not None}
    if not present:
        return None, None
    high = max(present, key=present.get)
    low = min(present, key=present.get)
    return (low, high) if polarity == "lower" else (high, low)


def gap(values):
    """The gap between the best and the worst value, always positive (None with fewer than two)."""
    present = [value for value in values.values() if value is not None]
    if len(present) < 2:
        return None
    return max(present) - min(present)


def national_distribution(values, polarity):
    """England's spread of one indicator among upper-tier local authorities, as a Fingertips spine chart draws it.

    Returns {"areas", "lowest", "q25", "q75", "highest", "worst", "best"} (empty with fewer than two values).
    The quartiles use linear interpolation between the closest ranks (the "inclusive" method: Excel's
    PERCENTILE.INC, numpy's default), p-th percentile at rank 1 + p(n - 1). Fingertips computes its own
    percentiles and can differ slightly with few areas; with 150 authorities the difference is a fraction of one
    area's gap. Worst and best follow polarity (lower is better: the highest value is the worst); with no
    judgement, worst is the lowest and best the highest, as the chart puts high on the right.
    """
    present = sorted(value for value in values if value is not None)
    if len(present) < 2:
        return {}
    q25, _, q75 = statistics.quantiles(present, n=4, method="inclusive")
    low, high = present[0], present[-1]
    worst, best = (high, low) if polarity == "lower" else (low, high)
    return {"areas": len(present), "lowest": low, "q25": q25, "q75": q75, "highest": high, "worst": worst,
            "best": best}
