"""The portal's shared template filters: a status or RAG as an NHS.UK tag (words and colour from beside their
choices), numbers, durations and a chart's figures as a table. Loaded by every app's templates."""

from django import template

from atf_portal.core.labels import tag

register = template.Library()


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
