"""An indicator's judgements as NHS.UK tags. Each label is a label choice (`indicators.statistics.labels`) that
knows its words and colour, so one filter draws any of them; a Place's labels are marked where they are
Fingertips' own, and a change since the baseline is coloured only when significant."""

from django import template
from django.utils.html import format_html

from atf_portal.core.labels import tag

register = template.Library()


@register.filter
def label_tag(label):
    """A comparison, trend, trajectory or gap change as a tag in its own colour; nothing for no label."""
    return tag(label.colour, label.label) if label else ""


def _marked(tagged, from_fingertips):
    if from_fingertips:
        return format_html('{} <span class="nhsuk-body-s">(Fingertips)</span>', tagged)
    return tagged


@register.filter
def place_comparison(entry):
    """A PlaceEntry's comparison with England, marked where it is Fingertips' own (the portal's result differs)."""
    return _marked(label_tag(entry.comparison), entry.comparison_from_fingertips) if entry else ""


@register.filter
def place_trend(entry):
    return _marked(label_tag(entry.trend), entry.trend_from_fingertips) if entry else ""


@register.filter
def change_tag(change):
    """A change since the baseline (ChangeSince) as a tag: coloured only when significant, and marked "not tested"
    where it has a direction but no limits to test it."""
    if not change:
        return ""
    if not change.significant:
        untested = change.significant is None and change.label.colour != "grey"
        return tag("grey", f"{change.label} (not tested)" if untested else change.label)
    return label_tag(change.label)
