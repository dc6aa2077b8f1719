"""The pages that join the domain apps: the theme overview, a theme, a board and a Place (the gap flags and
"since the last meeting" in triage_views.py)."""

from collections import defaultdict

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import DetailView, TemplateView

from atf_portal.core.access import ReadPortalMixin
from atf_portal.core.exports import download, export_asked
from atf_portal.framework.models import (
    DOCUMENTS,
    FrameworkItem,
    HeadlineAmbition,
    Principle,
    SystemRecommendation,
    Theme,
)
from indicators import charts
from indicators.models import Indicator, IndicatorSummary
from indicators.summary import progress_rows
from places.models import Area
from programmes.editions import EditionChoice
from programmes.filters import ThemeProgrammeFilter
from programmes.models import Board, Programme
from programmes.plans.services import for_place_page
from programmes.prevention.figures import partnership_headline
from programmes.reporting.services import current_round_by_theme
from programmes.services import delivery, with_delivery
from programmes.views import ProgrammeListView
from stocktake.models import Activity

from . import coherence, flag_store, headline, overview
from .filters import CoherenceFilterForm
from .gaps import Scope, gaps
from .prevention_gaps import approved_returns
from .triage import theme_flags, triage

HEADLINE_INDICATORS = [1, 2]


class HomeView(ReadPortalMixin, TemplateView):
    """The theme overview board members open in a meeting: the headline, the overview grid, then the themes."""

    page_parameters = ("sex",)  # the grid's breakdown (the page cache keys on it)
    template_name = "dashboard/home.html"
    page_per_person = True  # "yours to act on" (the page cache keys on the reader)

    def get_context_data(self, **kwargs):
        indicators = list(Indicator.objects.select_related("theme"))
        summaries = overview.summaries_of(indicators)
        areas = list(Area.objects.portal())  # the grid's columns and the levels the gap rules read
        grid = overview.grid(indicators, overview.columns(areas=areas), summaries, self.request.GET.get("sex", ""))
        places = [area for area in grid.columns if area.is_place]
        reporting_round, round_by_theme = current_round_by_theme()
        rows_by_theme = {group.theme.number: group.rows for group in grid.groups if group.theme}
        # The rules read the page's themes and areas, if they run; the store is read once for the themes' figures
        # and the flags.
        scope = Scope(None, None, timezone.localdate(), areas=areas)
        scope.themes = themes = flag_store.themes(scope) or list(with_delivery(coherence.themes_with_figures()))
        # Every flag, triaged; the approved prevention returns the rules read serve the page's prevention line.
        triaged = triage(scope=scope, user=self.request.user)
        for theme in themes:
            theme.trends = overview.cm_trend_counts(rows_by_theme.get(theme.number, []))
            theme.delivery = delivery(theme)
            theme.round = round_by_theme.get(theme.number)
        life = list(IndicatorSummary.objects.filter(indicator__number__in=HEADLINE_INDICATORS)
                    .select_related("indicator"))
        return super().get_context_data(
            themes=themes, grid=grid, reporting_round=reporting_round, triaged=triaged,
            prevention_line=partnership_headline(approved_returns(scope)),
            headline=headline.headline(indicators, summaries, places, reporting_round, round_by_theme),
            within_place=progress_rows.within_place_gaps(life, places),
            illustrative=IndicatorSummary.any_illustrative([*(row.summary for row in grid.rows), *life]),
            **kwargs,
        )


class CoherenceView(ReadPortalMixin, TemplateView):
    """Each theme's recommendations against its programmes, stocktake activity and indicators; `?_export=xlsx`."""

    page_parameters = ("_export", "theme", "edition")  # the page cache keys on them
    template_name = "dashboard/coherence.html"

    def get(self, request, *args, **kwargs):
        choice = EditionChoice(request)
        matrices, systems = coherence.matrix(choice.filtered_by)
        form = CoherenceFilterForm(request.GET or None, themes=[group.theme for group in matrices])
        theme = form.cleaned_data["theme"] if form.is_valid() else None
        if theme is not None:  # one theme's matrix; the system recommendations belong to no theme
            matrices, systems = [group for group in matrices if group.theme.number == theme], []
        if export_asked(request) == "xlsx":
            return download(coherence.coherence_xlsx(matrices, systems), "atf-coherence", "xlsx")
        return self.render_to_response(self.get_context_data(matrices=matrices, systems=systems, form=form,
                                                             theme=theme, choice=choice))


class ThemeDetailView(ProgrammeListView):
    page_parameters = ("sex",)  # the grid's breakdown (the page cache keys on it, and on the filters)
    template_name = "dashboard/theme_detail.html"
    filterset_class = ThemeProgrammeFilter
    table_pagination = {"per_page": 25}

    def get_queryset(self):
        self.theme = get_object_or_404(Theme.objects.prefetch_related("recommendations"), number=self.kwargs["number"])
        self.export_name = f"atf-theme-{self.theme.number}-programmes"
        return super().get_queryset().filter(theme=self.theme)

    def get_table_kwargs(self):
        return {"flags": {}, "exclude": ["theme"]}  # the flags of the programmes shown, once paginated (get_table)

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        table.columns.show("partners")
        every = export_asked(self.request) or not table.page  # a download has every programme's flags
        shown = None if every else {row.record.pk for row in table.page.object_list}
        self.areas = list(Area.objects.portal())  # the grid's columns, the stocktake's levels and the rules' levels
        self.scope = Scope(self.theme.number, None, timezone.localdate(), areas=self.areas)
        self.triaged, table.flags = theme_flags(self.scope, shown)
        return table

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        indicators = list(Indicator.objects.select_related("theme").filter(theme=self.theme).prefetch_related(
            Prefetch("programmes", queryset=Programme.objects.in_edition().only("name"))))  # listed by name
        summaries = overview.summaries_of(indicators)
        overview.attach_default_summaries(indicators, summaries)
        counts = Activity.objects.current().counts_by_level(Activity.RowKind.THEME, self.theme.number)
        context.update(
            theme=self.theme, indicators=indicators, triaged=self.triaged,
            findings=self.theme.framework_items.filter(kind=FrameworkItem.Kind.STOCKTAKE_FINDING).prefetch_related(
                "themes", "points"),
            stocktake=[(level, counts.get(level.pk, 0)) for level in self.areas if level.is_level],
            delivery=delivery(flag_store.theme(self.theme, self.scope)
                              or with_delivery(Theme.objects.filter(pk=self.theme.pk)).get()),
            grid=overview.grid(indicators, overview.columns(areas=self.areas), summaries,
                               self.request.GET.get("sex", "")),
            illustrative=IndicatorSummary.any_illustrative(i.summary for i in indicators),
        )
        return context


