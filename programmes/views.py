from itertools import groupby

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, F, Prefetch, When
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import DetailView, TemplateView, View
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from atf_portal.core.access import BusinessTeamMixin, ReadPortalMixin, access_of
from atf_portal.core.exports import SafeExportMixin, download, export_asked
from atf_portal.framework.models import MarmotRecommendation

from . import carry, monitoring, suggestions
from .editions import EditionChoice
from .filters import ActionFilter, MonitoringFilterForm, ProgrammeFilter
from .models import Action, Programme, Suggestion
from .tables import ActionTable, ProgrammeTable


class ProgrammeListView(ReadPortalMixin, SingleTableMixin, SafeExportMixin, FilterView):
    model = Programme
    table_class = ProgrammeTable
    filterset_class = ProgrammeFilter
    template_name = "programmes/programme_list.html"
    page_parameters = ("edition",)  # read by EditionChoice; the page cache keys on it
    table_pagination = {"per_page": 50}  # the table pages itself: ListView's paginate_by would count twice
    export_name = "atf-programmes"

    def get_queryset(self):
        self.choice = EditionChoice(self.request)
        return Programme.objects.in_edition(self.choice.chosen).for_table(places=bool(export_asked(self.request)))

    def get_context_data(self, **kwargs):
        return super().get_context_data(choice=self.choice, **kwargs)


class ProgrammeDetailView(ReadPortalMixin, DetailView):
    template_name = "programmes/programme_detail.html"

    def get_queryset(self):
        return Programme.objects.with_related().select_related("repeats").prefetch_related(
            "reports_to", "focus_programmes", "repeated_by", "system_recommendations",
            Prefetch("recommendations", queryset=MarmotRecommendation.objects.select_related("theme")))

    def get_context_data(self, **kwargs):
        history = self.object.history.select_related("history_user")[:10]
        waiting = []
        # Suggestions are for the business team to decide, not for others to read as links.
        if access_of(self.request.user).is_business_team:
            waiting = list(suggestions.open_suggestions().filter(programme=self.object))
        editions = carry.lineage(self.object)
        return super().get_context_data(history=history, suggestions=waiting, editions=editions, **kwargs)


class SuggestionReviewView(BusinessTeamMixin, TemplateView):
    """The business team's review list: every open suggestion, by programme, to accept or dismiss in one click; ten
    programmes a page (a programme's suggestions are never split), since the first import leaves some 250."""

    template_name = "programmes/suggestion_review.html"
    programmes_per_page = 10

    def get_context_data(self, **kwargs):
        waiting = list(suggestions.open_suggestions())
        by_programme = [(programme, list(rows)) for programme, rows in groupby(waiting, key=lambda s: s.programme)]
        # get_page: past the last page (its suggestions all decided) is the new last page, not an error.
        page = Paginator(by_programme, self.programmes_per_page).get_page(self.request.GET.get("page"))
        return super().get_context_data(page=page, by_programme=page.object_list, total=len(waiting), **kwargs)


class DecideSuggestionView(BusinessTeamMixin, View):
    """POST only: accept (the link is added) or dismiss (never suggested again) one suggestion, then go back."""

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


class MonitoringView(ReadPortalMixin, TemplateView):
    """Theme | Programmes and action | Milestones | Outcome indicator, as the HCP mocked it up."""

    # what get() reads (the page cache keys on them)
    page_parameters = (*MonitoringFilterForm.base_fields, "_export", "edition")
    template_name = "programmes/monitoring.html"

    def get(self, request, *args, **kwargs):
        form = MonitoringFilterForm(request.GET or None)
        board = status = None
        if form.is_valid():
            board, status = form.cleaned_data["board"], form.cleaned_data["status"]
        choice = EditionChoice(request)
        groups = monitoring.monitoring_groups(timezone.localdate(), board=board, status=status,
                                              edition=choice.chosen)
        if export_asked(request) == "xlsx":
            return download(monitoring.monitoring_xlsx(groups), "atf-monitoring", "xlsx")
        return self.render_to_response(self.get_context_data(form=form, groups=groups, choice=choice))


class ActionListView(ReadPortalMixin, SingleTableMixin, SafeExportMixin, FilterView):
    """The HCP action log: open actions first, the overdue ones marked."""

    model = Action
    table_class = ActionTable
    filterset_class = ActionFilter
    template_name = "programmes/action_list.html"
    table_pagination = False
    export_name = "atf-hcp-actions"

    def get_queryset(self):
        open_first = Case(When(status=Action.Status.OPEN, then=0), default=1)
        return Action.objects.prefetch_related("updates").with_overdue(timezone.localdate()).annotate(
            open_first=open_first, team_updated=Action.objects.team_updated_rule(),
        ).order_by("open_first", F("due_date").asc(nulls_last=True), "number")
