"""Progress since the baseline: Cheshire and Merseyside's own figure, the straight line to a target, and change.

Pure functions on plain numbers: no database, so each rule can be checked against published worked examples
(OHID's PHEindicatormethods R package for the confidence intervals; Altman & Bland for the test of a change).
"""

import math
from statistics import NormalDist

from indicators.statistics.inequality import difference
from indicators.statistics.labels import Change, Trajectory

BETTER, WORSE, HIGHER, LOWER = Change.BETTER, Change.WORSE, Change.HIGHER, Change.LOWER
NO_SIGNIFICANT_CHANGE = Change.NO_SIGNIFICANT_CHANGE

# The indicator review proposes 2022 as the baseline year (document 002, section 1.6; Indicator.baseline_period).
BASELINE_YEAR = 2022

# Scales a Fingertips value is published on: a proportion of 1, a percentage, or a rate per 1,000, 10,000 (e.g.
# children in care) or 100,000 of the denominator.
MULTIPLIERS = (1, 100, 1000, 10_000, 100_000)
PROPORTION_MULTIPLIERS = (1, 100)
# A Place's value agrees with count / denominator x multiplier when it is within half a percent of it, or within
# half a unit of the last decimal place of a value rounded for display: one decimal place (0.05) on every scale but
# a proportion of 1, which is shown to three (0.0005). A directly standardised rate or a life expectancy misses
# the crude figure by more than that in some Place, so it is refused rather than summed.
RELATIVE_TOLERANCE = 0.005
ROUNDING_TOLERANCE = {1: 0.0005}
DEFAULT_ROUNDING_TOLERANCE = 0.05

WILSON, BYAR, EXACT_POISSON = "Wilson score interval", "Byar's method", "Exact Poisson interval"
# phe_rate uses the exact Poisson interval below ten events, where Byar's approximation is less accurate
# (PHEindicatormethods R/Rates.R: if_else(x < 10, qchisq(...), byars_...)).
EXACT_BELOW = 10

ON_TRAJECTORY, OFF_TRAJECTORY, NOT_JUDGED = Trajectory.ON, Trajectory.OFF, Trajectory.NOT_JUDGED
CANNOT_BE_JUDGED = Change.CANNOT_BE_JUDGED
NO_CHANGE = Change.NO_CHANGE


def aggregate(rows, confidence=0.95):
    """Cheshire and Merseyside's figure computed from its nine Places, where the ICB's own figure is not published.

    `rows` are (value, count, denominator) for every Place in one period; the Places partition the ICB, so its
    count and denominator are their sums (as phe_proportion and phe_rate aggregate grouped data). The caller passes
    all nine: "places" in the result says how many were added. This works only where every Place has a count and
    a denominator and each value is count / denominator x one multiplier (1, 100, 1,000, 10,000 or 100,000, the
    same for all, within RELATIVE_TOLERANCE or the rounding tolerance); otherwise (standardised rates, life
    expectancy, missing counts) it returns {"reason": a plain sentence why not}.

    A proportion or percentage (multiplier 1 or 100, no count above its denominator) gets the Wilson score
    interval as phe_proportion does; anything else is a crude rate with Byar's interval as phe_rate, which uses
    the exact Poisson interval below ten events. `confidence` is 0.95 or 95 (or another level from 90% up).
    Returns {"value", "lower", "upper", "count", "denominator", "multiplier", "method", "places"}.
    """
    rows = list(rows)
    reason = unusable_rows_reason(rows)
    if reason:
        return {"reason": reason}
    if not any(row[1] for row in rows):
        return {"reason": "No Place recorded any events, so the scale the values are on cannot be told."}
    multiplier = infer_multiplier(rows)
    if multiplier is None:
        return {"reason": "The Places' values are not their counts divided by their denominators on one scale "
                          "(as for a standardised rate or a life expectancy), so they cannot be added up."}
    count = sum(row[1] for row in rows)
    denominator = sum(row[2] for row in rows)
    if multiplier in PROPORTION_MULTIPLIERS and all(row[1] <= row[2] for row in rows):
        (lower, upper), method = wilson_interval(count, denominator, confidence), WILSON
    else:
        lower, upper = poisson_interval(count, confidence)
        lower, upper = lower / denominator, upper / denominator
        method = EXACT_POISSON if count < EXACT_BELOW else BYAR
    return {"value": count / denominator * multiplier, "lower": lower * multiplier, "upper": upper * multiplier,
            "count": count, "denominator": denominator, "multiplier": multiplier, "method": method,
            "places": len(rows)}


