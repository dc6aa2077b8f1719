"""An indicator's values read back as the dashboard needs them: Places against England and the North West,
recent trend, and the gap between the best and worst Place. Works on values already fetched, so a page
costs the same number of queries however many Places, periods or breakdowns there are."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from atf_portal.core import pagecache
from indicators.models import Indicator, IndicatorSummary, IndicatorValue, SummaryLabels, Target, Upload
from indicators.statistics import stats
from indicators.statistics.labels import normalise as normalise_label
from indicators.summary import tracking
from places.models import CHESHIRE_AND_MERSEYSIDE, ENGLAND, NORTH_WEST, Area


@dataclass
class PlaceRow:
    area: object
    latest: object  # IndicatorValue or None
    vs_england: str
    vs_north_west: str
    trend: str
    gap_to_england: float | None


@dataclass
class IndicatorData:
    indicator: object
    breakdowns: list
    breakdown: tuple | None
    periods: list = field(default_factory=list)  # [(period_start, period label)], oldest first
    series: dict = field(default_factory=dict)  # area -> [IndicatorValue or None per period]
    places: list = field(default_factory=list)  # PlaceRow, best first
    gaps: list = field(default_factory=list)  # per period: dict(period, best, worst, gap)
    illustrative: bool = False

    @property
    def latest_period(self):
        return self.periods[-1][1] if self.periods else None

    def latest(self, code):
        for area, values in self.series.items():
            if area.code == code:
                return values[-1]
        return None


@dataclass
class LatestRow:
    """One Place on the indicator page: its latest figure (the values read for the table) and the stored
    summary's judgements of it (a PlaceEntry, or None)."""

    area: object
    latest: object  # IndicatorValue or None
    entry: object
    gap_to_england: float | None


def default_breakdown(breakdowns):
    """Persons where published (Fingertips' headline), otherwise the first breakdown."""
    persons = [b for b in breakdowns if b[0].lower() == "persons"]
    return (persons or breakdowns or [None])[0]


def analyse(indicator, values, places, breakdown=None):
    """Build the view of one indicator from its values (IndicatorValue with area and upload loaded): its series,
    each Place's judgements and the gap between the best and worst Place in each period."""
    data = read_series(indicator, values, breakdown)
    if data.periods:
        _judge_places(data, places)
        add_gaps(data, places)
    return data


def chosen_breakdown(breakdowns, asked):
    """The breakdown asked for where there is one, else the default."""
    return asked if asked in breakdowns else default_breakdown(breakdowns)


def read_series(indicator, values, breakdown=None, breakdowns=None):
    """One breakdown's values as series per area, oldest period first, with no judgement made: what the indicator
    page draws and tabulates beside the stored summary's judgements. `breakdowns`: every breakdown the indicator
    has, when `values` hold only the one shown."""
    breakdowns = sorted({(v.sex, v.age) for v in values}) if breakdowns is None else breakdowns
    breakdown = chosen_breakdown(breakdowns, breakdown)
    data = IndicatorData(indicator=indicator, breakdowns=breakdowns, breakdown=breakdown)
    chosen = [v for v in values if (v.sex, v.age) == breakdown]
    data.illustrative = any(v.upload_id and v.upload.kind == Upload.Kind.ILLUSTRATIVE for v in chosen)
    data.periods = sorted({(v.period_start, v.period) for v in chosen})
    position = {period: i for i, period in enumerate(data.periods)}
    by_area = defaultdict(lambda: [None] * len(data.periods))
    for v in chosen:
        by_area[v.area][position[(v.period_start, v.period)]] = v
    data.series = dict(sorted(by_area.items(), key=lambda item: (item[0].sort_order, item[0].name)))
    return data


def _series(data, area):
    return data.series.get(area, [None] * len(data.periods))


def _gap_to_england(latest, england):
    if latest and latest.value is not None and england and england.value is not None:
        return latest.value - england.value
    return None


