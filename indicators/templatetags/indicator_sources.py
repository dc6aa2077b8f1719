"""The figure another app provides for an indicator (indicators/elsewhere.py), for the indicator's templates."""

from django import template

from indicators import elsewhere

register = template.Library()


@register.simple_tag
def figure_from_elsewhere(indicator):
    return elsewhere.figure_for(indicator.number)
