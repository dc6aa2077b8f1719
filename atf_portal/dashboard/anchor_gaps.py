"""Gap flags on anchor institutions: a signatory with no return for an open Assembly meeting, a return sent back
and not resubmitted, and an HCP member that has not signed the Anchor Framework. Rules in gaps.py's registry.
Anchor institutions belong to no theme, so these are flagged for the whole portal only."""

from atf_portal.returns import tallies
from programmes.anchors.kind import EVIDENCE
from programmes.anchors.models import AssemblyMeeting, EvidenceReturn
from programmes.models import Organisation

from .gaps import Flag, GapKind, Owner, Severity, rule


def _flag(kind, organisation, sentence):
    return Flag(kind, organisation.name, sentence, None, organisation.pk, organisation.pk)


def _open_meetings(scope):
    """The open meetings, read once per Scope: with none open (most of the year) the two return rules read no
    more."""
    if "_open_meetings" not in scope.__dict__:
        scope.__dict__["_open_meetings"] = list(AssemblyMeeting.objects.open().order_by("end"))
    return scope.__dict__["_open_meetings"]


@rule(GapKind.ANCHOR_NO_RETURN, "anchor-organisation", "admin:anchors_anchorlead_changelist", fix_by_pk=False,
      whole_portal=True,
      severity=Severity.ACT_NOW, owner=Owner.BUSINESS_TEAM)
def anchor_no_return(scope):
    """Not started or a draft; a returned one has a flag of its own (below)."""
    for meeting in _open_meetings(scope):
        returned = EvidenceReturn.objects.filter(period=meeting).returned().values("organisation_id")
        for organisation in tallies.outstanding(EVIDENCE, meeting).exclude(pk__in=returned):
            when = "were due" if meeting.is_late(scope.today) else "are due"
            yield _flag(GapKind.ANCHOR_NO_RETURN, organisation, f"{organisation.name} has not returned its evidence "
                        f"for {meeting.name}; returns {when} by {meeting.due_date:%d %B %Y}.")


@rule(GapKind.ANCHOR_RETURNED, "anchor-organisation", "reporting-review", fix_by_pk=False, whole_portal=True,
      severity=Severity.ACT_NOW, owner=Owner.BUSINESS_TEAM)
def anchor_returned(scope):
    meetings = _open_meetings(scope)
    if not meetings:
        return
    for ret in EvidenceReturn.objects.returned().filter(period__in=meetings).select_related("organisation",
                                                                                              "period"):
        yield _flag(GapKind.ANCHOR_RETURNED, ret.organisation, f"{ret.organisation.name}'s evidence for "
                    f"{ret.period.name} was returned by the business team and has not been resubmitted.")


@rule(GapKind.MEMBER_NOT_SIGNATORY, "anchor-organisation", "admin:programmes_organisation_change",
      whole_portal=True,
      severity=Severity.NOTE, owner=Owner.BOARD)
def member_not_signatory(scope):
    for organisation in Organisation.objects.members().filter(anchor_signatory=False):
        yield _flag(GapKind.MEMBER_NOT_SIGNATORY, organisation, f"{organisation.name} is an HCP member but not an "
                    "Anchor Framework signatory, against the ambition that members become anchor institutions "
                    "by 2026.")