def unusable_rows_reason(rows):
    """Why the Places' rows cannot be summed at all (no rows, a missing value, count or denominator, a negative
    count or an empty denominator), or None when they can."""
    if not rows:
        return "No Place has a figure for this period."
    missing = sum(1 for value, count, denominator in rows if count is None or denominator is None)
    if missing:
        verb = "has" if missing == 1 else "have"
        return (f"{missing} of the {len(rows)} Places {verb} no published count or denominator, so the Cheshire and "
                "Merseyside figure cannot be added up from them.")
    if any(value is None for value, _, _ in rows):
        return "A Place has a count but no value, so the scale of the values cannot be checked."
    if any(count < 0 or denominator <= 0 for _, count, denominator in rows):
        return "A Place has a negative count or a denominator of zero, so the figures cannot be added up."
    return None


def infer_multiplier(rows):
    """The one scale on which every Place's value is its count / denominator, or None.

    The candidate nearest (on a log scale) to the median of value / (count / denominator) is checked against every
    Place, a Place with no events included (its value must then be zero). With no events anywhere the scale
    cannot be told, so None.
    """
    ratios = sorted(value * denominator / count for value, count, denominator in rows if count > 0 and value > 0)
    if not ratios:
        return None
    median = ratios[len(ratios) // 2]
    multiplier = min(MULTIPLIERS, key=lambda m: abs(math.log(median / m)))
    if all(agrees(value, count / denominator * multiplier, multiplier) for value, count, denominator in rows):
        return multiplier
    return None


def agrees(value, expected, multiplier):
    """Whether a published value equals the figure computed from its count within rounding (see the tolerances)."""
    allowed = max(RELATIVE_TOLERANCE * abs(expected), ROUNDING_TOLERANCE.get(multiplier, DEFAULT_ROUNDING_TOLERANCE))
    return abs(value - expected) <= allowed


def z_for(confidence):
    """The two-sided normal point for a confidence level given as 0.95 or 95 (qnorm(confidence + (1 -
    confidence) / 2), as PHEindicatormethods computes it)."""
    level = confidence / 100 if confidence > 1 else confidence
    if not 0.9 <= level < 1:
        raise ValueError("confidence must be between 90% and 100%")
    return NormalDist().inv_cdf(level + (1 - level) / 2)


def wilson_interval(count, denominator, confidence=0.95):
    """Wilson score interval for a proportion count / denominator, as a proportion of 1.

    Wilson EB, J Am Stat Assoc 1927;22:209-12, in the form PHEindicatormethods uses (R/utils.R, wilson_lower and
    wilson_upper): (2x + z^2 -/+ z sqrt(z^2 + 4x(1 - x/n))) / 2(n + z^2).
    """
    z = z_for(confidence)
    spread = z * math.sqrt(z * z + 4 * count * (1 - count / denominator))
    scale = 2 * (denominator + z * z)
    return (2 * count + z * z - spread) / scale, (2 * count + z * z + spread) / scale


def poisson_interval(count, confidence=0.95):
    """Confidence interval for a Poisson count of events, as phe_rate computes it: exact below ten events
    (Armitage & Berry 2002; chi-squared quantiles qchisq(a/2, 2x)/2 and qchisq(1 - a/2, 2x + 2)/2), Byar's
    approximation from ten (Breslow & Day 1987, vol. II; PHEindicatormethods R/utils.R byars_lower/byars_upper)."""
    if count < EXACT_BELOW:
        return exact_poisson_interval(count, confidence)
    return byar_interval(count, confidence)


def byar_interval(count, confidence=0.95):
    """Byar's approximation to the Poisson interval for `count` events: x(1 - 1/9x - z/3 sqrt x)^3 to
    (x + 1)(1 - 1/9(x + 1) + z/3 sqrt(x + 1))^3."""
    z = z_for(confidence)
    lower = count * (1 - 1 / (9 * count) - z / (3 * math.sqrt(count))) ** 3 if count > 0 else 0.0
    upper = (count + 1) * (1 - 1 / (9 * (count + 1)) + z / (3 * math.sqrt(count + 1))) ** 3
    return max(lower, 0.0), upper


def exact_poisson_interval(count, confidence=0.95):
    """The exact interval for a small Poisson count, without scipy.

    qchisq(p, 2x) / 2 is the p-quantile of a gamma distribution with shape x, and P(gamma(x) <= m) equals
    P(Poisson(m) >= x), so the limits are the means m where the Poisson tail reaches (1 - confidence) / 2: the
    lower with P(X >= x) = a/2, the upper with P(X <= x) = a/2. Each is found by bisection.
    """
    level = confidence / 100 if confidence > 1 else confidence
    tail = (1 - level) / 2
    lower = 0.0 if count == 0 else bisect(lambda m: 1 - poisson_cdf(count - 1, m) - tail, 0.0, 100.0)
    upper = bisect(lambda m: tail - poisson_cdf(count, m), 0.0, 100.0)
    return lower, upper


def poisson_cdf(k, mean):
    """P(X <= k) for a Poisson variable with this mean (k small: the terms are summed directly)."""
    term = total = math.exp(-mean)
    for j in range(1, k + 1):
        term *= mean / j
        total += term
    return total


def bisect(function, low, high, tolerance=1e-12):
    """The root of an increasing function between low and high."""
    while high - low > tolerance * max(1.0, high):
        middle = (low + high) / 2
        if function(middle) < 0:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def default_baseline(periods):
    """The default baseline period among periods, (label, start_year, end_year) as stored (period_years).

    The indicator review proposes 2022 as the baseline: for a single year or a 12-month year written a/b
    (end - start <= 1) the one starting in 2022; for a rolling multi-year period (end - start >= 2) the one ending
    in 2022, the latest that still includes 2022 without reaching past it. None when no period qualifies; the first
    that does when several do.
    """
    for label, start, end in periods:
        if start is None or end is None:
            continue
        if (end - start <= 1 and start == BASELINE_YEAR) or (end - start >= 2 and end == BASELINE_YEAR):
            return label
    return None


def period_midpoint(start_year, end_year, label=""):
    """A period's middle as a decimal year, to place it on a time axis.

    A calendar year 2022 -> 2022.5. A year written a/b is taken as a financial year, 1 April a to 31 March b, whose
    middle is about 1 October a -> a + 0.75 (an academic year, September to August, would be a + 1.17; Fingertips
    writes both as a/b, and financial years are the commoner). A rolling range a - b runs from 1 January a to 31
    December b -> (a + b + 1) / 2. Without a label, a period of two consecutive years is taken as a financial year.
    """
    if start_year == end_year:
        return start_year + 0.5
    if end_year - start_year == 1 and ("/" in label or not label):
        return start_year + 0.75
    return (start_year + end_year + 1) / 2


def decimal_year(date):
    """A datetime.date as a decimal year, its start as the fraction of its year gone (31 March 2029 -> 2029.244),
    to set a target date on the same axis as period_midpoint."""
    start = date.replace(month=1, day=1).toordinal()
    days_in_year = date.replace(year=date.year + 1, month=1, day=1).toordinal() - start
    return date.year + (date.toordinal() - start) / days_in_year


def expected_value(start_x, start_value, end_x, end_value, x):
    """The straight-line trajectory from (start_x, start_value) to (end_x, end_value), read at x.

    The line is what progress towards a target is judged against; None when either end has no value, since then
    there is no line. The two ends must be at different times.
    """
    if start_value is None or end_value is None:
        return None
    if end_x == start_x:
        raise ValueError("a trajectory needs its start and end at different times")
    return start_value + (end_value - start_value) * (x - start_x) / (end_x - start_x)


def trajectory_status(value, expected, polarity):
    """On trajectory when value is at least as good as expected by polarity ("higher": value >= expected,
    "lower": value <= expected); NOT_JUDGED for polarity "none" (no better direction), a missing value or no
    expected value."""
    if value is None or expected is None or polarity not in ("higher", "lower"):
        return NOT_JUDGED
    on = value >= expected if polarity == "higher" else value <= expected
    return ON_TRAJECTORY if on else OFF_TRAJECTORY


def change_since(baseline, latest, polarity):
    """Change from the baseline to the latest period: baseline and latest are (value, lower95, upper95).

    Returns {"change": latest - baseline, "label", "significant"}. The label is Better or Worse by polarity
    (Higher or Lower for polarity "none") when the change is significant at 5% by the z-test of the difference of
    two independent estimates (Altman & Bland, BMJ 2003; see inequality.difference), "No significant change" when
    not, and "Cannot be judged" (change None) when either value is missing. Without limits for both periods,
    significance cannot be tested: the change is given with its direction as the label (or "No change" when none)
    and "significant" is None, so the caller must not present it as a significant change. The two periods are treated
    as independent, as successive years' figures on different events are.
    """
    if baseline is None or latest is None or baseline[0] is None or latest[0] is None:
        return {"change": None, "label": CANNOT_BE_JUDGED, "significant": None}
    change = latest[0] - baseline[0]
    limits = [*baseline[1:], *latest[1:]]
    if len(limits) != 4 or any(limit is None for limit in limits):
        return {"change": change, "label": direction_label(change, polarity) if change else NO_CHANGE,
                "significant": None}
    _, _, _, significant = difference(latest, baseline)
    label = direction_label(change, polarity) if significant else NO_SIGNIFICANT_CHANGE
    return {"change": change, "label": label, "significant": significant}


def direction_label(change, polarity):
    """Better or Worse for a change in the given direction, or Higher or Lower when polarity is "none"."""
    if polarity == "higher":
        return BETTER if change > 0 else WORSE
    if polarity == "lower":
        return BETTER if change < 0 else WORSE
    return HIGHER if change > 0 else LOWER
