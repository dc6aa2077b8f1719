"""Reporting's labels as NHS.UK tags; words and colours sit beside the choices in models.py."""

from django import template

from atf_portal.core.labels import tag
from programmes.models import ProgressUpdate

register = template.Library()

OFF_TRACK = ("red", "Off track")
ON_TRACK = ("green", "On track")


@register.filter
def update_rag_tag(update):
    """An update's own RAG rating (a programme's latest one is `rag_tag`)."""
    return tag(update.rag_colour, update.get_rag_display()) if getattr(update, "rag", "") else ""  # other kinds: none


@register.filter
def track_tag(off_track):
    return tag(*(OFF_TRACK if off_track else ON_TRACK))


@register.filter
def milestone_status_label(status):
    from programmes.models import Milestone

    return Milestone.Status(status).label if status else ""


@register.filter
def rag_label(value):
    return ProgressUpdate.Rag(value).label if value else ""


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
