"""What happens to an evidence return, in the anchors pages' words: the return engine's steps
(atf_portal/returns) for the anchor-evidence kind. Who may take each step is `access.py`."""

from atf_portal.returns import services as engine
from atf_portal.returns import tallies

from .kind import EVIDENCE
from .models import AssemblyMeeting


def return_for(meeting, organisation, user):
    """The organisation's return for the meeting, started as an unsaved draft when there is none yet."""
    return engine.return_for(EVIDENCE, meeting, organisation, user)


def save_draft(ret, user, data):
    return engine.save_draft(EVIDENCE, ret, user, data)


def submit(ret, user, data):
    return engine.submit(EVIDENCE, ret, user, data)


def send_back(ret, user, reason):
    return engine.send_back(EVIDENCE, ret, user, reason)


def approve(ret, user):
    return engine.approve(EVIDENCE, ret, user)


def current_meeting():
    """The open meeting that comes last, else the latest meeting; None before the team records one."""
    return (AssemblyMeeting.objects.open().order_by("-end").first()
            or AssemblyMeeting.objects.order_by("-end").first())


def completeness(meeting, today=None):
    return tallies.completeness(EVIDENCE, meeting, today)["total"]
