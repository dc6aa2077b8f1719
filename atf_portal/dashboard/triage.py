"""Gap flags triaged: acknowledgements in force, flags grouped by kind, counts by severity, the first "act now"
items and each person's own flags. Every page reads them through `triage` or `kind_lines`, so they agree."""

import dataclasses
import hashlib
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from atf_portal.core.access import access_of

from .gaps import RULES, GapKind, Owner, Severity, gaps
from .models import FlagAcknowledgement

FIRST_ACT_NOW = 5  # "act now" items the home and theme pages name; the rest are a click away
FIRST_OF_KIND = 5  # flags the gap page shows under each kind's line; all of them are on that kind's own page
COLOURS = {Severity.ACT_NOW: "red", Severity.PLAN: "yellow", Severity.NOTE: "grey"}  # NHS.UK tag colours


def fingerprint(flag):
    """A digest of the flag's facts: its sentence names the figures, dates and names it was raised on."""
    return hashlib.sha256(f"{flag.kind}\n{flag.subject}\n{flag.sentence}".encode()).hexdigest()


def acknowledged(flags, today=None):
    """The flags, each carrying the acknowledgement in force for it: the review date still ahead and its facts
    unchanged since. One query."""
    today = today or timezone.localdate()
    found = {(a.kind, a.object_key): a for a in FlagAcknowledgement.objects.in_force(today)}
    if not found:  # most days: nothing to mark, and thousands of flags to pass over
        return list(flags)
    marked = []
    for flag in flags:
        ack = found.get((flag.kind, flag.object_key))
        marked.append(dataclasses.replace(flag, acknowledgement=ack)
                      if ack and ack.fingerprint == fingerprint(flag) else flag)
    return marked


# Whether a flag is this person's to act on: one object-level test per owner, on the access helpers. Boards have no
# members recorded in the portal, so a board's flags are nobody's own until they are.
def _business_team(flag, access):
    return access.is_business_team


def _programme_lead(flag, access):
    return flag.is_about_programme and flag.pk in access.led_programme_ids


def _marmot_lead(flag, access):
    lead = access.place_lead
    return lead is not None and RULES[flag.kind].page == "place-detail" and flag.pk == lead.place_id


def _board(flag, access):
    return False


YOURS = {Owner.BUSINESS_TEAM: _business_team, Owner.PROGRAMME_LEAD: _programme_lead,
         Owner.MARMOT_LEAD: _marmot_lead, Owner.BOARD: _board}
# Whether the person holds a part for which any flag of that owner could be theirs: a board member holds none, and
# their pages need not test thousands of flags one by one to find nothing.
HOLDS = {Owner.BUSINESS_TEAM: lambda access: access.is_business_team,
         Owner.PROGRAMME_LEAD: lambda access: bool(access.led_programme_ids),
         Owner.MARMOT_LEAD: lambda access: access.place_lead is not None, Owner.BOARD: lambda access: False}


def is_yours(flag, access):
    return YOURS[flag.owner](flag, access)


def yours(flags, access):
    """The open flags that are the person's own to act on."""
    owners = {owner for owner, holds in HOLDS.items() if holds(access)} if access.reads_portal else set()
    if not owners:
        return []
    return [f for f in flags if f.owner in owners and not f.acknowledgement and is_yours(f, access)]


@dataclass
class SeverityCount:
    severity: Severity
    open: int = 0
    acknowledged: int = 0

    @property
    def label(self):
        return self.severity.label

    @property
    def colour(self):
        return COLOURS[self.severity]


@dataclass
class Triage:
    counts: list  # a SeverityCount per severity, in order
    act_now: list  # the first open "act now" flags
    act_now_open: int
    yours: list  # the open flags that are the person's own to act on

    @property
    def total(self):
        return sum(c.open + c.acknowledged for c in self.counts)


def triage(flags=None, theme=None, user=None, today=None):
    """Counts by severity (acknowledged apart), the first open "act now" flags and the person's own open flags:
    for the flags given, or every flag (of one theme number)."""
    flags = acknowledged(gaps(theme=theme, today=today) if flags is None else flags, today)
    act_now = [f for f in flags if f.severity == Severity.ACT_NOW and not f.acknowledgement]
    return Triage(severity_counts(flags), act_now[:FIRST_ACT_NOW], len(act_now), yours(flags, access_of(user)))


def severity_counts(flags):
    """A SeverityCount per severity of flags already marked by `acknowledged`: the acknowledged counted apart."""
    counts = {severity: SeverityCount(severity) for severity in Severity}
    for flag in flags:
        count = counts[flag.severity]
        if flag.acknowledgement:
            count.acknowledged += 1
        else:
            count.open += 1
    return list(counts.values())


@dataclass
class KindLine:
    """All the flags of one kind: one line with its count, severity and owner, opening to its first few flags (to
    every one when `expanded`: the page of that one kind)."""

    kind: GapKind
    flags: list
    expanded: bool = False
    all_url: str = ""  # the page of this one kind (set by the gap page, keeping its other filters)

    @property
    def shown(self):
        return self.flags if self.expanded else self.flags[:FIRST_OF_KIND]

    @property
    def more(self):
        """Whether some of its flags are only a click away."""
        return len(self.flags) > len(self.shown)

    @property
    def label(self):
        return GapKind(self.kind).label

    @property
    def severity(self):
        return RULES[self.kind].severity

    @property
    def owner(self):
        return RULES[self.kind].owner

    @property
    def colour(self):
        return COLOURS[self.severity]

    @property
    def acknowledged(self):
        return sum(1 for f in self.flags if f.acknowledgement)

    @property
    def open(self):
        return len(self.flags) - self.acknowledged


def kind_lines(flags, expanded=False):
    """One KindLine per kind present: "act now" first, then by how many are open."""
    by_kind = defaultdict(list)
    for flag in flags:
        by_kind[flag.kind].append(flag)
    order = list(Severity)
    lines = [KindLine(kind, found, expanded) for kind, found in by_kind.items()]
    return sorted(lines, key=lambda line: (order.index(line.severity), -line.open, line.label))