def _judge_places(data, places):
    indicator = data.indicator
    polarity, confidence = indicator.polarity, indicator.comparator_confidence
    england, north_west = data.latest(ENGLAND), data.latest(NORTH_WEST)
    for area in places:
        series = _series(data, area)
        latest = series[-1]
        data.places.append(PlaceRow(
            area=area, latest=latest, vs_england=_compare(latest, england, polarity, confidence),
            vs_north_west=_compare(latest, north_west, polarity, confidence),
            trend=recent_trend(series, indicator, data.periods[-1][1]),
            gap_to_england=_gap_to_england(latest, england),
        ))
    data.places.sort(key=lambda row: _rank(row, polarity))


def latest_rows(data, places, summary):
    """The Places on the indicator page, best first: each latest figure with the stored summary's judgements."""
    england = data.latest(ENGLAND)
    rows = [LatestRow(area, _series(data, area)[-1], summary.place(area) if summary else None,
                      _gap_to_england(_series(data, area)[-1], england)) for area in places]
    return sorted(rows, key=lambda row: _rank(row, data.indicator.polarity))


def add_gaps(data, places):
    """The gap between the best and worst Place in each period (arithmetic on the values, by polarity)."""
    polarity, by_area = data.indicator.polarity, data.series
    for i, (_, period) in enumerate(data.periods):
        place_values = {area: by_area[area][i].value for area in places if area in by_area and by_area[area][i]}
        best, worst = stats.best_and_worst(place_values, polarity)
        data.gaps.append({
            "period": period, "best": best, "worst": worst, "gap": stats.gap(place_values),
            "best_value": place_values.get(best), "worst_value": place_values.get(worst),
        })
    return data


def _compare(value, comparator, polarity, confidence=stats.CONFIDENCE_95):
    """Compare at the indicator's level: the 95% limits, or the 99.8% limits (Not compared when they are missing)."""
    if value is None or value.value is None or comparator is None or comparator.value is None:
        return stats.NOT_COMPARED
    lower, upper = confidence_limits(value, confidence)
    return stats.compare(lower, upper, comparator.value, polarity)


def compare_value(value, comparator, indicator):
    """An area's value against a comparator's, at the indicator's confidence and polarity."""
    return _compare(value, comparator, indicator.polarity, indicator.comparator_confidence)


def confidence_limits(value, confidence):
    if float(confidence) == stats.CONFIDENCE_998:
        return value.lower_ci_998, value.upper_ci_998
    return value.lower_ci, value.upper_ci


def trend_points(series):
    """(count, denominator, value, lower 95%, upper 95%) per period, or None where the area has no row, for
    stats.recent_trend."""
    return [(v.count, v.denominator, v.value, v.lower_ci, v.upper_ci) if v else None for v in series]


def recent_trend(series, indicator, period):
    """An area's recent trend (a value or None per period, oldest first) by Fingertips' rules: its polarity, its
    Fingertips value type and the span of the latest period (`period`, its label) decide what can be calculated."""
    return stats.recent_trend(trend_points(series), indicator.polarity, value_type=indicator.value_type,
                              period=period)


CANONICAL = {normalise_label(label): label for label in (
    stats.BETTER, stats.SIMILAR, stats.WORSE, stats.HIGHER, stats.LOWER, stats.NOT_COMPARED,
    stats.CANNOT_BE_CALCULATED, stats.NO_SIGNIFICANT_CHANGE, *(stats.trend_label(direction, polarity)
                                                             for direction in (1, -1)
                                                             for polarity in ("higher", "lower", "none")))}


def canonical_label(label):
    """A label as the portal writes it, whoever wrote it ("Better 95%" is "Better"); unknown labels as given."""
    return CANONICAL.get(normalise_label(label), label)


def agreement_report(rows):
    """How the portal's labels agree with Fingertips' where Fingertips published one.

    `rows` are (area name, period, kind, Fingertips' label, the portal's label), kind "comparison" or "trend";
    rows without a Fingertips label are not counted. Returns {"compared", "agreed", "rate" (percent or None),
    "disagreements": [{"area", "period", "kind", "fingertips", "portal"}]}.
    """
    compared = agreed = 0
    disagreements = []
    for area, period, kind, published, portal in rows:
        if not published:
            continue
        compared += 1
        if normalise_label(published) == normalise_label(portal):
            agreed += 1
        else:
            disagreements.append({"area": str(area), "period": period, "kind": kind, "fingertips": published,
                                  "portal": portal})
    return {"compared": compared, "agreed": agreed, "rate": round(100 * agreed / compared, 1) if compared else None,
            "disagreements": disagreements}


