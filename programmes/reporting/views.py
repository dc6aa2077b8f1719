"""Reporting pages: a lead's updates and form, the business team's review queue, completeness, board packs and
a programme's measures. Who may do what is `access.py`; an update a user may not see is a 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import TemplateView

from atf_portal.core.access import ReadPortalMixin
from atf_portal.jobs import runner
from atf_portal.returns import tallies
from atf_portal.returns.forms import ReturnReasonForm
from atf_portal.returns.services import check_editable
from atf_portal.returns.views import ShowsRefusals
from programmes.models import Board, Programme

from . import access, tasks
from .charts import measure_chart
from .forms import SUBMIT
from .kind import UPDATES
from .models import MeasureActual, ReportingPeriod, Update
from .pack import board_pack, indicator_position


class ReportingHomeView(ReadPortalMixin, TemplateView):
    """The rounds, and for a lead the programmes they report on with where each update stands."""

    template_name = "reporting/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        periods = list(ReportingPeriod.objects.all())
        open_periods = [p for p in periods if p.is_open]
        mine = list(access.programmes_for(user).filter(pk__in=UPDATES.respondents(None)).select_related("theme"))
        updates = {(u.period_id, u.programme_id): u for u in Update.objects.filter(
            period__in=open_periods, programme__in=mine).select_related("period")}
        rows = [(period, [(p, updates.get((period.pk, p.pk))) for p in mine]) for period in open_periods]
        return super().get_context_data(
            periods=periods, rows=rows, is_lead=bool(mine), may_review=access.may_review(user),
            today=timezone.localdate(), **kwargs)


class ReportFormView(ShowsRefusals, TemplateView):
    """A lead's update for one programme and period: save as draft, then submit."""

    template_name = "reporting/report_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.period = get_object_or_404(ReportingPeriod, pk=kwargs["period"])
        self.programme = get_object_or_404(Programme.objects.select_related("theme"), pk=kwargs["programme"])
        if not access.may_report_on(request.user, self.programme):
            raise Http404("You do not report on this programme.")
        self.update = UPDATES.return_for(self.period, self.programme, request.user)
        self.milestones = list(self.programme.milestones.all())
        self.measures = list(self.programme.structured_measures.all())
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None, submitting=False):
        return UPDATES.form_class(data, update=self.update, milestones=self.milestones, measures=self.measures,
                          submitting=submitting)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.form()))

    def post(self, request, *args, **kwargs):
        submitting = request.POST.get("action") == SUBMIT
        check_editable(UPDATES, self.update)
        form = self.form(request.POST, submitting=submitting)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if submitting:
            UPDATES.submit(self.update, request.user, form.to_data())
            messages.success(request, f"Your update for {self.programme} is submitted for sign-off.")
            return redirect("reporting-home")
        UPDATES.save_draft(self.update, request.user, form.to_data())
        messages.success(request, "Your draft is saved. Submit it when it is ready.")
        return redirect(request.path)

    def get_context_data(self, **kwargs):
        return super().get_context_data(period=self.period, programme=self.programme, update=self.update,
                                        editable=self.update.is_editable,
                                        **kwargs)


def _update_or_404(user, pk):
    update = get_object_or_404(Update.objects.select_related("period", "programme__theme", "lead", "decided_by"),
                               pk=pk)
    if not access.may_read_update(user, update):
        raise Http404("No such update.")
    return update


class UpdateDetailView(TemplateView):
    """One update as submitted, its history, and for the business team the approve and return buttons."""

    template_name = "reporting/update_detail.html"

    def get_context_data(self, **kwargs):
        update = _update_or_404(self.request.user, self.kwargs["pk"])
        milestones = [(m, update.milestone_statuses.get(str(m.pk))) for m in update.programme.milestones.all()]
        measures = [(m, update.actuals.get(str(m.pk))) for m in update.programme.structured_measures.all()]
        labels = dict(Update.State.choices)
        history = [(h, labels.get(h.state, h.state)) for h in update.history.select_related("history_user")]
        may_decide = update.is_awaiting_review and access.may_review(self.request.user)
        return super().get_context_data(
            update=update, milestones=milestones, measures=measures, history=history, may_decide=may_decide,
            is_lead=access.may_report_on(self.request.user, update.programme_id),
            return_form=kwargs.pop("return_form", None) or ReturnReasonForm(kind=UPDATES), **kwargs)


