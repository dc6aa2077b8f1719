from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Case, F, When
from django.http import HttpResponse
from django.utils import timezone
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from atf_portal.exports import SafeExportMixin

from . import monitoring
from .filters import ActionFilter, MonitoringFilterForm, ProgrammeFilter
from .models import Action, Programme
from .tables import ActionTable, ProgrammeTable

READ = "programmes.view_programme"
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
            "reports_to", "focus_programmes", "repeated_by")

    def get_context_data(self, **kwargs):
        history = self.object.history.select_related("history_user")[:10]
        return super().get_context_data(history=history, **kwargs)


class MonitoringView(PermissionRequiredMixin, TemplateView):
    """Theme | Programmes and action | Milestones | Outcome indicator, as the HCP mocked it up."""

    permission_required = READ
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
