"""Is the gap closing? The parts of an indicator's summary that measure progress: change since the baseline,
each Place against its target's trajectory, inequality within each Place, and Cheshire and Merseyside among
England's ICBs and regions.

Works on values already fetched (refresh_summaries reads them once for every indicator), so the pages that show
these figures read them from the stored summary at a fixed number of queries. The statistics themselves are in
inequality.py and progress.py, pure functions checked against OHID's published worked examples.
"""

from collections import defaultdict

from indicators.models import Target
from indicators.statistics import inequality, progress, stats
from places.models import CHESHIRE_AND_MERSEYSIDE, ENGLAND, Area

RECENT_PERIODS = stats.TREND_POINTS  # a gap widens "over the latest periods": the latest five, as trends read
# phe_sii simulates 100,000 times by default; a refresh works out hundreds of SIIs (each Place, period and
# breakdown), and 10,000 simulations put each limit within a few hundredths of the 100,000-run one at a tenth of
# the time (bench: 3.5 ms against 35 ms per SII on ten deciles).
SII_SIMULATIONS = 10_000


def choose_baseline(indicator, periods, ends):
    """The baseline period label for one breakdown: the team's choice, else the period covering 2022."""
    if indicator.baseline_period:
        return indicator.baseline_period
    return progress.default_baseline([(label, start, ends[label]) for start, label in periods]) or ""


def figure(value):
    """(value, lower 95%, upper 95%) of an IndicatorValue, or None."""
    if value is None or value.value is None:
        return None
    return value.value, value.lower_ci, value.upper_ci


def change_entry(baseline_value, latest, polarity):
    """Change since the baseline of one area, as stored: None when either end is missing."""
    if figure(baseline_value) is None or figure(latest) is None or baseline_value is latest:
        return None
    change = progress.change_since(figure(baseline_value), figure(latest), polarity)
    return {"period": baseline_value.period, "value": baseline_value.value, **change}


def targets_by_area(targets):
    """{area id or None: Target} of one indicator; None is the target for every Place without its own."""
    return {target.area_id: target for target in targets}


def trajectory_entry(target, baseline_value, latest, england_baseline, england_latest, polarity, midpoints):
    """Where one area stands against its target's straight line from the baseline: the value the line expects in
    the latest period, and whether the area is on it. None when the baseline or latest figure is missing, or a
    close-the-gap target has no England figure to measure the gap from."""
    if target is None or figure(baseline_value) is None or figure(latest) is None or baseline_value is latest:
        return None
    start_x, now_x = midpoints[baseline_value.period], midpoints[latest.period]
    end_x = progress.decimal_year(target.target_date)
    if target.kind == Target.Kind.VALUE:
        start, end, measured = baseline_value.value, target.target_value, latest.value
    else:
        if figure(england_baseline) is None or figure(england_latest) is None:
            return None
        start = baseline_value.value - england_baseline.value
        end = start * (1 - target.gap_closed_percent / 100)
        measured = latest.value - england_latest.value
    expected = progress.expected_value(start_x, start, end_x, end, now_x)
    offset = 0 if target.kind == Target.Kind.VALUE else england_latest.value
    return {
        "target": target.describe(), "for_every_place": target.area_id is None, "kind": target.kind,
        "expected": expected + offset, "status": progress.trajectory_status(measured, expected, polarity),
        # The line on the trend chart: from the baseline to the target, in the indicator's units.
        "line": [[baseline_value.period, baseline_value.value], [latest.period, expected + offset]],
        "end": end + (0 if target.kind == Target.Kind.VALUE else england_baseline.value),
    }


def progress_entries(data, baseline, targets, midpoints):
    """{area id: {"baseline": change entry, "trajectory": trajectory entry}} for the Places and C&M."""
    if not baseline or not data.periods:
        return {}
    labels = [label for _, label in data.periods]
    if baseline not in labels:
        return {}
    at = labels.index(baseline)
    england = next((series for area, series in data.series.items() if area.code == ENGLAND), None)
    england_baseline, england_latest = (england[at], england[-1]) if england else (None, None)
    polarity = data.indicator.polarity
    entries = {}
    for area, series in data.series.items():
        if not (area.is_place or area.code == CHESHIRE_AND_MERSEYSIDE):
            continue
        latest = series[-1]
        target = targets.get(area.pk, targets.get(None) if area.is_place else None)
        entries[str(area.pk)] = {
            "baseline": change_entry(series[at], latest, polarity),
            "trajectory": trajectory_entry(target, series[at], latest, england_baseline, england_latest, polarity,
                                           midpoints),
        }
    return entries


