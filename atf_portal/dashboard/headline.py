"""The home page's headline: at most five sentences above the overview grid, one function per kind of sentence.

Each sentence function takes plain figures (stored entries, label choices, counts) and returns words, so a test can
walk every label; `headline()` gathers the figures from the stored summaries and the reporting round's tallies.
"""

from collections import Counter

from atf_portal.returns.tallies import Tally
from indicators.statistics.labels import Comparison, Trend

from .overview import IMPROVING, WORSENING

LIFE_EXPECTANCY = 1  # Beacon Indicator 1, life expectancy at birth, by sex
JUDGED = (Comparison.BETTER, Comparison.SIMILAR, Comparison.WORSE)


def _years(value):
    return f"{value:.1f} years"


def _life_expectancy_part(sex, entry):
    words = entry.comparison.against("England")
    if entry.england is None:
        return f"{sex.lower()} {_years(entry.value)} in {entry.period} ({words})"
    difference = round(entry.value - entry.england, 1)
    if difference == 0:
        gap = f"the same as England's {entry.england:.1f}"
    else:
        gap = f"{_years(abs(difference))} {'below' if difference < 0 else 'above'} England's {entry.england:.1f}"
    return f"{sex.lower()} {_years(entry.value)} in {entry.period}, {gap} ({words})"


def life_expectancy(figures):
    """figures: [(sex, CmEntry or None)] of Beacon Indicator 1. E.g. "Life expectancy at birth in Cheshire and
    Merseyside: female 82.1 years in 2022 - 24, 1.0 years below England's 83.1 (worse than England)."."""
    parts = [_life_expectancy_part(sex, entry) for sex, entry in figures if entry and entry.value is not None]
    if not parts:
        return "No life expectancy figure for Cheshire and Merseyside has been loaded yet."
    return f"Life expectancy at birth in Cheshire and Merseyside: {'; '.join(parts)}."


def _count(n, one, many):
    return f"{n} {one if n == 1 else many}"


def _listed(parts):
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def cm_trends(trends):
    """trends: the recent Trend of Cheshire and Merseyside on each indicator with a C&M figure. E.g. "Across
    Cheshire and Merseyside, 2 indicators are getting better, 1 is getting worse and 9 show no significant change;
    3 have no trend that can be calculated."."""
    if not trends:
        return "No indicator has a figure for Cheshire and Merseyside yet, so no trend can be given."
    counts = Counter(trends)
    better, worse = sum(counts[t] for t in IMPROVING), sum(counts[t] for t in WORSENING)
    moving = counts[Trend.INCREASING] + counts[Trend.DECREASING]
    parts = [f"{_count(better, 'indicator is', 'indicators are')} getting better",
             f"{_count(worse, 'is', 'are')} getting worse"]
    if counts[Trend.NO_SIGNIFICANT_CHANGE]:
        parts.append(f"{_count(counts[Trend.NO_SIGNIFICANT_CHANGE], 'shows', 'show')} no significant change")
    if moving:
        parts.append(f"{_count(moving, 'is', 'are')} changing where neither direction is judged better")
    sentence = f"Across Cheshire and Merseyside, {_listed(parts)}"
    unknown = len(trends) - better - worse - moving - counts[Trend.NO_SIGNIFICANT_CHANGE]
    if unknown:
        sentence += f"; {_count(unknown, 'has', 'have')} no trend that can be calculated"
    return sentence + "."