def place_agreement_rows(data):
    """The agreement rows of an analysed indicator: each Place's latest comparison with England and trend."""
    rows = []
    for row in data.places:
        if row.latest is None:
            continue
        rows.append((row.area.name, row.latest.period, "comparison", row.latest.published_comparison, row.vs_england))
        rows.append((row.area.name, row.latest.period, "trend", row.latest.published_trend, row.trend))
    return rows


def _rank(row, polarity):
    """Best first: highest first unless lower is better; Places without a value last."""
    if row.latest is None or row.latest.value is None:
        return (1, 0, row.area.sort_order)
    return (0, row.latest.value if polarity == "lower" else -row.latest.value, row.area.sort_order)


def summary_sentence(data, summary):
    """One plain sentence a board member can read without knowing the statistics: the stored summary's
    comparisons (as the pages show them) and the gap between the best and worst Place's values."""
    indicator = data.indicator
    if not indicator.is_live:
        return f"This indicator is {indicator.get_status_display().lower()}, so the portal has no figures to show."
    if not data.periods or summary is None:
        return "No figures have been loaded for this indicator yet."
    with_data = [entry for entry in summary.place_entries.values() if entry.value is not None]
    counts = Counter(entry.comparison for entry in with_data)
    if not indicator.judges_direction:
        parts = [f"{counts[stats.HIGHER]} higher", f"{counts[stats.SIMILAR]} similar", f"{counts[stats.LOWER]} lower"]
    else:
        parts = [f"{counts[stats.WORSE]} worse", f"{counts[stats.SIMILAR]} similar", f"{counts[stats.BETTER]} better"]
    sentence = (
        f"In {data.latest_period}, of the {len(with_data)} Places with figures, {', '.join(parts[:2])} and "
        f"{parts[2]} than England"
    )
    if counts[stats.NOT_COMPARED]:
        sentence += f" ({counts[stats.NOT_COMPARED]} could not be compared)"
    sentence += "."
    latest_gap = data.gaps[-1]
    if latest_gap["gap"] is not None:
        unit, gap_unit = indicator.unit_suffix, indicator.difference_suffix
        label = ("best", "worst") if indicator.polarity != "none" else ("highest", "lowest")
        sentence += (
            f" The gap between the {label[0]} Place ({latest_gap['best']}, {latest_gap['best_value']:g}{unit}) and the "
            f"{label[1]} ({latest_gap['worst']}, {latest_gap['worst_value']:g}{unit}) is "
            f"{latest_gap['gap']:.3g}{gap_unit}."
        )
    return sentence


def refresh_summaries(indicator_ids=None):
    """Recompute the stored summary of each indicator (all when None); one pass over their values.

    The portal's own areas (Places, England, the North West, C&M) are read as full values for comparisons and
    trends; every other English area only as (breakdown, period, value) in the latest period, for England's
    distribution, so a national file of 150,000 figures costs one light query rather than 150,000 model objects.
    Headline figures only: a deprivation decile or an ethnic group is a group within an area, not the area.
    """
    indicators = Indicator.objects.all() if indicator_ids is None else Indicator.objects.filter(pk__in=indicator_ids)
    indicators = list(indicators)
    places = list(Area.objects.places())
    values = defaultdict(list)
    # Few uploads and areas behind thousands of values: prefetched once each rather than joined into every row.
    for value in (IndicatorValue.objects.headline().filter(indicator__in=indicators, area__in=Area.objects.portal())
                  .prefetch_related("area", "upload")):
        values[value.indicator_id].append(value)
    analysed = []
    for indicator in indicators:
        breakdowns = sorted({(v.sex, v.age) for v in values[indicator.pk]})
        default = default_breakdown(breakdowns)
        for breakdown in breakdowns:  # an indicator with no values has no summary, however it is refreshed
            data = analyse(indicator, values[indicator.pk], places, breakdown)
            analysed.append((data, breakdown == default))
    national = _national_values(analysed)
    context = _progress_context(indicators, analysed, places)
    summaries = [_summary(data, values[data.indicator.pk], is_default, national) for data, is_default in analysed]
    for summary, (data, _) in zip(summaries, analysed, strict=True):
        _add_progress(summary, data, values[data.indicator.pk], context)
    IndicatorSummary.objects.filter(indicator__in=indicators).delete()
    IndicatorSummary.objects.bulk_create(summaries)
    SummaryLabels.objects.bulk_create(SummaryLabels.of(summary) for summary in summaries)
    pagecache.data_changed()  # bulk writes send no signal