def inequality_entries(indicator, breakdown, places, breakdown_rows, headline):
    """{area id: inequality within the Place} for one breakdown (sex, age) of an indicator.

    `breakdown_rows` are the indicator's breakdown values (IndicatorValue, category_type set) for the Places;
    `headline` its headline values for the Places (all sexes, for the female-male gap).
    """
    sex, age = breakdown
    rows = defaultdict(list)
    for value in breakdown_rows:
        if (value.sex, value.age) == breakdown and value.value is not None:
            rows[value.area_id].append(value)
    overall = {}  # (area id, period) -> the Place's headline figure for this breakdown
    by_sex = defaultdict(lambda: defaultdict(dict))  # area id -> period -> sex -> value, at this age
    for value in headline:
        if value.age == age and value.value is not None:
            by_sex[value.area_id][value.period][value.sex.lower()] = value
            if value.sex == sex:
                overall[(value.area_id, value.period)] = value
    entries = {}
    for area in places:
        entry = {
            "deprivation": deprivation_entry(rows[area.pk]),
            "groups": group_entries(rows[area.pk], area.pk, overall, indicator.polarity),
            "sex": sex_entry(by_sex[area.pk]),
        }
        if any(entry.values()):
            entries[str(area.pk)] = entry
    return entries


def deprivation_entry(values):
    """The SII and the most-least deprived gap in every period with deprivation groups, and whether the gap widened
    over the latest periods; None without deprivation groups."""
    ranked = [(inequality.deprivation_rank(v.category_type, v.category), v) for v in values]
    ranked = [(rank, v) for rank, v in ranked if rank is not None]
    if not ranked:
        return None
    # One kind of grouping per Place (deciles rather than quintiles, IMD2019 rather than older ones): the commonest.
    kinds = defaultdict(int)
    for _, v in ranked:
        kinds[v.category_type] += 1
    kind = max(kinds, key=kinds.get)
    by_period = defaultdict(list)
    for rank, v in ranked:
        if v.category_type == kind:
            by_period[(v.period_start, v.period)].append((rank[0], v))
    periods = []
    for (_, period), groups in sorted(by_period.items()):
        groups.sort(key=lambda item: item[0])
        weighted = all(v.denominator for _, v in groups)
        rows = [(rank, v.denominator if weighted else 1, v.value, v.lower_ci, v.upper_ci) for rank, v in groups]
        periods.append({
            "period": period, "sii": inequality.sii(rows, reps=SII_SIMULATIONS),
            "gap": inequality.deprivation_gap(rows), "weighted": weighted,
            "groups": [[rank, v.category, v.value, v.lower_ci, v.upper_ci] for rank, v in groups],
        })
    with_sii = [p for p in periods if p["sii"]][-RECENT_PERIODS:]
    change = inequality.CANNOT_CALCULATE
    if len(with_sii) >= 2:
        change = inequality.gap_change(*(
            (p["sii"]["sii"], p["sii"]["lower"], p["sii"]["upper"]) for p in (with_sii[0], with_sii[-1])))
    return {"category_type": kind, "periods": periods, "change": change,
            "since": with_sii[0]["period"] if len(with_sii) >= 2 else ""}


def group_entries(values, area_id, overall, polarity):
    """Each unordered grouping (ethnic group, free school meals status...) in its latest period: the range and each
    group against the Place's overall figure."""
    kinds = defaultdict(list)
    for v in values:
        if inequality.deprivation_rank(v.category_type, v.category) is None:
            kinds[v.category_type].append(v)
    entries = []
    for kind, kind_values in sorted(kinds.items()):
        latest = max(kind_values, key=lambda v: (v.period_start, v.period)).period
        groups = [(v.category, v.value, v.lower_ci, v.upper_ci) for v in kind_values if v.period == latest]
        spread = inequality.group_range(figure(overall.get((area_id, latest))) or (None, None, None), groups,
                                        polarity)
        if spread:
            entries.append({"category_type": kind, "period": latest, **spread})
    return entries


