"""The commitment's arithmetic and the spend-against-need test, pure: no Django, nothing of the portal's.

"Increase the budget going towards the social determinants of health and the promotion of good health by 1% every
year over the next 5 years" (000:243) reads two ways, both worked out here until the business team decides:
POINTS, one percentage point more of the budget each year; GROWTH, the amount itself 1% larger each year. The line
starts at the baseline year, 2024-25, the plan's first (000:10), and runs to 2028-29.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

POINTS, GROWTH = "points", "growth"
READINGS = {
    POINTS: "One percentage point more of the budget each year",
    GROWTH: "The amount 1% larger each year",
}
BASELINE_YEAR, LAST_YEAR = 2024, 2028  # the financial years 2024-25 and 2028-29, by the year they start
STEP = Decimal("0.01")


def share(amount, budget):
    """The amount as a fraction of the budget; None without a budget."""
    return None if not budget else Decimal(amount) / Decimal(budget)


def pooled_share(pairs):
    """The sum of the amounts over the sum of the budgets, for [(amount, budget)]: the partnership's share."""
    pairs = list(pairs)
    return share(sum((a for a, _ in pairs), Decimal(0)), sum((b for _, b in pairs), Decimal(0)))


def points_line(baseline_share, years_on):
    """Reading POINTS: the share the line asks for `years_on` years after the baseline."""
    return baseline_share + STEP * years_on


def growth_line(baseline_amount, years_on):
    """Reading GROWTH: the amount the line asks for `years_on` years after the baseline (compounded)."""
    return Decimal(baseline_amount) * (1 + STEP) ** years_on


@dataclass(frozen=True)
class Judgement:
    reading: str
    actual: Decimal  # a share (POINTS) or an amount in pounds (GROWTH)
    line: Decimal
    on_track: bool


def judge(reading, years_on, baseline, now):
    """`baseline` and `now` are (amount, budget) for one respondent, or pooled; None for the baseline year itself and
    when there is no return to judge, which is never judged."""
    if baseline is None or now is None or years_on < 1:
        return None
    if reading == POINTS:
        base, actual = share(*baseline), share(*now)
        if base is None or actual is None:
            return None
        line = points_line(base, years_on)
    else:
        actual, line = Decimal(now[0]), growth_line(baseline[0], years_on)
    return Judgement(reading, actual, line, actual >= line)


def ranks(values):
    """Ranks from 1, ties sharing their average rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            result[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return result


def pearson(x, y):
    mx, my = sum(x) / len(x), sum(y) / len(y)
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sxx, syy = sum((a - mx) ** 2 for a in x), sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else None


@dataclass(frozen=True)
class RankCorrelation:
    rho: float
    lower: float | None
    upper: float | None
    n: int


def spearman(x, y, z=1.959964):
    """Spearman's rank correlation (Pearson's on the ranks, so ties are handled) with its 95% interval by Fisher's
    transformation with Fieller, Hartley and Pearson's standard error, 1.06 / sqrt(n - 3); no interval below four
    pairs. None when either variable does not vary."""
    n = len(x)
    rho = pearson(ranks(x), ranks(y)) if n > 1 else None
    if rho is None:
        return None
    if n < 4 or abs(rho) == 1:
        return RankCorrelation(rho, None, None, n)
    centre, half = math.atanh(rho), z * 1.06 / math.sqrt(n - 3)
    return RankCorrelation(rho, math.tanh(centre - half), math.tanh(centre + half), n)


def in_words(result):
    """What the correlation says about allocation by need, in plain words."""
    if result is None:
        return "There are too few Places with both figures, or no differences between them, to say."
    strength = "strongly" if abs(result.rho) >= 0.7 else "moderately" if abs(result.rho) >= 0.4 else "weakly"
    direction = "more" if result.rho > 0 else "less"
    sentence = (f"Across {result.n} Places, spend per head is {strength} ranked with deprivation: the more deprived "
                f"a Place, the {direction} it tends to receive per head (Spearman's rho {result.rho:.2f}")
    if result.lower is None:
        return sentence + "; too few Places for an interval)."
    sentence += f", 95% interval {result.lower:.2f} to {result.upper:.2f})."
    if result.lower > 0:
        return sentence + " Allocation rises with need."
    if result.upper < 0:
        return sentence + " Allocation falls as need rises: the opposite of proportionate universalism."
    return sentence + " The interval includes no relationship at all, so this cannot yet say allocation follows need."


def years_on(year):
    return year - BASELINE_YEAR
