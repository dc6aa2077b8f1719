"""What happens to an update: start, save as draft, submit, return, approve. Each step checks who may take it
(`access.py`) and whether the update is still open to change, and is kept in the update's history."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from programmes.models import Board, Milestone, Programme, ProgressUpdate

from . import access
from .models import RUNNING, MeasureActual, ProgrammeLead, ReportingPeriod, Update


class Locked(PermissionDenied):
    """The update cannot be changed now: its period is closed, or it is submitted or approved."""


def _check_lead(user, update_or_programme):
    programme = getattr(update_or_programme, "programme", update_or_programme)
    if not access.may_report_on(user, programme):
        raise PermissionDenied("You do not report on this programme.")


def _check_editable(update):
    if not update.period.is_open:
        raise Locked(f"{update.period} is closed: its updates can no longer be changed.")
    if update.state not in Update.EDITABLE:
        raise Locked(f"This update is {update.get_state_display().lower()} and can no longer be changed.")


def update_for(period, programme, user):
    """The programme's update for the period, started as an unsaved draft when there is none yet."""
    _check_lead(user, programme)
    found = Update.objects.filter(period=period, programme=programme).select_related("period", "lead").first()
    return found or Update(period=period, programme=programme, lead=user)


def _write(update, user, data):
    update.rag = data.get("rag", "")
    update.reason = data.get("reason", "")
    update.narrative = data.get("narrative", "")
    update.milestone_statuses = {str(k): v for k, v in data.get("milestone_statuses", {}).items()}
    update.actuals = {str(k): v for k, v in data.get("actuals", {}).items() if v is not None}
    update.lead = user
    update._history_user = user


@transaction.atomic
def save_draft(update, user, data):
    _check_lead(user, update)
    _check_editable(update)
    _write(update, user, data)
    update.save()
    return update


@transaction.atomic
def submit(update, user, data):
    """Submit for sign-off (the form has checked the content); a returned update is resubmitted the same way."""
    _check_lead(user, update)
    _check_editable(update)
    _write(update, user, data)
    update.state = Update.State.SUBMITTED
    update.submitted_at = timezone.now()
    update.save()
    return update


def _check_decision(update, user):
    if not access.may_review(user):
        raise PermissionDenied("Only the business team signs off updates.")
    if not update.period.is_open:
        raise Locked(f"{update.period} is closed: its updates can no longer be changed.")
    if update.state != Update.State.SUBMITTED:
        raise Locked("Only a submitted update can be approved or returned.")


@transaction.atomic
def return_update(update, user, reason):
    _check_decision(update, user)
    if not reason.strip():
        raise ValueError("Give the reason for returning the update.")
    update.state = Update.State.RETURNED
    update.return_reason = reason.strip()
    update.decided_by, update.decided_at = user, timezone.now()
    update._history_user = user
    update.save()
    return update


@transaction.atomic
def approve(update, user):
    """Approve and publish: a progress update on the programme, its milestones' statuses, its measures' actuals."""
    _check_decision(update, user)
    today = timezone.localdate()
    narrative = update.narrative
    if update.reason:
        narrative += f"\n\nReason for the {update.get_rag_display().lower()} rating: {update.reason}"
    update.progress_update = ProgressUpdate.objects.create(
        programme=update.programme, date=today, rag=update.rag, narrative=narrative, author=update.lead)
    for milestone in Milestone.objects.filter(programme=update.programme, pk__in=update.milestone_statuses):
        status = update.milestone_statuses[str(milestone.pk)]
        if status == milestone.status:
            continue
        milestone.status = status
        milestone.done_on = (milestone.done_on or today) if status == Milestone.Status.DONE else None
        milestone._history_user = user
        milestone.save()
    for measure in update.programme.structured_measures.filter(pk__in=update.actuals):
        MeasureActual.objects.update_or_create(
            measure=measure, period=update.period,
            defaults={"value": update.actuals[str(measure.pk)], "update": update})
    update.state = Update.State.APPROVED
    update.return_reason = ""
    update.decided_by, update.decided_at = user, timezone.now()
    update._history_user = user
    update.save()
    return update


# Completeness ----------------------------------------------------------------------------------------------------

@dataclass
class Tally:
    expected: int = 0
    submitted: int = 0  # submitted at least once and not returned: awaiting sign-off or approved
    approved: int = 0
    returned: int = 0
    late: int = 0  # due date passed and not submitted
    programmes: list = field(default_factory=list, repr=False)

    def add(self, state, late):
        self.expected += 1
        self.submitted += state in (Update.State.SUBMITTED, Update.State.APPROVED)
        self.approved += state == Update.State.APPROVED
        self.returned += state == Update.State.RETURNED
        self.late += late


def _states(period):
    return dict(Update.objects.filter(period=period).values_list("programme_id", "state"))


def _is_late(period, state, today):
    return period.is_late(today) and state not in (Update.State.SUBMITTED, Update.State.APPROVED)


def completeness(period, today=None):
    """{"themes": [(theme number, title, Tally)], "boards": [(board, Tally)], "total": Tally}."""
    today = today or timezone.localdate()
    states = _states(period)
    rows = list(Programme.objects.filter(status__in=RUNNING).values_list("pk", "theme__number", "theme__title"))
    boards_of = defaultdict(list)
    for programme_id, board_id in Programme.boards.through.objects.filter(
            programme__status__in=RUNNING).values_list("programme_id", "board_id"):
        boards_of[programme_id].append(board_id)
    total, themes, by_board = Tally(), {}, defaultdict(Tally)
    for pk, number, title in rows:
        state = states.get(pk)
        late = _is_late(period, state, today)
        total.add(state, late)
        themes.setdefault(number, (number, title, Tally()))[2].add(state, late)
        for board_id in boards_of[pk]:
            by_board[board_id].add(state, late)
    boards = [(board, by_board[board.pk]) for board in Board.objects.filter(pk__in=by_board)]
    return {"themes": [themes[n] for n in sorted(themes)], "boards": boards, "total": total}


def current_round_by_theme(today=None):
    """(the open period ending last, {theme number: Tally}) for the home page's cards; (None, {}) when none is open."""
    today = today or timezone.localdate()
    period = ReportingPeriod.objects.open().order_by("-end").first()
    if period is None:
        return None, {}
    states = _states(period)
    by_theme = defaultdict(Tally)
    for pk, number in Programme.objects.filter(status__in=RUNNING).values_list("pk", "theme__number"):
        state = states.get(pk)
        by_theme[number].add(state, _is_late(period, state, today))
    return period, by_theme


def due_reminders(days, today=None):
    """{user: [(period, programme, late)]}: each lead's updates due within `days` or late, not yet submitted."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=days)
    result = defaultdict(list)
    for period in ReportingPeriod.objects.open().filter(due_date__lte=horizon).order_by("due_date"):
        states = _states(period)
        leads = (ProgrammeLead.objects.filter(programme__status__in=RUNNING, user__is_active=True)
                 .select_related("user", "programme").order_by("user__username", "programme__name"))
        for lead in leads:
            if states.get(lead.programme_id) in (Update.State.SUBMITTED, Update.State.APPROVED):
                continue
            result[lead.user].append((period, lead.programme, period.is_late(today)))
    return result
