"""The overview grid's cell as one filter: a grid has hundreds of cells, and drawing each with a dozen template
lookups was most of the page's time."""

from django import template
from django.utils.html import format_html

from atf_portal.core.templatetags.atf import num

register = template.Library()

HIDDEN = '<span class="nhsuk-u-visually-hidden">{}</span>'


@register.filter
def grid_cell(cell):
    """A Cell as its <td>: the value, the comparison's letter and the trend's arrow, each with its words for a screen
    reader (the colour only repeats them); a dash and "no data" where the area has no figure."""
    if not cell.has_figure:
        return format_html('<td class="atf-grid__none">–' + HIDDEN + "</td>", " no data")
    comparison = format_html('<b aria-hidden="true">{}</b>' + HIDDEN, cell.mark, f", {cell.comparison_words}") \
        if cell.comparison else ""
    trend = format_html('<i class="atf-grid__trend--{}" aria-hidden="true">{}</i>' + HIDDEN, cell.trend_colour,
                        cell.trend_mark, f", trend {cell.trend.lower()}") if cell.trend else ""
    return format_html('<td class="atf-grid__cell--{}"><a href="{}">{} {} {}</a></td>', cell.colour, cell.url,
                       num(cell.value), comparison, trend)
