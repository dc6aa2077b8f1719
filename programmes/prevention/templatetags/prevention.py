from django import template

from ..figures import partnership_headline

register = template.Library()


@register.simple_tag
def prevention_headline():
    """The partnership's prevention figure in one sentence, for the home page and the board pack."""
    return partnership_headline()


@register.filter
def pounds(value):
    return "-" if value is None else f"£{value:,.0f}"


@register.filter
def percent(fraction, places=1):
    return "-" if fraction is None else f"{fraction * 100:.{places}f}%"


@register.filter
def verdict(judgement):
    if judgement is None:
        return "Not judged"
    return "On track" if judgement.on_track else "Off track"


@register.filter
def of_reading(judgements, reading):
    return judgements.get(reading)


@register.filter
def line_value(judgement):
    """The line's value in the judgement's own unit: a share for points, pounds for growth."""
    if judgement is None:
        return "-"
    if judgement.reading == "points":
        return f"{judgement.actual * 100:.1f}% against {judgement.line * 100:.1f}%"
    return f"£{judgement.actual:,.0f} against £{judgement.line:,.0f}"
