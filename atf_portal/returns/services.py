"""The one state machine for every kind of return: start, save as draft, submit, send back, approve.

Each step checks who may take it (through the kind) and whether the return is still open to change, inside a
transaction holding the return's row: two people submitting or approving one return at once are served one after
the other, and the second is told what the first did (`Locked`) rather than overwriting it or failing.
"""

import threading
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from .models import EDITABLE, State

# SQLite locks the whole database, not rows. Across processes its busy timeout and BEGIN IMMEDIATE (settings.py)
# make a second writer wait; threads of one process wait here, as a shared-cache database refuses, not waits.
_SQLITE_WRITER = threading.RLock()


class Locked(PermissionDenied):
    """The return cannot be changed now; the message says the state or the closed round that refuses it."""


def _check_respondent(kind, user, respondent):
    if not kind.may_respond(user, respondent):
        raise PermissionDenied(f"You do not report on this {kind.respondent_noun}.")


def _check_reviewer(kind, user):
    if not kind.may_review(user):
        raise PermissionDenied(f"Only the business team signs off {kind.noun}s.")


def check_editable(kind, ret):
    if not ret.period.is_open:
        raise Locked(f"{ret.period} is closed: its {kind.noun}s can no longer be changed.")
    if ret.state not in EDITABLE:
        raise Locked(f"This {kind.noun} is {ret.state_phrase}: it can no longer be changed.")


def _check_decidable(kind, ret):
    if not ret.period.is_open:
        raise Locked(f"{ret.period} is closed: its {kind.noun}s can no longer be changed.")
    if ret.state != State.SUBMITTED:
        raise Locked(f"This {kind.noun} is {ret.state_phrase}: only a submitted {kind.noun} can be approved or "
                     "returned.")


@contextmanager
def _held(kind, ret):
    """The return as committed now (or `ret` itself when none is yet), held until the block's transaction ends."""
    locking = connection.features.has_select_for_update
    with (transaction.atomic() if locking else _sqlite_writer()):
        rows = kind.returns().select_related("period")
        if locking:
            rows = rows.select_for_update(of=("self",))
        if ret.pk is not None:
            yield rows.get(pk=ret.pk)
        else:
            yield rows.filter(period=ret.period, **{kind.respondent_field: kind.respondent_of(ret)}).first() or ret


@contextmanager
def _sqlite_writer():
    with _SQLITE_WRITER, transaction.atomic():
        yield


def _save(kind, ret, user):
    ret._history_user = user
    if ret.pk is not None:
        ret.save()
        return
    try:
        with transaction.atomic():
            ret.save()
    except IntegrityError:  # started by someone else a moment ago (PostgreSQL waited for their commit)
        raise Locked(f"This {kind.noun} was started by someone else a moment ago: open it again.") from None


def return_for(kind, period, respondent, user):
    """The respondent's return for the round, started as an unsaved draft when there is none yet."""
    _check_respondent(kind, user, respondent)
    found = kind.returns().filter(period=period, **{kind.respondent_field: respondent}).select_related(
        "period", "lead").first()
    return found or kind.return_model(period=period, lead=user, **{kind.respondent_field: respondent})


def save_draft(kind, ret, user, data):
    with _held(kind, ret) as held:
        _check_respondent(kind, user, kind.respondent_of(held))
        check_editable(kind, held)
        kind.write(held, data)
        held.lead = user
        _save(kind, held, user)
    return held


def submit(kind, ret, user, data):
    """Submit for sign-off (the form has checked the content); a returned return is resubmitted the same way."""
    with _held(kind, ret) as held:
        _check_respondent(kind, user, kind.respondent_of(held))
        check_editable(kind, held)
        kind.write(held, data)
        held.lead = user
        held.state = State.SUBMITTED
        held.submitted_at = timezone.now()
        _save(kind, held, user)
    return held


def send_back(kind, ret, user, reason):
    """Return it to its lead with the reason, which they see on their form."""
    with _held(kind, ret) as held:
        _check_reviewer(kind, user)
        _check_decidable(kind, held)
        if not reason.strip():
            raise ValueError(f"Give the reason for returning the {kind.noun}.")
        held.state = State.RETURNED
        held.return_reason = reason.strip()
        held.decided_by, held.decided_at = user, timezone.now()
        _save(kind, held, user)
    return held


def approve(kind, ret, user):
    """Sign it off: the kind's `on_approve` publishes it, in the same transaction."""
    with _held(kind, ret) as held:
        _check_reviewer(kind, user)
        _check_decidable(kind, held)
        kind.on_approve(held, user)
        held.state = State.APPROVED
        held.return_reason = ""
        held.decided_by, held.decided_at = user, timezone.now()
        _save(kind, held, user)
    return held
