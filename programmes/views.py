from itertools import groupby

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Case, F, Prefetch, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import DetailView, TemplateView, View
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from atf_portal.core.exports import SafeExportMixin
from atf_portal.framework.models import MarmotRecommendation

from . import monitoring, suggestions
from .filters import ActionFilter, MonitoringFilterForm, ProgrammeFilter
from .models import Action, Programme, Suggestion
from .tables import ActionTable, ProgrammeTable

READ = "programmes.view_programme"
# Accepting a suggestion adds a link to the programme: the business team's change permission.
DECIDE = "programmes.change_programme"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ProgrammeListView(PermissionRequiredMixin, SingleTableMixin, SafeExportMixin, FilterView):
    permission_required = READ
    model = Programme
    table_class = ProgrammeTable
    filterset_class = ProgrammeFilter
    template_name = "programmes/programme_list.html"
    paginate_by = 50
    export_name = "atf-programmes"

    def get_queryset(self):
        return Programme.objects.with_related()


class ProgrammeDetailView(PermissionRequiredMixin, DetailView):
    permission_required = READ
    template_name = "programmes/programme_detail.html"

    def get_queryset(self):
        return Programme.objects.with_related().select_related("repeats").prefetch_related(
            "reports_to", "focus_programmes", "repeated_by", "system_recommendations",
            Prefetch("recommendations", queryset=MarmotRecommendation.objects.select_related("theme")))

    def get_context_data(self, **kwargs):
        history = self.object.history.select_related("history_user")[:10]
        waiting = []
        if self.request.user.has_perm(DECIDE):  # suggestions are for the business team to decide, not to read as links
            waiting = list(suggestions.open_suggestions().filter(programme=self.object))
        return super().get_context_data(history=history, suggestions=waiting, **kwargs)


class SuggestionReviewView(PermissionRequiredMixin, TemplateView):
    """The business team's review list: every open suggestion, by programme, to accept or dismiss in one click."""

    permission_required = DECIDE
    template_name = "programmes/suggestion_review.html"

    def get_context_data(self, **kwargs):
        waiting = list(suggestions.open_suggestions())
        by_programme = [(programme, list(rows)) for programme, rows in groupby(waiting, key=lambda s: s.programme)]
        return super().get_context_data(by_programme=by_programme, total=len(waiting), **kwargs)


class DecideSuggestionView(PermissionRequiredMixin, View):
    """POST only: accept (the link is added) or dismiss (never suggested again) one suggestion, then go back."""

    permission_required = DECIDE
    http_method_names = ["post"]
    decision = None  # "accept" or "dismiss"

    def post(self, request, pk):
        suggestion = get_object_or_404(Suggestion.objects.select_related("programme"), pk=pk)
        try:
            decided = getattr(suggestions, self.decision)(suggestion, request.user)
        except suggestions.AlreadyDecided:
            messages.warning(request, "That suggestion was already decided, or its link already made.")
        else:
            done = "Linked" if self.decision == "accept" else "Dismissed"
            messages.success(request, f"{done}: {decided.programme} and {decided.target_label[:80]}.")
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
            back = suggestion.programme.get_absolute_url()
        return redirect(back)


class MonitoringView(PermissionRequiredMixin, TemplateView):
    """Theme | Programmes and action | Milestones | Outcome indicator, as the HCP mocked it up."""

    permission_required = READ
    page_parameters = (*MonitoringFilterForm.base_fields, "_export")  # what get() reads (the page cache keys on them)
    template_name = "programmes/monitoring.html"

    def get(self, request, *args, **kwargs):
        form = MonitoringFilterForm(request.GET or None)
        board = status = None
        if form.is_valid():
            board, status = form.cleaned_data["board"], form.cleaned_data["status"]
        groups = monitoring.monitoring_groups(timezone.localdate(), board=board, status=status)
        if request.GET.get("_export") == "xlsx":
            response = HttpResponse(monitoring.monitoring_xlsx(groups), content_type=XLSX)
            response["Content-Disposition"] = 'attachment; filename="atf-monitoring.xlsx"'
            return response
        return self.render_to_response(self.get_context_data(form=form, groups=groups))


class ActionListView(PermissionRequiredMixin, SingleTableMixin, SafeExportMixin, FilterView):
    """The HCP action log: open actions first, the overdue ones marked."""

    permission_required = "programmes.view_action"
    model = Action
    table_class = ActionTable
    filterset_class = ActionFilter
    template_name = "programmes/action_list.html"
    table_pagination = False
    export_name = "atf-hcp-actions"

    def get_queryset(self):
        open_first = Case(When(status=Action.Status.OPEN, then=0), default=1)
        return Action.objects.prefetch_related("updates").annotate(open_first=open_first).order_by(
            "open_first", F("due_date").asc(nulls_last=True), "number"
        )

    def get_table_kwargs(self):
        return {"today": timezone.localdate()}