def _national_values(analysed):
    """{(indicator id, sex, age, period): [values]} of every upper-tier authority in each summary's latest period
    only (one query, not 150,000 rows: the distribution needs no earlier period)."""
    latest = defaultdict(set)
    for data, _ in analysed:
        if data.periods:
            latest[data.indicator.pk].add(data.periods[-1][1])
    if not latest:
        return {}
    wanted = Q()
    for indicator_id, periods in latest.items():
        wanted |= Q(indicator_id=indicator_id, period__in=sorted(periods))
    national = defaultdict(list)
    for indicator_id, sex, age, period, value in (
        IndicatorValue.objects.headline().filter(wanted, area__kind__in=Area.UPPER_TIER, value__isnull=False)
        .values_list("indicator_id", "sex", "age", "period", "value")
    ):
        national[(indicator_id, sex, age, period)].append(value)
    return national


def _progress_context(indicators, analysed, places):
    """What the progress parts of the summaries read besides the headline values, one query each: the Places'
    breakdown rows, the targets, and the ICBs' and regions' figures in each summary's latest period."""
    breakdown_rows = defaultdict(list)
    for value in IndicatorValue.objects.breakdowns().filter(indicator__in=indicators, area__in=places):
        breakdown_rows[value.indicator_id].append(value)
    targets = defaultdict(list)
    for target in Target.objects.filter(indicator__in=indicators):
        targets[target.indicator_id].append(target)
    latest = {(data.indicator.pk, data.periods[-1][1]) for data, _ in analysed if data.periods}
    wanted = Q()
    for indicator_id, period in latest:
        wanted |= Q(indicator_id=indicator_id, period=period)
    peers = defaultdict(list)
    if latest:
        for value in (IndicatorValue.objects.headline().filter(wanted, area__kind__in=[Area.Kind.ICB, Area.Kind.ICS,
                                                                                         Area.Kind.REGION])
                      .select_related("area")):
            peers[(value.indicator_id, value.sex, value.age)].append(value)
    return {"places": places, "breakdowns": breakdown_rows, "targets": targets, "peers": peers}


def _add_progress(summary, data, values, context):
    """Baseline, trajectory, inequality and C&M's place among its peers, on a summary already built."""
    if not data.periods:
        return
    indicator = data.indicator
    chosen = [v for v in values if (v.sex, v.age) == data.breakdown]
    ends = {v.period: v.period_end for v in chosen}
    summary.baseline_period = tracking.choose_baseline(indicator, data.periods, ends)
    if not summary.cm:
        computed = tracking.computed_cm(data, data.latest(ENGLAND))
        summary.cm = computed if "value" in computed else {}
        summary.peers = {} if summary.cm else {"cm_reason": computed.get("reason", "")}
    entries = tracking.progress_entries(data, summary.baseline_period,
                                        tracking.targets_by_area(context["targets"][indicator.pk]),
                                        tracking.midpoints(chosen))
    for area_id, entry in entries.items():
        if area_id in summary.places:
            summary.places[area_id].update(entry)
    cm_area = next((str(area.pk) for area in data.series if area.code == CHESHIRE_AND_MERSEYSIDE), None)
    if summary.cm and cm_area in entries:
        summary.cm.update(entries[cm_area])
    elif summary.cm.get("computed"):
        summary.cm["baseline"] = tracking.computed_cm_change(summary.cm, summary.baseline_period, indicator.polarity)
    summary.inequality = tracking.inequality_entries(indicator, data.breakdown, context["places"],
                                                     context["breakdowns"][indicator.pk],
                                                     [v for v in values if v.area.is_place])
    peers = tracking.peers_entry(indicator, data.periods[-1][1],
                                 context["peers"][(indicator.pk, *data.breakdown)], summary.cm)
    summary.peers = {**summary.peers, **peers}