class DecideView(ShowsRefusals, UpdateDetailView):
    """POST only: the business team approves or returns a submitted update."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not access.may_review(request.user):
            raise PermissionDenied("Only the business team signs off updates.")
        update = _update_or_404(request.user, kwargs["pk"])
        if request.POST.get("decision") == "approve":
            UPDATES.approve(update, request.user)
            messages.success(request, f"Approved: {update.programme}'s update is now on the programme's page.")
            return redirect("reporting-review")
        form = ReturnReasonForm(request.POST, kind=UPDATES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(return_form=form), status=400)
        UPDATES.send_back(update, request.user, form.cleaned_data["return_reason"])
        messages.success(request, f"Returned to the lead: {update.programme}.")
        return redirect("reporting-review")


class ReviewQueueView(TemplateView):
    """The business team's queue: every kind's submitted returns in open rounds, oldest first; then the returned
    ones."""

    template_name = "reporting/review.html"

    def dispatch(self, request, *args, **kwargs):
        self.reviewed = tallies.reviewed_by(request.user)
        if not self.reviewed:
            raise PermissionDenied("Only the business team signs off updates.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        waiting, returned = tallies.review_queue(self.reviewed)
        return super().get_context_data(waiting=waiting, returned=returned, **kwargs)


class CompletenessView(ReadPortalMixin, TemplateView):
    template_name = "reporting/completeness.html"

    def get_context_data(self, **kwargs):
        period = get_object_or_404(ReportingPeriod, pk=kwargs.pop("period"))
        return super().get_context_data(period=period, today=timezone.localdate(),
                                        **UPDATES.completeness(period), **kwargs)


class BoardPackView(ReadPortalMixin, TemplateView):
    """A board's pack for a period: printable, one programme per block. Its spreadsheet is built in the background
    when asked for (POST): the page sends the person to the task, which links the file when it is ready."""

    template_name = "reporting/board_pack.html"

    def post(self, request, *args, **kwargs):
        period = get_object_or_404(ReportingPeriod, pk=kwargs["period"])
        board = get_object_or_404(Board, slug=kwargs["slug"])
        job = runner.start(tasks.build_board_pack, request.user, label=f"Board pack: {board.name}, {period.name}",
                           board_id=board.pk, period_id=period.pk)
        return redirect("job-detail", job.pk)

    def get(self, request, *args, **kwargs):
        period = get_object_or_404(ReportingPeriod, pk=kwargs["period"])
        board = get_object_or_404(Board, slug=kwargs["slug"])
        blocks = board_pack(board, period)
        for block in blocks:
            block.indicator_rows = [(i, indicator_position(i)) for i in block.indicators]
        return self.render_to_response(self.get_context_data(period=period, board=board, blocks=blocks,
                                                             boards=Board.objects.filter(programmes__isnull=False)
                                                             .distinct()))


class MeasuresView(ReadPortalMixin, TemplateView):
    """A programme's structured measures: each actual against the line from baseline to target."""

    template_name = "reporting/measures.html"

    def get_context_data(self, **kwargs):
        programme = get_object_or_404(Programme.objects.select_related("theme").prefetch_related(
            Prefetch("structured_measures__actuals", queryset=MeasureActual.objects.select_related("period")
                     .order_by("period__end"))), pk=self.kwargs["pk"])
        rows = []
        for measure in programme.structured_measures.all():
            actuals = list(measure.actuals.all())
            rows.append({"measure": measure, "chart": measure_chart(measure, actuals),
                         "actuals": [(a, measure.expected_at(a.period.end), a.off_track) for a in actuals],
                         "off_track": bool(actuals) and actuals[-1].off_track})
        return super().get_context_data(programme=programme, rows=rows, **kwargs)
