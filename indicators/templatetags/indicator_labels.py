"""An indicator's labels as NHS.UK tags: comparison, trend, change since the baseline, trajectory, inequality gap.
The words and colours sit beside the statistics that give them (`indicators.statistics`)."""

from django import template
from django.utils.html import format_html

from atf_portal.core.labels import tag
from indicators.statistics import inequality, progress, stats

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
