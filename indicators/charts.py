"""Plotly figure specifications for an indicator page, as plain dicts for plotly.js to draw.

Colour never carries meaning alone: bars are labelled with their comparison, lines with their area.
"""

from indicators.statistics import stats
from places.models import CHESHIRE_AND_MERSEYSIDE, ENGLAND, NORTH_WEST

# NHS.UK palette; comparison colours as Fingertips uses them (better green, similar amber, worse red).
COMPARISON_COLOURS = {
    stats.BETTER: "#007f3b", stats.SIMILAR: "#ffb81c", stats.WORSE: "#d5281b",
    stats.HIGHER: "#005eb8", stats.LOWER: "#41b6e6", stats.NOT_COMPARED: "#aeb7bd",
}
REFERENCE_STYLE = {ENGLAND: {"color": "#212b32", "dash": "dash"}, NORTH_WEST: {"color": "#768692", "dash": "dot"},
                   CHESHIRE_AND_MERSEYSIDE: {"color": "#330072", "dash": "dashdot"}}
LAYOUT = {
    "margin": {"l": 60, "r": 20, "t": 30, "b": 60},
    "font": {"family": "Arial, Helvetica, sans-serif", "size": 13},
    "legend": {"orientation": "h", "y": -0.2},
    "hovermode": "closest",
}


def _colour(comparison):
    """A comparison's colour; grey for words Fingertips published that the portal does not use."""
    return COMPARISON_COLOURS.get(comparison, COMPARISON_COLOURS[stats.NOT_COMPARED])


def _ci_text(v):
    if v.lower_ci is None or v.upper_ci is None:
        return "no confidence interval"
    return f"95% CI {v.lower_ci:g} to {v.upper_ci:g}"


def trend_chart(data, summary=None, places=()):
    labels = [label for _, label in data.periods]
    traces = []
    for area, series in data.series.items():
        if not (area.is_place or area.code in REFERENCE_STYLE):
            continue
        points = [(label, v) for label, v in zip(labels, series, strict=True) if v and v.value is not None]
        trace = {
            "type": "scatter", "mode": "lines+markers", "name": area.name,
            "x": [label for label, _ in points], "y": [v.value for _, v in points],
            "text": [_ci_text(v) for _, v in points],
            "hovertemplate": "%{fullData.name}, %{x}: %{y}<br>%{text}<extra></extra>",
        }
        if area.code in REFERENCE_STYLE:
            trace["line"] = {**REFERENCE_STYLE[area.code], "width": 3}
        traces.append(trace)
    traces.extend(trajectory_traces(summary, places))
    layout = {**LAYOUT, "yaxis": {"title": {"text": data.indicator.unit}}, "xaxis": {"type": "category"}}
    return {"data": traces, "layout": layout}


def trajectory_traces(summary, places):
    """Each area's straight line from its baseline to where its target expects it in the latest period, dashed.
    A target for every Place draws nine lines, so those start hidden (the legend shows them)."""
    if summary is None:
        return []
    traces = []
    named = [(summary.place(area), area.name, False) for area in places]
    named.append((summary.cm_entry, "Cheshire and Merseyside", True))
    for entry, name, is_cm in named:
        trajectory = entry.trajectory if entry else None
        if not trajectory:
            continue
        trace = {
            "type": "scatter", "mode": "lines", "name": f"{name} trajectory",
            "x": [point[0] for point in trajectory.line], "y": [point[1] for point in trajectory.line],
            "line": {"color": "#330072" if is_cm else "#768692", "dash": "longdash", "width": 2},
            "hovertemplate": f"{name} trajectory, %{{x}}: %{{y:.3g}}<br>target: {trajectory.target}<extra></extra>",
        }
        if trajectory.for_every_place:
            trace["visible"] = "legendonly"
        traces.append(trace)
    return traces


def gradient_chart(indicator, rows):
    """Value by deprivation group, one line per Place, with 95% intervals, in each Place's latest period: the
    social gradient. `rows` from progress_rows.inequality_rows."""
    traces = []
    for row in rows:
        if not row["latest"]:
            continue
        groups = [g for g in row["latest"]["groups"] if g[2] is not None]
        traces.append({
            "type": "scatter", "mode": "lines+markers", "name": f"{row['area'].name} ({row['latest']['period']})",
            "x": [g[0] for g in groups], "y": [g[2] for g in groups], "text": [g[1] for g in groups],
            "error_y": {"type": "data", "symmetric": False, "thickness": 1,
                        "array": [(g[4] if g[4] is not None else g[2]) - g[2] for g in groups],
                        "arrayminus": [g[2] - (g[3] if g[3] is not None else g[2]) for g in groups]},
            "hovertemplate": "%{fullData.name}<br>%{text}: %{y}<extra></extra>",
        })
    count = max((len(row["latest"]["groups"]) for row in rows if row["latest"]), default=10)
    layout = {**LAYOUT, "yaxis": {"title": {"text": indicator.unit}},
              "xaxis": {"title": {"text": f"Most deprived (1) to least deprived ({count})"}, "dtick": 1},
              "legend": {"orientation": "h", "y": -0.3}, "margin": {**LAYOUT["margin"], "b": 90}}
    return {"data": traces, "layout": layout}


