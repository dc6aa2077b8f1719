"""The overview grid: the Beacon Indicators by area, as Fingertips draws its overview. One row per indicator, grouped
by theme; one column per Place, then Cheshire and Merseyside, then England. Every cell is read from the stored
summary (`IndicatorSummary`, through its typed entries): the latest value, the comparison with England and the
recent trend, each shown as a mark and in words as well as in colour.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Q

from indicators.models import IndicatorSummary
from indicators.statistics.labels import Comparison, Trend
from places.models import CHESHIRE_AND_MERSEYSIDE, ENGLAND, Area

# A summary's JSON the grid never reads: left in the database, so a page with every indicator stays cheap.
UNREAD = IndicatorSummary.json_besides("comparisons", "trends", "places", "cm")

COMPARISON_MARKS = {
    Comparison.BETTER: "B", Comparison.SIMILAR: "S", Comparison.WORSE: "W", Comparison.HIGHER: "H",
    Comparison.LOWER: "L",
}
IMPROVING = (Trend.INCREASING_BETTER, Trend.DECREASING_BETTER)
WORSENING = (Trend.INCREASING_WORSE, Trend.DECREASING_WORSE)
TREND_MARKS = {
    Trend.INCREASING_BETTER: "↑", Trend.INCREASING_WORSE: "↑", Trend.INCREASING: "↑",
    Trend.DECREASING_BETTER: "↓", Trend.DECREASING_WORSE: "↓", Trend.DECREASING: "↓",
    Trend.NO_SIGNIFICANT_CHANGE: "→",
}


@dataclass(frozen=True)
class Cell:
    """One area's latest figure on one indicator: comparison None for England (the comparator itself), trend None
    where the summary keeps none; value None with no period where the area has no figure."""

    value: float | None
    period: str
    comparison: Comparison | None
    trend: Trend | None
    url: str

    @property
    def has_figure(self):
        return bool(self.period) or self.value is not None

    @property
    def mark(self):
        return COMPARISON_MARKS.get(self.comparison, "–") if self.comparison else ""

    @property
    def colour(self):
        return self.comparison.colour if self.comparison else "none"

    @property
    def comparison_words(self):
        return self.comparison.against("England") if self.comparison else ""

    @property
    def trend_mark(self):
        return TREND_MARKS.get(self.trend, "–") if self.trend else ""

    @property
    def trend_colour(self):
        return self.trend.colour if self.trend else "grey"


@dataclass
class Row:
    indicator: object
    summary: IndicatorSummary | None
    cells: list
    several_breakdowns: bool = False


@dataclass
class Group:
    theme: object  # None for the indicators above the themes
    rows: list = field(default_factory=list)


@dataclass
class Grid:
    columns: list  # Areas: the Places shown, then C&M, then England
    groups: list
    sexes: list  # the sexes some shown indicator is broken down by, for the switch
    sex: str  # the sex asked for ("" for each indicator's default breakdown)

    @property
    def rows(self):
        return [row for group in self.groups for row in group.rows]


def columns(place=None, areas=None):
    """The grid's areas in one query (none given `areas`, the portal's areas a page has read): the nine Places, or
    one Place and its neighbours (the Places of its sub-region, the Place first); then C&M and England."""
    if areas is None:
        areas = list(Area.objects.filter(Q(kind=Area.Kind.PLACE) | Q(code__in=[CHESHIRE_AND_MERSEYSIDE, ENGLAND])))
    places = [area for area in areas if area.is_place]
    if place is not None:
        places = [place, *(area for area in places if area.parent_id == place.parent_id and area.pk != place.pk)]
    by_code = {area.code: area for area in areas}
    return [*places, *(by_code[code] for code in (CHESHIRE_AND_MERSEYSIDE, ENGLAND) if code in by_code)]


def summaries_of(indicators, defaults_loaded=False, sex=None):
    """Every breakdown's summary of these indicators in one query, without the JSON the grid does not read; with
    `defaults_loaded`, the default summaries the indicators carry already (`with_summary()`) stand in for their own,
    so a page reads and decodes each only once. Given the `sex` the grid shows (a page that reads no other breakdown's
    figures: the Place page), the other breakdowns are read only as far as the breakdown switch reads them."""
    found = IndicatorSummary.objects.filter(indicator__in=indicators).defer(*UNREAD)
    if not defaults_loaded:
        return list(found)
    loaded = [summary for indicator in indicators for summary in indicator.default_summaries]
    others = found.filter(is_default=False)
    if sex is not None:
        others = [*others.filter(sex=sex), *others.exclude(sex=sex).only("indicator_id", "sex", "age", "is_default")]
    return sorted([*others, *loaded], key=lambda summary: summary.pk)


def _choose(summaries, sex):
    """The summary a row shows: the asked-for sex (its default age first) where the indicator has it, else the
    default breakdown."""
    default = next((s for s in summaries if s.is_default), None)
    if sex:
        of_sex = sorted((s for s in summaries if s.sex == sex), key=lambda s: (s.age != getattr(default, "age", ""),))
        if of_sex:
            return of_sex[0]
    return default


def _link(page, summary, area):
    """The indicator's page (`page`, its address) at this area: a Place's row of the latest figures, C&M's line, or
    the page itself."""
    query = {"sex": summary.sex, "age": summary.age} if summary else {}
    if area.is_place:
        return f"{page}?{urlencode({**query, 'area': area.code})}#area-{area.code}"
    anchor = "#cm-level" if area.code == CHESHIRE_AND_MERSEYSIDE else "#latest"
    return f"{page}{'?' + urlencode(query) if query else ''}{anchor}"


def cell(page, summary, area):
    """One cell of the indicator whose page is at `page` (its address, worked out once a row), read from the stored
    summary."""
    url = _link(page, summary, area)
    if summary is None or not summary.has_data:
        return Cell(None, "", None, None, url)
    if area.is_place:
        entry = summary.place(area)
        if entry is None:
            return Cell(None, "", None, None, url)
        return Cell(entry.value, entry.period, entry.comparison, entry.trend, url)
    if area.code == CHESHIRE_AND_MERSEYSIDE:
        entry = summary.cm_entry
        if entry is None:
            return Cell(None, "", None, None, url)
        return Cell(entry.value, entry.period, entry.comparison, entry.trend, url)
    return Cell(summary.england_value, summary.latest_period, None, None, url)


def grid(indicators, areas, summaries, sex=""):
    """The Grid of these indicators (in order, grouped by theme) across these areas, from their stored summaries."""
    by_indicator = {}
    for summary in summaries:
        by_indicator.setdefault(summary.indicator_id, []).append(summary)
    groups, sexes = [], set()
    for indicator in indicators:
        own = by_indicator.get(indicator.pk, [])
        several = len({s.sex for s in own}) > 1
        if several:
            sexes.update(s.sex for s in own)
        chosen = _choose(own, sex)
        if not groups or groups[-1].theme != indicator.theme:
            groups.append(Group(indicator.theme))
        page = indicator.get_absolute_url()
        groups[-1].rows.append(Row(indicator, chosen, [cell(page, chosen, area) for area in areas], several))
    return Grid(areas, groups, sorted(sexes), sex if sex in sexes else "")


def cm_trend_counts(rows):
    """(improving, worsening, with a C&M trend) among these rows: Cheshire and Merseyside's recent trend on each."""
    trends = [row.summary.cm_entry.trend for row in rows if row.summary and row.summary.cm_entry]
    improving = sum(trend in IMPROVING for trend in trends)
    worsening = sum(trend in WORSENING for trend in trends)
    return improving, worsening, len(trends)


def attach_default_summaries(indicators, summaries):
    """Give each indicator its default summary from the grid's one query, as `with_summary()` would (its
    `default_summaries`), so a page showing the grid and `indicator.summary` loads the summaries once."""
    for indicator in indicators:
        indicator.default_summaries = [s for s in summaries if s.indicator_id == indicator.pk and s.is_default]
