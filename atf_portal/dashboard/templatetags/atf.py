"""The portal's template filters: labels as NHS.UK tags (words and colour from beside their choices), numbers."""

from django import template
from django.utils.html import format_html

from atf_portal.labels import tag
from indicators import inequality, progress, stats

register = template.Library()


@register.filter
def comparison_tag(label):
    return tag(stats.COMPARISON_TAGS.get(label, "grey"), label)


@register.filter
def trend_tag(label):
    return tag(stats.trend_tag_colour(label), label) if label else ""


def _marked(cell, key, tagged):
    """A Place's stored label as a tag, marked where it is Fingertips' own (the portal's own result differs)."""
    if not cell:
        return ""
    if cell.get(f"{key}_from_fingertips"):
        return format_html('{} <span class="nhsuk-body-s">(Fingertips)</span>', tagged)
    return tagged


@register.filter
def place_comparison(cell):
    return _marked(cell, "vs_england", comparison_tag(cell.get("vs_england") if cell else ""))


@register.filter
def place_trend(cell):
    return _marked(cell, "trend", trend_tag(cell.get("trend") if cell else ""))


@register.filter
def change_tag(entry):
    """A change since the baseline ({"label", "significant"}) as a tag; Better/Worse only when significant."""
    if not entry:
        return ""
    if not entry["significant"]:
        untested = entry["significant"] is None and entry["label"] in progress.CHANGE_TAGS
        return tag("grey", f"{entry['label']} (not tested)" if untested else entry["label"])
    return tag(progress.CHANGE_TAGS.get(entry["label"], "grey"), entry["label"])


@register.filter
def trajectory_tag(entry):
    return tag(progress.TRAJECTORY_TAGS.get(entry["status"], "grey"), entry["status"]) if entry else ""


@register.filter
def gap_change_tag(label):
    return tag(inequality.CHANGE_TAGS.get(label, "grey"), label) if label else ""


@register.filter
def status_tag(obj):
    """An indicator's, programme's or milestone's status."""
    return tag(obj.status_colour, obj.get_status_display())


@register.filter
def rag_tag(programme):
    return tag(programme.latest_rag_colour, programme.latest_rag_label)


@register.filter
def minutes(duration):
    return round(duration.total_seconds() / 60) if duration else ""


@register.filter
def num(value):
    """A figure to at most two decimal places, without trailing zeros; a dash when missing."""
    if value is None or value == "":
        return "-"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


@register.filter
def chart_figures(spec):
    """A line chart's figures as a table, for a chart with no table of its own: one row per x value (in the order
    they come), one column per line, each cell the value and its 95% interval where the chart draws one."""
    traces = [trace for trace in (spec or {}).get("data", []) if trace.get("x") is not None]
    xs = []
    cells = {}
    for column, trace in enumerate(traces):
        error = trace.get("error_y") or {}
        above, below = error.get("array") or [], error.get("arrayminus") or []
        for i, (x, y) in enumerate(zip(trace["x"], trace["y"], strict=False)):
            if x not in xs:
                xs.append(x)
            text = num(y)
            if y is not None and i < len(above) and i < len(below):
                text += f" ({num(y - below[i])} to {num(y + above[i])})"
            cells[x, column] = text
    axis = ((spec or {}).get("layout", {}).get("xaxis", {}).get("title") or {}).get("text", "")
    return {"axis": axis, "columns": [trace.get("name", "") for trace in traces],
            "rows": [(x, [cells.get((x, column), "-") for column in range(len(traces))]) for x in xs]}
