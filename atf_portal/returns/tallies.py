"""What each round is still waiting for, for every kind alike: completeness by the kind's groupings, the review
queue, and reminders. Whether a return counts as in or outstanding is models.py's one rule."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from . import kinds
from .models import State, is_outstanding


@dataclass
class Tally:
    expected: int = 0
    submitted: int = 0  # submitted at least once and not returned: awaiting sign-off or approved
    approved: int = 0
    returned: int = 0
    late: int = 0  # due date passed and still outstanding

    def add(self, state, late):
        self.expected += 1
        self.submitted += not is_outstanding(state)
        self.approved += state == State.APPROVED
        self.returned += state == State.RETURNED
        self.late += late


def states(kind, period):
    """{respondent id: state} of the round's returns (a respondent with none is absent)."""
    return dict(kind.returns().filter(period=period).values_list(f"{kind.respondent_field}_id", "state"))


def outstanding(kind, period):
    """The expected respondents whose return for the round is not in (none, a draft, or returned): a queryset."""
    done = kind.returns().filter(period=period).submitted_or_approved().values(f"{kind.respondent_field}_id")
    return kind.respondents(period).exclude(pk__in=done)


def is_late(period, state, today):
    return period.is_late(today) and is_outstanding(state)


def _tally(ids, found, period, today):
    tally = Tally()
    for pk in ids:
        tally.add(found.get(pk), is_late(period, found.get(pk), today))
    return tally


def completeness(kind, period, today=None, groupings=None):
    """{"total": Tally, and for each of the kind's groupings: [(*the group's parts, Tally)]}."""
    today = today or timezone.localdate()
    found = states(kind, period)
    ids, groups = kind.expected(period, kind.groupings if groupings is None else groupings)
    result = {"total": _tally(ids, found, period, today)}
    for name, rows in groups.items():
        result[name] = [(*parts, _tally(members, found, period, today)) for parts, members in rows]
    return result


def current_round(kind, grouping, today=None):
    """(the open round ending last, {group key: Tally}) for one grouping whose parts start with the key;
    (None, {}) when no round is open."""
    period = kind.round_model.objects.open().order_by("-end").first()
    if period is None:
        return None, {}
    rows = completeness(kind, period, today, groupings=[grouping])[grouping]
    return period, {row[0]: row[-1] for row in rows}


def reviewed_by(user):
    """The kinds whose returns this user signs off."""
    return [kind for kind in kinds.registered() if kind.may_review(user)]


def review_queue(reviewed):
    """(waiting, returned): the submitted returns of these kinds in open rounds, oldest first, then those returned
    and not yet resubmitted."""
    waiting, returned = [], []
    for kind in reviewed:
        rows = kind.returns().awaiting_review() | kind.returns().returned()
        for ret in rows.select_related(*kind.review_related).order_by("submitted_at", "pk"):
            ret.kind, ret.respondent = kind, kind.respondent_of(ret)
            (waiting if ret.state == State.SUBMITTED else returned).append(ret)
    waiting.sort(key=lambda ret: ret.submitted_at)  # kinds interleaved, still oldest first
    return waiting, returned


@dataclass
class Reminder:
    kind: "kinds.ReturnKind"
    period: object
    respondent: object
    late: bool

    @property
    def url(self):
        return self.kind.form_url(self.period, self.respondent)


def due_reminders(days, today=None):
    """{user: [Reminder]}: each lead's outstanding returns, of every kind, due within `days` or late."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=days)
    result = defaultdict(list)
    for kind in kinds.registered():
        for period in kind.round_model.objects.open().filter(due_date__lte=horizon).order_by("due_date"):
            waiting = set(outstanding(kind, period).values_list("pk", flat=True))
            for user, respondent in kind.leads(period):
                if respondent.pk in waiting:
                    result[user].append(Reminder(kind, period, respondent, period.is_late(today)))
    return result