def inequality_trend_chart(indicator, rows):
    """The slope index of inequality in each period, one line per Place, with 95% intervals: is the gap closing?"""
    traces = []
    for row in rows:
        periods = [p for p in (row["deprivation"].periods if row["deprivation"] else []) if p["sii"]]
        if not periods:
            continue
        traces.append({
            "type": "scatter", "mode": "lines+markers", "name": row["area"].name,
            "x": [p["period"] for p in periods], "y": [p["sii"]["sii"] for p in periods],
            "error_y": {"type": "data", "symmetric": False, "thickness": 1,
                        "array": [(p["sii"]["upper"] or p["sii"]["sii"]) - p["sii"]["sii"] for p in periods],
                        "arrayminus": [p["sii"]["sii"] - (p["sii"]["lower"] or p["sii"]["sii"]) for p in periods]},
            "hovertemplate": "%{fullData.name}, %{x}: slope index of inequality %{y:.3g}<extra></extra>",
        })
    layout = {**LAYOUT, "xaxis": {"type": "category"},
              "yaxis": {"title": {"text": f"Slope index of inequality ({indicator.unit})" if indicator.unit else
                                  "Slope index of inequality"}}}
    return {"data": traces, "layout": layout}


def _comparison(row):
    return row.entry.comparison if row.entry else stats.NOT_COMPARED


def latest_bar_chart(data, latest_rows):
    """The Places' latest values, best first, coloured and labelled with the stored summary's comparisons
    (`latest_rows` from analysis.latest_rows)."""
    rows = [row for row in latest_rows if row.latest is not None and row.latest.value is not None]
    england = data.latest(ENGLAND)
    bars = {
        "type": "bar", "orientation": "h",
        "y": [row.area.name for row in rows], "x": [row.latest.value for row in rows],
        "marker": {"color": [_colour(_comparison(row)) for row in rows],
                   "line": {"color": "#212b32", "width": 1}},
        "error_x": {
            "type": "data", "symmetric": False, "color": "#212b32",
            "array": [(row.latest.upper_ci or row.latest.value) - row.latest.value for row in rows],
            "arrayminus": [row.latest.value - (row.latest.lower_ci or row.latest.value) for row in rows],
        },
        "text": [_comparison(row).label for row in rows], "textposition": "inside", "insidetextanchor": "start",
        "customdata": [_ci_text(row.latest) for row in rows],
        "hovertemplate": "%{y}: %{x}<br>%{customdata}<br>%{text} compared with England<extra></extra>",
        "name": "Places",
    }
    layout = {**LAYOUT, "yaxis": {"autorange": "reversed", "automargin": True},
              "xaxis": {"title": {"text": data.indicator.unit}}, "showlegend": False,
              "height": 120 + 32 * len(rows)}
    if england and england.value is not None:
        layout["shapes"] = [{"type": "line", "xref": "x", "yref": "paper", "x0": england.value, "x1": england.value,
                             "y0": 0, "y1": 1, "line": {"color": "#212b32", "width": 2, "dash": "dash"}}]
        layout["annotations"] = [{"x": england.value, "y": 1, "xref": "x", "yref": "paper", "yanchor": "bottom",
                                  "text": f"England {england.value:g}", "showarrow": False}]
    return {"data": [bars], "layout": layout}


def gap_chart(data):
    points = [g for g in data.gaps if g["gap"] is not None]
    trace = {
        "type": "scatter", "mode": "lines+markers", "name": "Gap between best and worst Place",
        "x": [g["period"] for g in points], "y": [g["gap"] for g in points],
        "text": [f"{g['best']} {g['best_value']:g}, {g['worst']} {g['worst_value']:g}" for g in points],
        "hovertemplate": "%{x}: gap %{y:.3g}<br>%{text}<extra></extra>", "line": {"color": "#005eb8", "width": 3},
    }
    layout = {**LAYOUT, "xaxis": {"type": "category"}, "yaxis": {"title": {"text": data.indicator.unit},
                                                                 "rangemode": "tozero"}}
    return {"data": [trace], "layout": layout}


def spine_row(indicator, summary, cell):
    """One indicator's line of a Fingertips-style spine chart for a Place, or None without England's distribution.

    Positions are percentages across the bar. As Fingertips draws it, England sits at the centre and the bar
    reaches as far either side as the farther of England's worst and best upper-tier authority, so the nearer
    extreme falls short of its end; the best is on the right (for "no judgement", the highest). The figures
    (worst, 25th and 75th percentiles, best) come from the stored summary (stats.national_distribution).
    """
    national = summary.national if summary else None
    if not national:
        return None
    england = summary.england_value
    place = cell.value if cell else None
    cm = summary.cm_entry.value if summary.cm_entry else None
    flip = indicator.polarity == "lower"  # lower is better: the lowest value (the best) goes on the right
    low, high = national["lowest"], national["highest"]
    if england is not None and max(abs(low - england), abs(high - england)) > 0:
        half = max(abs(low - england), abs(high - england))

        def position(value):
            return 50 + 50 * (value - england) / half * (-1 if flip else 1)
    else:
        span = (high - low) or 1

        def position(value):
            share = (value - low) / span * 100
            return 100 - share if flip else share

    def at(value):
        return None if value is None else round(min(max(position(value), 0), 100), 2)

    ends = sorted([at(national["worst"]), at(national["best"])])
    band = sorted([at(national["q25"]), at(national["q75"])])
    comparison = cell.comparison if cell else stats.NOT_COMPARED
    return {
        **national, "england": england, "place": place, "cm": cm, "vs_england": comparison,
        "colour": _colour(comparison),
        "range_left": ends[0], "range_width": round(ends[1] - ends[0], 2),
        "band_left": band[0], "band_width": round(band[1] - band[0], 2),
        "england_at": at(england), "place_at": at(place), "cm_at": at(cm),
        "left_label": "Worst" if indicator.judges_direction else "Lowest",
        "right_label": "Best" if indicator.judges_direction else "Highest",
    }
