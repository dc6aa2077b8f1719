"""Gap flags triaged: acknowledgements in force, flags grouped by kind, counts by severity, the first "act now"
items and each person's own flags. Every page reads them through `triage` or `kind_lines`, so they agree."""

import dataclasses
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Count, Q
from django.utils import timezone

from atf_portal.core.access import access_of

from . import flag_store
from .gaps import RULES, GapKind, Owner, Scope, Severity, computed
from .models import FlagAcknowledgement

FIRST_ACT_NOW = 5  # "act now" items the home and theme pages name; the rest are a click away
FIRST_YOURS = 10  # the person's own flags the home page names; the gap page filters by owner for the rest
FIRST_OF_KIND = 5  # flags the gap page shows under each kind's line; all of them are on that kind's own page
COLOURS = {Severity.ACT_NOW: "red", Severity.PLAN: "yellow", Severity.NOTE: "grey"}  # NHS.UK tag colours


def fingerprint(flag):
    """A digest of the flag's facts: its sentence names the figures, dates and names it was raised on."""
    return hashlib.sha256(f"{flag.kind}\n{flag.subject}\n{flag.sentence}".encode()).hexdigest()


def acknowledged(flags, today=None, in_force=None):
    """The flags, each carrying the acknowledgement in force for it: the review date still ahead and its facts
    unchanged since. One query, unless the caller has read the acknowledgements `in_force`."""
    if in_force is None:
        in_force = FlagAcknowledgement.objects.in_force(today or timezone.localdate())
    found = {(a.kind, a.object_key): a for a in in_force}
    if not found:  # most days: nothing to mark, and thousands of flags to pass over
        return list(flags)
    marked = []
    for flag in flags:
        ack = found.get((flag.kind, flag.object_key))
        marked.append(dataclasses.replace(flag, acknowledgement=ack)
                      if ack and ack.fingerprint == fingerprint(flag) else flag)
    return marked


@dataclass(frozen=True)
class Claim:
    """The flags of one owner a person may act on: its kinds that can be theirs, and among those the subjects that
    are (None: every one). Read over a list of flags (`covers`) and over the stored flags' rows (`q`) alike."""

    kinds: frozenset
    pks: frozenset | None = None

    def covers(self, flag):
        return flag.kind in self.kinds and (self.pks is None or flag.pk in self.pks)

    def q(self):
        return Q(kind__in=self.kinds) if self.pks is None else Q(kind__in=self.kinds, object_pk__in=self.pks)


def _kinds(owner=None, page=None):
    """The registered kinds of this owner whose subject is on this page (either, or both, left open)."""
    return frozenset(kind for kind, rule in RULES.items() if owner in (None, rule.owner) and page in (None, rule.page))


# Whose flags are a person's own, one object-level rule per owner, on the access helpers. Boards have no members
# recorded in the portal, so a board's flags are nobody's own until they are.
def _business_team(access):
    return Claim(_kinds(Owner.BUSINESS_TEAM)) if access.is_business_team else None


def _programme_lead(access):
    led = access.led_programme_ids
    return Claim(_kinds(Owner.PROGRAMME_LEAD, "programme-detail"), frozenset(led)) if led else None


def _marmot_lead(access):
    lead = access.place_lead
    return Claim(_kinds(Owner.MARMOT_LEAD, "place-detail"), frozenset([lead.place_id])) if lead else None


CLAIMS = {Owner.BUSINESS_TEAM: _business_team, Owner.PROGRAMME_LEAD: _programme_lead,
          Owner.MARMOT_LEAD: _marmot_lead, Owner.BOARD: lambda access: None}


def claims(access):
    """The person's Claims: none for someone who does not read the portal or holds no part (a board member)."""
    if not access.reads_portal:
        return []
    return [claim for claim in (held(access) for held in CLAIMS.values()) if claim]


