"""Comparison, trend and gap, computed the way OHID's Fingertips does so the portal agrees with it.

Pure functions on plain numbers: no database, so every rule can be checked against worked examples.
"""

import math
import re
import statistics

from indicators.statistics.labels import Comparison, Trend

BETTER, SIMILAR, WORSE = Comparison.BETTER, Comparison.SIMILAR, Comparison.WORSE
HIGHER, LOWER = Comparison.HIGHER, Comparison.LOWER
NOT_COMPARED = Comparison.NOT_COMPARED

# Fingertips compares an area with England at the indicator's confidence level, 95% or 99.8% (the caller passes the
# limits at that level). Its recent trend does not follow that level: every version of its TrendMarkerCalculator
# tests the trend against one fixed critical value, the chi-squared (1 df) point at p = 0.002 (99.8%), 9.5495
# ("const double chiSquared99Point8 = 9.54953570608324; // inExcel =CHIINV(0.002,1)" in
# PublicHealthEngland/fingertips-open PholioVisualisationWS/Analysis/TrendMarkerCalculator.cs, 2016-2019;
# "ChiSquareConfidence = 9.54953570608324" in .../Analysis/TrendMarkers/TrendMarkerCalculator.cs, 2020, and in
# dhsc-govuk/FingertipsNext trend-analysis/TrendAnalysisApp/Calculator/Legacy/TrendMarkerCalculator.cs, 2025).
TREND_POINTS = 5
CONFIDENCE_95, CONFIDENCE_998 = 95, 99.8
TREND_CHI_SQUARED = 9.54953570608324
# A 95% interval is the value plus or minus 1.96 standard errors, so its width is 3.92 standard errors.
CI95_WIDTH_IN_SE = 3.92
# The value types Fingertips calculates a recent trend for (FingertipsNext LegacyMapper.ValueTypeMap and
# TrendRequest.IsValueTypeValid; the 2020 fingertips-open TrendRequest.IsValid allowed the first two only).
TREND_VALUE_TYPES = {"proportion", "crude rate", "directly standardised rate"}

