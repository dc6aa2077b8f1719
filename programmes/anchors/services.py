"""The anchor-evidence kind's reads beyond the engine's steps (which are bound to the kind: `EVIDENCE.submit`)."""

from .models import AssemblyMeeting


def current_meeting():
    """The open meeting that comes last, else the latest meeting; None before the team records one."""
    return (AssemblyMeeting.objects.open().order_by("-end").first()
            or AssemblyMeeting.objects.order_by("-end").first())