def _summary(data, values, is_default, national=None):
    summary = IndicatorSummary(indicator=data.indicator, illustrative=data.illustrative, is_default=is_default)
    if not data.periods:
        return summary
    england, north_west = data.latest(ENGLAND), data.latest(NORTH_WEST)
    place_values = [row.latest.value for row in data.places if row.latest and row.latest.value is not None]
    stamps = [v.upload.imported_at for v in values if v.upload_id and v.upload.imported_at]
    summary.sex, summary.age = data.breakdown
    summary.latest_period_start, summary.latest_period = data.periods[-1]
    summary.latest_period_end = max(v.period_end for v in values if v.period == summary.latest_period)
    summary.england_value = england.value if england else None
    summary.north_west_value = north_west.value if north_west else None
    summary.place_min = min(place_values, default=None)
    summary.place_max = max(place_values, default=None)
    summary.last_loaded = max(stamps, default=None)
    summary.agreement = agreement_report(place_agreement_rows(data))
    summary.places = {str(row.area.pk): _place_entry(row) for row in data.places if row.latest is not None}
    # Counted as the pages show each Place: Fingertips' own label where it published a different one.
    summary.comparisons = dict(Counter(canonical_label(e["vs_england"]) for e in summary.places.values()))
    summary.trends = dict(Counter(canonical_label(e["trend"]) for e in summary.places.values()))
    indicator = data.indicator
    summary.national = stats.national_distribution(
        (national or {}).get((indicator.pk, summary.sex, summary.age, summary.latest_period), []), indicator.polarity)
    summary.cm = cm_level(data, england)
    return summary


def _place_entry(row):
    """One Place in the summary; where Fingertips published a different label, Fingertips' label is shown, marked
    (the flag says so and the portal's own label is kept beside it)."""
    latest = row.latest
    entry = {
        "value": latest.value, "lower_ci": latest.lower_ci, "upper_ci": latest.upper_ci,
        "note": latest.value_note, "period": latest.period, "vs_england": row.vs_england,
        "vs_north_west": row.vs_north_west, "trend": row.trend,
    }
    for key, published in (("vs_england", latest.published_comparison), ("trend", latest.published_trend)):
        if published and normalise_label(published) != normalise_label(entry[key]):
            entry[f"portal_{key}"] = entry[key]
            entry[key] = published
            entry[f"{key}_from_fingertips"] = True
    return entry


def cm_level(data, england):
    """Cheshire and Merseyside as one level (the ICB, E54000008) where published: latest value against England,
    recent trend, and its series; empty when the ICB has no figure."""
    series = next((values for area, values in data.series.items() if area.code == CHESHIRE_AND_MERSEYSIDE), None)
    if not series or not any(v and v.value is not None for v in series):
        return {}
    latest = next(v for v in reversed(series) if v and v.value is not None)
    indicator = data.indicator
    return {
        "value": latest.value, "lower_ci": latest.lower_ci, "upper_ci": latest.upper_ci, "period": latest.period,
        "england": england.value if england else None,
        "vs_england": _compare(latest, england if latest is series[-1] else None, indicator.polarity,
                               indicator.comparator_confidence),
        "trend": recent_trend(series, indicator, data.periods[-1][1]),
        "series": [[label, v.value if v else None, v.lower_ci if v else None, v.upper_ci if v else None]
                   for (_, label), v in zip(data.periods, series, strict=True)],
    }
