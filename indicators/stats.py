"""Comparison, trend and gap, computed the way OHID's Fingertips does so the portal agrees with it.

Pure functions on plain numbers: no database, so every rule can be checked against worked examples.
"""

import math
import statistics

BETTER, SIMILAR, WORSE = "Better", "Similar", "Worse"
HIGHER, LOWER = "Higher", "Lower"
NOT_COMPARED = "Not compared"

# Fingertips judges an indicator at one confidence level, 95% or 99.8%, for both its comparisons (the area's
# confidence interval at that level against the comparator) and its recent trend over the five most recent points:
# the trend's chi-squared statistic (one degree of freedom) must exceed the critical value at that level
# (PholioVisualisation's TrendMarkerCalculator; FingertipsNext's trend calculation).
TREND_POINTS = 5
CONFIDENCE_95, CONFIDENCE_998 = 95, 99.8
# Upper points of chi-squared with 1 df: 3.841 at p = 0.05 (NIST/SEMATECH e-Handbook 1.3.6.7.4) and 9.5495 at
# p = 0.002 (1.95996^2 and 3.09023^2, the squared two-sided normal points).
CRITICAL_VALUES = {CONFIDENCE_95: 3.841, CONFIDENCE_998: 9.5495}
# A 95% interval is the value plus or minus 1.96 standard errors, so its width is 3.92 standard errors.
CI95_WIDTH_IN_SE = 3.92

CANNOT_BE_CALCULATED = "Cannot be calculated"
NO_SIGNIFICANT_CHANGE = "No significant change"

# NHS.UK tag colours for each label, as Fingertips colours them (better green, similar amber, worse red).
COMPARISON_TAGS = {BETTER: "green", SIMILAR: "yellow", WORSE: "red", HIGHER: "blue", LOWER: "aqua-green",
                   NOT_COMPARED: "grey"}


def trend_tag_colour(label):
    return "green" if label.endswith("better") else "red" if label.endswith("worse") else "grey"


def critical_value(confidence):
    """The chi-squared (1 df) critical value for an indicator judged at `confidence` (95 or 99.8)."""
    return CRITICAL_VALUES[CONFIDENCE_998 if float(confidence) == CONFIDENCE_998 else CONFIDENCE_95]


def compare(lower_ci, upper_ci, comparator, polarity):
    """Compare an area with a comparator (England, North West) the way Fingertips does.

    The area differs significantly when the comparator's value lies outside the area's confidence interval (95% or
    99.8%, whichever the indicator is judged at: the caller passes those limits); a comparator exactly on a limit
    counts as inside (Similar). `polarity` is "higher",
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


def recent_trend(points, polarity, confidence=CONFIDENCE_95):
    """Label the trend of the latest five points, oldest first, at the indicator's confidence (95 or 99.8).

    Each point is (count, denominator) or (count, denominator, value, lower 95% limit, upper 95% limit). With five
    points that all have counts and denominators (0 <= count <= denominator) the chi-squared test for trend in
    proportions decides; otherwise, when all five have a value and a 95% interval, the inverse-variance weighted
    regression on the intervals (as FingertipsNext does); otherwise "Cannot be calculated".
    """
    recent = [tuple(point) + (None,) * (5 - len(point)) for point in points[-TREND_POINTS:]]
    if len(recent) < TREND_POINTS:
        return CANNOT_BE_CALCULATED
    critical = critical_value(confidence)
    if all(count is not None and denominator is not None and denominator > 0 and 0 <= count <= denominator
           for count, denominator, *_ in recent):
        statistic, _, direction = chi_squared_for_trend([p[0] for p in recent], [p[1] for p in recent])
        if statistic <= critical or direction == 0:
            return NO_SIGNIFICANT_CHANGE
    elif all(value is not None and lower is not None and upper is not None and upper > lower
             for _, _, value, lower, upper in recent):
        direction = interval_trend_direction([(v, lo, hi) for _, _, v, lo, hi in recent], critical)
        if direction == 0:
            return NO_SIGNIFICANT_CHANGE
    else:
        return CANNOT_BE_CALCULATED
    return trend_label(direction, polarity)


def trend_label(direction, polarity):
    word = "Increasing" if direction > 0 else "Decreasing"
    if polarity not in ("higher", "lower"):
        return word
    better = (direction > 0) == (polarity == "higher")
    return f"{word} and getting {'better' if better else 'worse'}"


def weighted_slope(points):
    """(slope, standard error of the slope) of values on periods 1..k, each weighted by 1/SE^2, SE from its 95%
    interval as (upper - lower) / 3.92; `points` are (value, lower, upper), or (period, value, lower, upper) when
    some periods are left out. None when the slope cannot be fitted (fewer than two distinct periods)."""
    rows = [p if len(p) == 4 else (i, *p) for i, p in enumerate(points, start=1)]
    weights = [(CI95_WIDTH_IN_SE / (upper - lower)) ** 2 for _, _, lower, upper in rows]
    total = sum(weights)
    mean_x = sum(w * x for w, (x, *_) in zip(weights, rows, strict=True)) / total
    mean_y = sum(w * y for w, (_, y, *_) in zip(weights, rows, strict=True)) / total
    sxx = sum(w * (x - mean_x) ** 2 for w, (x, *_) in zip(weights, rows, strict=True))
    if sxx <= 0:
        return None
    sxy = sum(w * (x - mean_x) * (y - mean_y) for w, (x, y, *_) in zip(weights, rows, strict=True))
    return sxy / sxx, math.sqrt(1 / sxx)


def interval_trend_direction(points, critical):
    """+1 or -1 when the weighted slope of (value, lower, upper) points is significant ((slope / SE)^2 above the
    critical value) and keeps its sign whichever one point is left out; 0 otherwise."""
    fitted = weighted_slope(points)
    if fitted is None:
        return 0
    slope, se = fitted
    if slope == 0 or (slope / se) ** 2 <= critical:
        return 0
    direction = 1 if slope > 0 else -1
    numbered = [(i, *p) for i, p in enumerate(points, start=1)]
    for left_out in range(len(numbered)):
        refit = weighted_slope(numbered[:left_out] + numbered[left_out + 1:])
        if refit is None or refit[0] * direction <= 0:
            return 0
    return direction


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