def yours(flags, access):
    """The open flags that are the person's own to act on."""
    held = claims(access)
    return [f for f in flags if not f.acknowledgement and any(claim.covers(f) for claim in held)] if held else []


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
    yours: list  # the first open flags that are the person's own to act on
    yours_open: int

    @property
    def total(self):
        return sum(c.open + c.acknowledged for c in self.counts)


def triage(flags=None, theme=None, user=None, today=None, scope=None):
    """Counts by severity (acknowledged apart), the first open "act now" flags and the person's own first open
    flags: of the flags given, else of every flag of `scope` (or of one theme number), counted in SQL over the
    stored flags while they are current (flag_store.py)."""
    today = today or timezone.localdate()
    access = access_of(user)
    if flags is None:
        scope = scope or Scope(theme, None, today)
        found = flag_store.rows(scope)
        if found is not None:
            return stored_triage(found, access, today)
        flags = computed(scope)
    flags = acknowledged(flags, today)
    act_now = [f for f in flags if f.severity == Severity.ACT_NOW and not f.acknowledgement]
    mine = yours(flags, access)
    return Triage(severity_counts(flags), act_now[:FIRST_ACT_NOW], len(act_now), mine[:FIRST_YOURS], len(mine))


def theme_flags(scope, programmes=None):
    """A theme page's flags (`scope`: of its theme): its Triage, and {programme pk: [Flag]} for the programme primary
    keys it shows (every programme, if None). Counted over the stored flags while they are current, reading only the
    shown programmes' flags; else from one run of the rules."""
    found = flag_store.rows(scope)
    if found is None:
        flags = computed(scope)
        triaged = triage(flags)
    else:
        triaged = stored_triage(found, access_of(None), scope.today)
        about = found.filter(kind__in=_kinds(page="programme-detail"))
        flags = flag_store.flags_of(about if programmes is None else about.filter(object_pk__in=programmes))
    by_programme = defaultdict(list)
    for flag in flags:
        if flag.is_about_programme and (programmes is None or flag.pk in programmes):
            by_programme[flag.pk].append(flag)
    return triaged, by_programme


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


def stored_triage(rows, access, today):
    """`triage` of stored rows: counted by kind in SQL, and only the first few flags of a list read. The flags that
    still read as an acknowledgement in force recorded them (a handful) are read to check their facts, and moved from
    open to acknowledged."""
    in_force = list(FlagAcknowledgement.objects.in_force(today))
    named = reduce(or_, (Q(kind=a.kind, sentence=a.sentence) for a in in_force), Q(pk__in=[]))
    held = [f for f in acknowledged(flag_store.flags_of(rows.filter(named)), in_force=in_force)
            if f.acknowledgement] if in_force else []
    counts = {severity: SeverityCount(severity) for severity in Severity}
    by_kind = dict(rows.order_by().values_list("kind").annotate(n=Count("pk")))
    for kind, n in by_kind.items():
        counts[RULES[kind].severity].open += n
    for flag in held:
        counts[flag.severity].open -= 1
        counts[flag.severity].acknowledged += 1
    act_now = Claim(frozenset(kind for kind in by_kind if RULES[kind].severity == Severity.ACT_NOW))
    mine = claims(access)
    first_mine, mine_open = _first_open(rows, held, mine, FIRST_YOURS, count=True) if mine else ([], 0)
    return Triage(list(counts.values()), _first_open(rows, held, [act_now], FIRST_ACT_NOW)[0],
                  counts[Severity.ACT_NOW].open, first_mine, mine_open)


def _first_open(rows, held, claimed, n, count=False):
    """The first `n` open flags of the rows the Claims cover, and (if `count`) how many are open."""
    rows = rows.filter(reduce(or_, (claim.q() for claim in claimed)))
    skipped = {fingerprint(f) for f in held if any(claim.covers(f) for claim in claimed)}
    first = [f for f in flag_store.flags_of(rows[:n + len(skipped)]) if fingerprint(f) not in skipped][:n]
    return first, (rows.count() - len(skipped) if count else None)


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
