"""A local indicator's figures under the Beacon set's rules, where the data allows: each area's series; an interval
(given, or Wilson's from a count and denominator); each neighbourhood compared with its Place as Fingertips
compares an area with England; the recent trend. There is no England value for a Place's own measure."""

from collections import defaultdict

from indicators.statistics.labels import Comparison
from indicators.statistics.progress import wilson_interval
from indicators.statistics.stats import compare, recent_trend

PER_CENT = "%"


def interval(value):
    """(lower, upper): as loaded, else Wilson's when the value is a percentage of a count and denominator."""
    if value.lower is not None:
        return value.lower, value.upper
    if value.count is not None and value.denominator and value.indicator.unit.strip() == PER_CENT:
        lower, upper = wilson_interval(value.count, value.denominator)
        return 100 * lower, 100 * upper
    return None, None


def series(indicator):
    """[(area name, [(period, value, lower, upper)], latest, vs the Place, trend)] for the Place, then each
    neighbourhood with values."""
    by_area = defaultdict(list)
    for value in indicator.values.select_related("neighbourhood", "indicator").order_by("period"):
        by_area[value.neighbourhood].append(value)
    place_series = by_area.pop(None, [])
    place_latest = place_series[-1] if place_series else None
    rows = [_row(indicator, indicator.place.name, place_series, None)]
    for neighbourhood, values in sorted(by_area.items(), key=lambda pair: pair[0].name):
        rows.append(_row(indicator, neighbourhood.name, values, place_latest))
    return [row for row in rows if row[1]]


def _row(indicator, name, values, place_latest):
    points = [(v.period, v.value, *interval(v)) for v in values]
    latest = points[-1] if points else None
    versus = Comparison.NOT_COMPARED
    if latest and place_latest is not None and place_latest.period == latest[0]:
        versus = compare(latest[2], latest[3], place_latest.value, indicator.polarity)
    trend = recent_trend([(v.count, v.denominator, v.value, *interval(v)) for v in values], indicator.polarity)
    return name, points, latest, versus, trend
