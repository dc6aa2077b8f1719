from django.contrib.auth.mixins import PermissionRequiredMixin
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from atf_portal.exports import SafeExportMixin

from .filters import ProgrammeFilter
from .models import Programme, Theme
from .tables import ProgrammeTable


class HomeView(PermissionRequiredMixin, TemplateView):
    permission_required = "programmes.view_programme"
    template_name = "programmes/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(themes=Theme.objects.with_programme_counts(), **kwargs)


class ProgrammeListView(PermissionRequiredMixin, SingleTableMixin, SafeExportMixin, FilterView):
    permission_required = "programmes.view_programme"
    model = Programme
    table_class = ProgrammeTable
    filterset_class = ProgrammeFilter
    template_name = "programmes/programme_list.html"
    paginate_by = 50
    export_name = "atf-programmes"

    def get_queryset(self):
        return Programme.objects.with_related()


class ProgrammeDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "programmes.view_programme"
    template_name = "programmes/programme_detail.html"

    def get_queryset(self):
        return Programme.objects.with_related()

    def get_context_data(self, **kwargs):
        history = self.object.history.select_related("history_user")[:10]
        return super().get_context_data(history=history, **kwargs)
