from collections import Counter, defaultdict

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Case, F, Prefetch, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from atf_portal.exports import SafeExportMixin
from indicators.models import Indicator, IndicatorSummary
from places.models import Area
from stocktake import services as stocktake

from . import monitoring, services
from .filters import ActionFilter, GapFilterForm, MonitoringFilterForm, ProgrammeFilter, ThemeProgrammeFilter
from .models import Action, Board, Programme, Theme
from .tables import ActionTable, GapTable, ProgrammeTable

READ = "programmes.view_programme"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADLINE_INDICATORS = [1, 2]


class HomeView(PermissionRequiredMixin, TemplateView):
    """The theme overview board members open in a meeting."""

    permission_required = READ
    template_name = "programmes/home.html"

    def get_context_data(self, **kwargs):
        grouped = defaultdict(list)
        for indicator in Indicator.objects.with_summary():
            grouped[indicator.theme.number if indicator.theme else None].append(indicator)
        flags = Counter(flag.theme for flag in services.gaps())
        delivery = services.delivery_by_theme()
        themes = list(Theme.objects.with_programme_counts())
        for theme in themes:
            theme.indicator_list = grouped[theme.number]
            theme.flag_count = flags[theme.number]
            theme.delivery = delivery[theme.number]
        headline = list(IndicatorSummary.objects.filter(indicator__number__in=HEADLINE_INDICATORS)
                        .select_related("indicator"))
        places = list(Area.objects.places())
        return super().get_context_data(
            themes=themes, headline=headline,
            headline_rows=[(place, [s.for_place(place) for s in headline]) for place in places],
            illustrative=any(s.illustrative for s in headline)
            or any(i.summary and i.summary.illustrative for group in grouped.values() for i in group),
            **kwargs,
        )


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


class ThemeDetailView(ProgrammeListView):
    template_name = "programmes/theme_detail.html"
    filterset_class = ThemeProgrammeFilter
    paginate_by = 25

    def get_queryset(self):
        self.theme = get_object_or_404(Theme.objects.prefetch_related("recommendations"), number=self.kwargs["number"])
        self.export_name = f"atf-theme-{self.theme.number}-programmes"
        return super().get_queryset().filter(theme=self.theme)

    def get_table_kwargs(self):
        self.flags = services.gaps(theme=self.theme.number)
        by_programme = defaultdict(list)
        for flag in self.flags:
            if flag.model == "programme":
                by_programme[flag.pk].append(flag)
        return {"flags": by_programme, "exclude": ["theme"]}

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        table.columns.show("partners")
        return table

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        indicators = list(Indicator.objects.with_summary().filter(theme=self.theme).prefetch_related("programmes"))
        places = list(Area.objects.places())
        context.update(
            theme=self.theme, indicators=indicators, flags=self.flags,
            stocktake=stocktake.theme_activity(self.theme.number),
            delivery=services.delivery_by_theme(theme=self.theme.number)[self.theme.number],
            place_rows=[(place, [(i, i.summary.for_place(place) if i.summary else None) for i in indicators])
                        for place in places],
            illustrative=any(i.summary and i.summary.illustrative for i in indicators),
        )
        return context


class GapListView(PermissionRequiredMixin, SingleTableMixin, SafeExportMixin, TemplateView):
    permission_required = READ
    template_name = "programmes/gap_list.html"
    table_class = GapTable
    table_pagination = {"per_page": 25}
    export_name = "atf-gap-flags"

    def get_table_kwargs(self):
        return {"exclude": [] if self.request.user.has_perm("programmes.change_programme") else ["fix"]}

    def get_table_data(self):
        self.form = GapFilterForm(self.request.GET or None)
        theme = kinds = None
        if self.form.is_valid():
            theme = self.form.cleaned_data["theme"].number if self.form.cleaned_data["theme"] else None
            kinds = [self.form.cleaned_data["kind"]] if self.form.cleaned_data["kind"] else None
        return services.gaps(theme=theme, kinds=kinds)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        context["counts"] = Counter(flag.kind_label for flag in context["table"].data).most_common()
        context["total"] = len(context["table"].data)
        return context


class BoardDetailView(PermissionRequiredMixin, DetailView):
    permission_required = READ
    model = Board
    template_name = "programmes/board_detail.html"

    def get_context_data(self, **kwargs):
        programmes = list(
            Programme.objects.filter(boards=self.object).select_related("theme")
            .prefetch_related(Prefetch("indicators", queryset=Indicator.objects.with_summary()))
        )
        indicators = {i.pk: i for p in programmes for i in p.indicators.all()}
        return super().get_context_data(
            programmes=programmes, indicators=sorted(indicators.values(), key=lambda i: i.number),
            flags=services.gaps(board=self.object),
            illustrative=any(i.summary and i.summary.illustrative for i in indicators.values()), **kwargs,
        )


class ProgrammeDetailView(PermissionRequiredMixin, DetailView):
    permission_required = READ
    template_name = "programmes/programme_detail.html"

    def get_queryset(self):
        return Programme.objects.with_related()

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
        groups = monitoring.monitoring_groups(board=board, status=status)
        if request.GET.get("_export") == "xlsx":
            response = HttpResponse(monitoring.monitoring_xlsx(groups), content_type=XLSX)
            response["Content-Disposition"] = 'attachment; filename="atf-monitoring.xlsx"'
            return response
        return self.render_to_response(self.get_context_data(form=form, groups=groups, today=timezone.localdate()))


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