CANNOT_BE_CALCULATED = Trend.CANNOT_BE_CALCULATED
NO_SIGNIFICANT_CHANGE = Trend.NO_SIGNIFICANT_CHANGE


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
    decreasing one and 0 when flat. Fingertips' calculator of 2016-2019 tested every trend this way, and the 2020
    one still does for indicators compared by "SPC for proportions" (IsSignificantForProportions); today's
    (FingertipsNext's legacy port) and the portal's recent_trend use the intervals instead. Kept to check the
    statistic against Fingertips' own figures.
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


def recent_trend(points, polarity, *, value_type="", period=""):
    """Label the recent trend of an area's series, oldest first, as Fingertips' TrendMarkerCalculator does.

    Each point is (count, denominator, value, lower 95% limit, upper 95% limit), shorter tuples padded with None, or
    None for a period the area has no row in. Following TrendRequest.IsValid (fingertips-open 2020; FingertipsNext's
    legacy port), "Cannot be calculated" when:
    - the indicator's Fingertips value type is known and is not a proportion, crude rate or directly standardised
      rate (an indicator without a recorded value type, such as a local one, is calculated);
    - the period spans more than one year (`YearRange != 1`: "2016 - 18"), see year_range;
    - fewer than five points are valid (a value, a count and a denominator above zero) in the unbroken run back
      from the most recent row ("Get the data (starting with the most recent) until an invalid data point is
      reached");
    - any point of that run has its count equal to its denominator.
    Otherwise the five most recent points of the run with both 95% limits decide (interval_trend_direction): the
    counts gate the calculation but do not enter it, so a series with counts and no intervals has "No significant
    change", as Fingertips publishes it (FingertipsNext TestGpRegisteredPopulationOver65TrendIsCalculatedCorrectly).
    """
    if value_type and " ".join(value_type.lower().split()) not in TREND_VALUE_TYPES:
        return CANNOT_BE_CALCULATED
    if period and year_range(period) != 1:
        return CANNOT_BE_CALCULATED
    run = []
    for point in reversed(points):
        if point is None:
            continue  # no row for this period: Fingertips' data has nothing there to break the run
        count, denominator, value, lower, upper = (tuple(point) + (None,) * 5)[:5]
        if value is None or count is None or denominator is None or denominator <= 0:
            break
        run.append((count, denominator, value, lower, upper))
    if len(run) < TREND_POINTS or any(count == denominator for count, denominator, *_ in run):
        return CANNOT_BE_CALCULATED
    with_intervals = [(v, lo, hi) for _, _, v, lo, hi in run if lo is not None and hi is not None]
    direction = interval_trend_direction(list(reversed(with_intervals[:TREND_POINTS])))
    return NO_SIGNIFICANT_CHANGE if direction == 0 else trend_label(direction, polarity)


_MULTI_YEAR = re.compile(r"^\s*(?:19|20)(\d\d)(/\d\d)?\s+-\s+(\d\d)(?:/(\d\d))?\s*$")
_MONTH_RANGE = re.compile(r"^\s*[A-Za-z]{3}\s+((?:19|20)\d\d)\s+-\s+[A-Za-z]{3}\s+((?:19|20)\d\d)\s*$")


def year_range(period):
    """How many years a period label spans (Fingertips' YearRange), read the way its TimePeriodFormatter.FormatYearly
    writes yearly periods: "2018" and "2018/19" are one year; "2016 - 18" is three (2016 to 2018) and
    "2015/16 - 17/18" three (2015/16 to 2017/18); "Apr 2017 - Mar 2020" is three. Any other label (quarters,
    months, rolling quarters) is one."""
    match = _MULTI_YEAR.match(period or "")
    if match:
        first, financial, last, last_financial = match.groups()
        span = (int(last_financial or last) - int(first)) % 100
        return span if financial else span + 1
    match = _MONTH_RANGE.match(period or "")
    if match:
        return int(match.group(2)) - int(match.group(1))
    return 1


def trend_label(direction, polarity):
    word = "Increasing" if direction > 0 else "Decreasing"
    if polarity not in ("higher", "lower"):
        return Trend(word)
    better = (direction > 0) == (polarity == "higher")
    return Trend(f"{word} and getting {'better' if better else 'worse'}")


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


def interval_trend_direction(points):
    """+1 or -1 when the inverse-variance weighted slope of (value, lower 95%, upper 95%) points, periods numbered
    1..n oldest first, is significant, 0 otherwise: TrendMarkerCalculator.IsSignificant and NoOutliersCheck.

    Significant means (slope / SE)^2 above TREND_CHI_SQUARED and the slope of every fit leaving one of the five
    points out keeps its sign (the six slopes' signs must sum to +6 or -6). As in that code, a slope that cannot be
    fitted counts as positive in the sign check ("slopeValue < 0 ? -1 : 1" with a NaN slope), and an interval of
    zero width (an infinite weight, so every sum is NaN there) is never significant.
    """
    if any(upper == lower for _, lower, upper in points):
        return 0
    numbered = [(i, *p) for i, p in enumerate(points, start=1)]
    fitted = weighted_slope(numbered) if numbered else None
    if fitted is None:
        return 0
    slope, se = fitted
    if (slope / se) ** 2 <= TREND_CHI_SQUARED:
        return 0
    signs = -1 if slope < 0 else 1
    for left_out in range(1, TREND_POINTS + 1):  # a number beyond the points leaves none out, as in the C# loop
        refit = weighted_slope([row for row in numbered if row[0] != left_out])
        signs += -1 if refit is not None and refit[0] < 0 else 1
    if abs(signs) != TREND_POINTS + 1:
        return 0
    return 1 if slope > 0 else -1


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
