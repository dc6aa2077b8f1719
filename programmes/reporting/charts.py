"""A measure's actuals against the straight line from its baseline to its target, as SVG coordinates.

Drawn on the server so it prints and needs no script; the table beside it carries the same figures.
"""

WIDTH, HEIGHT, PAD_X, PAD_Y = 600, 240, 60, 24


def measure_chart(measure, actuals):
    """{"line": (x1, y1, x2, y2), "points": [(x, y, actual)], "y_labels": [(y, value)], "x_labels": [(x, text)]}.
    Without a baseline the line is the target, level across the chart."""
    dates = [d for d in (measure.baseline_date, measure.target_date) if d] + [a.period.end for a in actuals]
    if not dates:
        return None  # no date to draw against: the table says it all
    values = [v for v in (measure.baseline_value, measure.target_value) if v is not None] + [a.value for a in actuals]
    first, last = min(dates), max(dates)
    low, high = min(values), max(values)
    if high == low:
        low, high = low - 1, high + 1
    span_days = max((last - first).days, 1)

    def x(day):
        return round(PAD_X + (WIDTH - 2 * PAD_X) * (day - first).days / span_days, 1)

    def y(value):
        return round(HEIGHT - PAD_Y - (HEIGHT - 2 * PAD_Y) * (value - low) / (high - low), 1)

    return {
        "width": WIDTH, "height": HEIGHT,
        "line": ((x(measure.baseline_date), y(measure.baseline_value), x(measure.target_date), y(measure.target_value))
                 if measure.has_line else (x(first), y(measure.target_value), x(last), y(measure.target_value))),
        "points": [(x(a.period.end), y(a.value), a) for a in actuals],
        "y_labels": [(y(low), low), (y(high), high)],
        "x_labels": [(x(first), f"{first:%b %Y}"), (x(last), f"{last:%b %Y}")],
        "axis_y": HEIGHT - PAD_Y, "axis_x": PAD_X, "right": WIDTH - PAD_X,
    }