class BoardDetailView(ReadPortalMixin, DetailView):
    model = Board
    template_name = "dashboard/board_detail.html"

    def get_context_data(self, **kwargs):
        programmes = list(
            Programme.objects.in_edition().filter(boards=self.object).select_related("theme")
            .prefetch_related(Prefetch("indicators", queryset=Indicator.objects.with_summary()))
        )
        indicators = sorted({i.pk: i for p in programmes for i in p.indicators.all()}.values(), key=lambda i: i.number)
        return super().get_context_data(
            programmes=programmes, indicators=indicators, flags=gaps(board=self.object),
            reporting_programmes=self.object.reporting_programmes.select_related("theme"),
            reporting_bodies=self.object.reporting_bodies.all(), reports_to=self.object.reports_to.all(),
            illustrative=IndicatorSummary.any_illustrative(i.summary for i in indicators), **kwargs,
        )


# A Place page reads its Place's entry, C&M's, the national spread and the inequality within the Place; not the
# counts across Places, the peers or the agreement with Fingertips.
PLACE_PAGE_UNREAD = IndicatorSummary.json_besides("places", "national", "cm", "inequality")


class PlaceDetailView(ReadPortalMixin, DetailView):
    """One Place against England and the North West on every indicator, and the programmes covering it."""

    page_parameters = ("sex",)  # the grid's breakdown (the page cache keys on it)
    template_name = "dashboard/place_detail.html"
    context_object_name = "place"

    def get_queryset(self):
        return Area.objects.places().select_related("parent")

    def get_context_data(self, **kwargs):
        indicators = list(Indicator.objects.with_summary(PLACE_PAGE_UNREAD, inequality_of=self.object))
        activity = Activity.objects.current().counts_by_row(self.object)
        rows = [(i, i.summary.place(self.object) if i.summary else None) for i in indicators]
        sex = self.request.GET.get("sex", "")
        grid = overview.grid(indicators, overview.columns(self.object),
                             overview.summaries_of(indicators, defaults_loaded=True, sex=sex), sex)
        return super().get_context_data(
            rows=rows, grid=grid,
            spine=[(i, spine) for i, cell in rows if (spine := charts.spine_row(i, i.summary, cell))],
            inequality=progress_rows.place_inequality(indicators, self.object),
            stocktake=[(t, activity.get((Activity.RowKind.THEME, t.number), 0)) for t in Theme.objects.all()],
            stocktake_total=sum(activity.values()),
            # A line each: the name and theme alone (a programme's long texts are on its own page).
            programmes=Programme.objects.in_edition().filter(places=self.object).select_related("theme").only(
                "name", "theme__number"),
            system_wide=Programme.objects.in_edition().filter(places__isnull=True).count(),
            illustrative=IndicatorSummary.any_illustrative(i.summary for i in indicators),
            plans=for_place_page(self.object),
            **kwargs,
        )


class FrameworkView(ReadPortalMixin, TemplateView):
    """The framework the portal hangs from, quoted from its documents, each item with its document and line."""

    template_name = "dashboard/framework.html"

    def get_context_data(self, **kwargs):
        Kind = FrameworkItem.Kind
        items = FrameworkItem.objects.select_related("principle").prefetch_related(
            "themes", "system_recommendations",
            Prefetch("programmes", queryset=Programme.objects.in_edition().select_related("theme")),
            Prefetch("points", queryset=FrameworkItem.objects.prefetch_related("themes", "system_recommendations")),
        )
        by_kind = defaultdict(list)
        for item in items:
            by_kind[item.kind].append(item)
        single = {kind: (by_kind[kind] or [None])[0] for kind in
                  (Kind.VISION, Kind.MISSION, Kind.BASELINE_PROPOSAL, Kind.NEIGHBOURHOOD_AIM)}
        return super().get_context_data(
            vision=single[Kind.VISION], mission=single[Kind.MISSION], baseline=single[Kind.BASELINE_PROPOSAL],
            neighbourhood_aim=single[Kind.NEIGHBOURHOOD_AIM], aims=by_kind[Kind.AIM],
            focus_programmes=by_kind[Kind.FOCUS_PROGRAMME], case_studies=by_kind[Kind.CASE_STUDY],
            findings=by_kind[Kind.STOCKTAKE_FINDING], indicator_work=by_kind[Kind.INDICATOR_WORK],
            objectives=by_kind[Kind.NEIGHBOURHOOD_OBJECTIVE], guiding_principles=by_kind[Kind.NEIGHBOURHOOD_PRINCIPLE],
            enablers=by_kind[Kind.NEIGHBOURHOOD_ENABLER], principles=Principle.objects.all(),
            ambitions=HeadlineAmbition.objects.all(), system_recommendations=SystemRecommendation.objects.all(),
            documents=DOCUMENTS, **kwargs,
        )