def sex_entry(by_period):
    """The female-male gap in each period with both, and whether it widened over the latest periods."""
    gaps = []
    for period, sexes in by_period.items():
        if "female" in sexes and "male" in sexes:
            gap = inequality.sex_gap(figure(sexes["female"]), figure(sexes["male"]))
            if gap:
                gaps.append((sexes["female"].period_start, period, gap))
    if not gaps:
        return None
    gaps.sort(key=lambda item: (item[0], item[1]))
    recent = gaps[-RECENT_PERIODS:]
    change = inequality.CANNOT_CALCULATE
    if len(recent) >= 2:
        change = inequality.gap_change(*((g["gap"], g["lower"], g["upper"]) for _, _, g in (recent[0], recent[-1])))
    return {"periods": [{"period": period, **gap} for _, period, gap in gaps], "change": change,
            "since": recent[0][1] if len(recent) >= 2 else ""}


def peers_entry(indicator, period, peer_values, cm):
    """C&M ranked among England's ICBs and regions in the latest period, best first (by polarity; highest first
    when there is no judgement). `peer_values` are headline IndicatorValues of ICBs and regions in that period;
    `cm` the summary's C&M entry (the ICB's figure, or the portal's computed one)."""
    rows = [{"name": v.area.name, "kind": v.area.get_kind_display(), "value": v.value, "lower": v.lower_ci,
             "upper": v.upper_ci, "is_cm": v.area.code == CHESHIRE_AND_MERSEYSIDE, "computed": False}
            for v in peer_values if v.period == period and v.value is not None]
    if cm and cm.get("period") == period and not any(row["is_cm"] for row in rows):
        rows.append({"name": "Cheshire and Merseyside", "kind": "Integrated care board", "value": cm["value"],
                     "lower": cm.get("lower_ci"), "upper": cm.get("upper_ci"), "is_cm": True,
                     "computed": bool(cm.get("computed"))})
    if len(rows) < 2:
        return {}
    rows.sort(key=lambda row: row["value"] if indicator.polarity == "lower" else -row["value"])
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    cm_row = next((row for row in rows if row["is_cm"]), None)
    return {"period": period, "rows": rows, "cm_rank": cm_row["rank"] if cm_row else None,
            "icbs": sum(row["kind"] == Area.Kind.ICB.label or row["is_cm"] for row in rows)}


def computed_cm(data, england):
    """C&M computed from its nine Places' counts and denominators, for an indicator whose ICB figure is not
    published: every period the method allows, the latest compared with England at the indicator's confidence,
    the trend from the sums. {"computed": True, "reason": ...} when the method does not apply."""
    indicator = data.indicator
    series = [(period, _aggregate_places(data, i)) for i, (_, period) in enumerate(data.periods)]
    computed = [(i, period, result) for i, (period, result) in enumerate(series) if "value" in result]
    if not computed:
        return {"computed": True, "reason": series[-1][1]["reason"] if series else ""}
    at, period, latest = computed[-1]
    vs_england = stats.NOT_COMPARED
    if england is not None and england.value is not None and at == len(series) - 1:
        level = _aggregate_places(data, at, confidence=float(indicator.comparator_confidence) / 100)
        vs_england = stats.compare(level["lower"], level["upper"], england.value, indicator.polarity)
    points = [(r.get("count"), r.get("denominator"), r.get("value"), r.get("lower"), r.get("upper"))
              if "value" in r else None for _, r in series]
    return {
        "computed": True, "method": latest["method"], "value": latest["value"], "lower_ci": latest["lower"],
        "upper_ci": latest["upper"], "period": period, "england": england.value if england else None,
        "vs_england": vs_england,
        "trend": stats.recent_trend(points, indicator.polarity, value_type=indicator.value_type,
                                    period=data.periods[-1][1]),
        "series": [[p, r.get("value"), r.get("lower"), r.get("upper")] for p, r in series],
    }


def _aggregate_places(data, index, confidence=0.95):
    rows = [(values[index].value, values[index].count, values[index].denominator)
            for area, values in data.series.items() if area.is_place and values[index] is not None]
    if len(rows) < len(data.places):
        return {"reason": f"{len(data.places) - len(rows)} of the Places have no figure for this period."}
    return progress.aggregate(rows, confidence=confidence)


def computed_cm_change(cm, baseline, polarity):
    """Change since the baseline of a computed C&M figure (its series holds value and limits per period)."""
    by_period = {period: (value, lower, upper) for period, value, lower, upper in cm.get("series", [])}
    start, end = by_period.get(baseline), by_period.get(cm.get("period"))
    if not start or start[0] is None or not end or baseline == cm.get("period"):
        return None
    return {"period": baseline, "value": start[0], **progress.change_since(start, end, polarity)}


def midpoints(values):
    """{period label: middle of the period as a decimal year}, for reading a trajectory at each period."""
    return {v.period: progress.period_midpoint(v.period_start, v.period_end, v.period) for v in values}