def cm_against_england(comparisons):
    """comparisons: Cheshire and Merseyside's Comparison with England on each indicator with a C&M figure. E.g.
    "Cheshire and Merseyside is worse than England on 9 indicators, similar on 4 and better on 2."."""
    if not comparisons:
        return "Cheshire and Merseyside has not been compared with England on any indicator yet."
    counts = Counter(comparisons)
    order = [Comparison.WORSE, Comparison.SIMILAR, Comparison.BETTER, Comparison.HIGHER, Comparison.LOWER]
    found = [(label.against("England"), counts[label]) for label in order if counts[label]]
    # The first part in full ("worse than England on 9 indicators"), the rest short ("similar on 4").
    parts = [f"{words if i == 0 else words.split()[0]} on {_count(n, 'indicator', 'indicators') if i == 0 else n}"
             for i, (words, n) in enumerate(found)]
    rest = len(comparisons) - sum(counts[label] for label in order)
    if not parts:
        return f"Cheshire and Merseyside was not compared with England on any of its {len(comparisons)} indicators."
    sentence = f"Cheshire and Merseyside is {_listed(parts)}"
    if rest:
        sentence += f"; {_count(rest, 'indicator was', 'indicators were')} not compared"
    return sentence + "."


def places_worse(worse, compared, places):
    """worse: {Place name: indicators it is worse than England on}; compared: {Place name: indicators it was judged
    better, similar or worse on}; places: how many Places there are. E.g. "7 of the 9 Places are worse than England
    on at least one indicator; Knowsley on the most, 11 of 17 compared."."""
    if not any(compared.values()):
        return "No Place has been compared with England on any indicator yet."
    with_any = [name for name, n in worse.items() if n]
    if not with_any:
        return f"None of the {places} Places is worse than England on any indicator compared."
    most = max(with_any, key=lambda name: (worse[name], -with_any.index(name)))
    tied = [name for name in with_any if worse[name] == worse[most]]
    who = most if len(tied) == 1 else _listed(tied)
    how_many = f"All {places} Places are" if len(with_any) == places else \
        f"{len(with_any)} of the {places} Places {'is' if len(with_any) == 1 else 'are'}"
    return f"{how_many} worse than England on at least one indicator; {who} on the most, {worse[most]} of " \
        f"{compared[most]} compared."


def round_completeness(round_name, tally):
    """The open reporting round's programme updates: e.g. "Quarter 3 updates: 12 of 40 in, 8 approved, 3 late."."""
    if round_name is None or tally is None:
        return "No reporting round is open."
    if not tally.expected:
        return f"{round_name}: no programme update is expected."
    parts = [f"{tally.submitted} of {tally.expected} programme updates in", f"{tally.approved} approved"]
    if tally.returned:
        parts.append(f"{tally.returned} returned")
    if tally.late:
        parts.append(f"{tally.late} late")
    return f"{round_name}: {_listed(parts)}."


def _round_total(round_by_theme):
    total = Tally()
    for tally in round_by_theme.values():
        for name in ("expected", "submitted", "approved", "returned", "late"):
            setattr(total, name, getattr(total, name) + getattr(tally, name))
    return total


def headline(indicators, summaries, places, reporting_round, round_by_theme):
    """The five sentences, from the indicators' stored summaries (all breakdowns, as the grid loads them), the nine
    Places and the open round's tallies by theme (`current_round_by_theme`)."""
    life_expectancy_ids = {i.pk for i in indicators if i.number == LIFE_EXPECTANCY}
    shown = [s for s in summaries if s.is_default and s.has_data]
    cm = [s.cm_entry for s in shown if s.cm_entry]
    worse, compared = {}, {}
    for place in places:
        entries = [entry for s in shown if (entry := s.place(place))]
        worse[place.name] = sum(entry.comparison == Comparison.WORSE for entry in entries)
        compared[place.name] = sum(entry.comparison in JUDGED for entry in entries)
    life = sorted((s for s in summaries if s.indicator_id in life_expectancy_ids and s.has_data),
                  key=lambda s: s.sex)
    return [
        life_expectancy([(s.sex, s.cm_entry) for s in life]),
        cm_trends([entry.trend for entry in cm]),
        cm_against_england([entry.comparison for entry in cm]),
        places_worse(worse, compared, len(places)),
        round_completeness(reporting_round.name if reporting_round else None,
                           _round_total(round_by_theme) if reporting_round else None),
    ]

