"""Programme updates, the first kind of return: each quarter the lead of every running programme reports, the
business team signs off, and approval publishes the update on the programme."""

from collections import defaultdict

from django.utils import timezone

from atf_portal.returns.kinds import ReturnKind
from programmes.editions import in_edition
from programmes.models import Board, Milestone, Programme, ProgressUpdate

from . import access
from .forms import ReportForm
from .models import RUNNING, MeasureActual, ProgrammeLead, ReportingPeriod, Update


class ProgrammeUpdates(ReturnKind):
    slug = "programme-updates"
    round_model = ReportingPeriod
    return_model = Update
    respondent_field = "programme"
    form_class = ReportForm
    noun = "update"
    an_noun = "an update"
    respondent_noun = "programme"
    form_url_name = "reporting-form"
    review_related = ("period", "programme__theme", "lead")
    groupings = ("themes", "boards")

    def respondents(self, period):
        """Every running programme of the round's plan edition, but not a row repeating another (the plan prints
        Careers Hub twice, 3/07 and 3/10): the programme reports once, on the row it is repeated from. With no
        round, the current edition's."""
        edition = {"edition_id": period.edition_id} if period is not None else in_edition()
        return Programme.objects.filter(status__in=RUNNING, repeats__isnull=True, **edition)

    def expects(self, programme):
        """`respondents` for a programme already read (a row with `status` and `repeats_id`), as gap flags hold."""
        return programme.status in RUNNING and programme.repeats_id is None

    def may_respond(self, user, respondent):
        return access.may_report_on(user, respondent)

    def may_review(self, user):
        return access.may_review(user)

    def leads(self, period):
        rows = ProgrammeLead.objects.filter(programme__in=self.respondents(period), user__is_active=True)
        for lead in rows.select_related("user", "programme").order_by("user__username", "programme__name"):
            yield lead.user, lead.programme

    def write(self, ret, data):
        ret.rag = data.get("rag", "")
        ret.reason = data.get("reason", "")
        ret.narrative = data.get("narrative", "")
        ret.milestone_statuses = {str(k): v for k, v in data.get("milestone_statuses", {}).items()}
        ret.actuals = {str(k): v for k, v in data.get("actuals", {}).items() if v is not None}

    def on_approve(self, update, user):
        """Publish: a progress update on the programme, its milestones' statuses, its measures' actuals."""
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

    def expected(self, period, groupings=("themes", "boards")):
        """By theme (from the same read as the programmes) and by accountable board."""
        rows = list(self.respondents(period).values_list("pk", "theme__number", "theme__title"))
        groups = {}
        if "themes" in groupings:
            themes = defaultdict(list)
            for pk, number, title in rows:
                themes[number, title].append(pk)
            groups["themes"] = [(key, themes[key]) for key in sorted(themes)]
        if "boards" in groupings:
            by_board = defaultdict(list)
            for programme_id, board_id in Programme.boards.through.objects.filter(
                    programme__in=self.respondents(period)).values_list("programme_id", "board_id"):
                by_board[board_id].append(programme_id)
            groups["boards"] = [((board,), by_board[board.pk]) for board in Board.objects.filter(pk__in=by_board)]
        return [pk for pk, *_ in rows], groups


UPDATES = ProgrammeUpdates()
