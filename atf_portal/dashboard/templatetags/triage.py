"""The triaged flags and "since the last meeting" for templates that include their partials (the home, theme and
board pack pages), so each page needs only its include line."""

from django import template
from django.utils import timezone

from atf_portal.dashboard import since as since_module
from atf_portal.dashboard import triage

register = template.Library()


@register.simple_tag(takes_context=True)
def flag_triage(context, flags=None, theme=None, triaged=None):
    """The Triage a page has made already (the home page's), else that of the flags it has computed, or of every
    flag (of one theme number); the person's own flags only on the page of every flag (the home page). A page
    without `flags`, `triaged` or a theme passes the empty string for them."""
    if triaged:
        return triaged
    computed, theme = (flags if isinstance(flags, list) else None), (theme or None)
    return triage.triage(computed, theme=theme, user=None if theme else context["request"].user)


@register.simple_tag
def since_last_meeting(board):
    """(the board's last meeting before today, what changed since it), or (None, None) with no meeting recorded."""
    meeting = since_module.last_meeting(board, timezone.localdate())
    return meeting, since_module.since(meeting.date) if meeting else None
