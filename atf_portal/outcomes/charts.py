"""A dot chart of one indicator drawn on the server as SVG: each Place, C&M and England as a dot with its 95%
interval, coloured by its comparison with England. No script, so it prints, and its figures are in the table
beside it (the chart only repeats them)."""

from dataclasses import dataclass

WIDTH, LABEL, ROW, PAD = 640, 200, 24, 12
# NHS.UK tag colours as the portal's tags show the comparisons (indicators/statistics/labels.py).
COLOURS = {"green": "#007f3b", "red": "#d5281b", "yellow": "#ffb81c", "blue": "#005eb8", "aqua-green": "#00a499",
           "grey": "#4c6272"}


@dataclass(frozen=True)
class Dot:
    label: str
    y: float
    x: float
    low: float
    high: float
    colour: str


def dot_chart(places, indicator):
    """The chart of the given Places' rows with C&M and England, or None when there is nothing to draw."""
    rows = [(row["area"], row["value"], row["lower"], row["upper"], row["comparison_colour"])
            for row in [*places, *([indicator["cm"]] if indicator["cm"] else [])]
            if row["value"] is not None]
    if indicator["england"] is not None:
        rows.append(("England", indicator["england"], None, None, "grey"))
    if not rows:
        return None
    numbers = [n for _, value, lower, upper, _ in rows for n in (value, lower, upper) if n is not None]
    low, high = min(numbers), max(numbers)
    span = (high - low) or abs(high) or 1.0
    low, high = low - span * 0.05, high + span * 0.05

    def x(value):
        return round(LABEL + PAD + (value - low) / (high - low) * (WIDTH - LABEL - 2 * PAD), 1)

    dots = [Dot(label, i * ROW + ROW / 2, x(value), x(lower if lower is not None else value),
                x(upper if upper is not None else value), COLOURS.get(colour, COLOURS["grey"]))
            for i, (label, value, lower, upper, colour) in enumerate(rows)]
    england = x(indicator["england"]) if indicator["england"] is not None else None
    return {"width": WIDTH, "height": len(rows) * ROW, "label_x": LABEL, "dots": dots, "england": england}
