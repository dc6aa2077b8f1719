"""Filters that show comparisons and trends as NHS.UK tags: a colour and, always, the words."""

from django import template
from django.utils.html import format_html

register = template.Library()

COMPARISON_COLOURS = {
    "Better": "green", "Similar": "yellow", "Worse": "red", "Higher": "blue", "Lower": "aqua-green",
    "Not compared": "grey",
}


def _tag(colour, label):
    return format_html('<strong class="nhsuk-tag nhsuk-tag--{}">{}</strong>', colour, label)


@register.filter
def comparison_tag(label):
    return _tag(COMPARISON_COLOURS.get(label, "grey"), label) if label else ""


@register.filter
def trend_tag(label):
    if not label:
        return ""
    return _tag("green" if label.endswith("better") else "red" if label.endswith("worse") else "grey", label)


@register.filter
def num(value):
    """A figure to at most two decimal places, without trailing zeros; a dash when missing."""
    if value is None or value == "":
        return "-"
    return f"{value:,.2f}".rstrip("0").rstrip(".")
