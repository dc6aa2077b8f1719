from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, FormView, View
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from atf_portal.core.access import ReadPortalMixin
from atf_portal.core.exports import SafeExportMixin, dataset_response, download
from atf_portal.jobs import runner
from indicators import charts, tasks
from indicators.imports import importers, services
from indicators.statistics import stats
from indicators.summary import analysis, progress_rows
from places.models import CHESHIRE_AND_MERSEYSIDE, Area

from .filters import IndicatorFilter
from .forms import UploadForm
from .models import Indicator, IndicatorSetReview, IndicatorSummary, Upload
from .tables import IndicatorTable, IndicatorValueTable

UPLOAD = "indicators.add_indicatorvalue"


class IndicatorListView(ReadPortalMixin, SingleTableMixin, SafeExportMixin, FilterView):
    model = Indicator
    filterset_class = IndicatorFilter
    table_class = IndicatorTable
    template_name = "indicators/indicator_list.html"
    export_name = "atf-beacon-indicators"
    table_pagination = False

    def get_queryset(self):
        return Indicator.objects.with_summary()

    def get_table_data(self):
        return [self.row(indicator, indicator.summary) for indicator in self.object_list]

    @staticmethod
    def row(indicator, summary):
        row = {
            "number": indicator.number, "title": f"{indicator.title}{indicator.footnote_marks}",
            "url": indicator.get_absolute_url(),
            "theme": indicator.theme.number if indicator.theme else "Above the themes",
            "status": indicator.get_status_display(),
        }
        if summary and summary.has_data:
            judged = indicator.judges_direction
            row.update({
                "latest_period": summary.latest_period, "breakdown": f"{summary.sex}, {summary.age}",
                "last_updated": summary.last_loaded, "similar": summary.count(stats.SIMILAR),
                "better": summary.count(stats.BETTER) if judged else f"{summary.count(stats.HIGHER)} higher",
                "worse": summary.count(stats.WORSE) if judged else f"{summary.count(stats.LOWER)} lower",
                "not_compared": summary.count(stats.NOT_COMPARED),
            })
        return row

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["illustrative"] = IndicatorSummary.any_illustrative(i.summary for i in self.object_list)
        context["review"] = IndicatorSetReview.objects.first()
        return context


class IndicatorDetailView(ReadPortalMixin, SingleTableMixin, SafeExportMixin, DetailView):
    page_parameters = ("sex", "age", "area")  # the breakdown shown and the Place picked out (the cache keys on them)
    model = Indicator
    slug_field = slug_url_kwarg = "number"
    template_name = "indicators/indicator_detail.html"
    table_class = IndicatorValueTable
    table_pagination = False

    def get_queryset(self):
        return Indicator.objects.select_related("theme", "replaced_by").prefetch_related("decisions", "replaces")

    def get_export_filename(self, export_format):
        return f"atf-indicator-{self.object.number}.{export_format}"

    def get_table_data(self):
        # The portal's own areas' headline figures: other English areas are kept for England's distribution, and
        # breakdowns (deprivation deciles and the like) are groups within an area, not listed here.
        headline = self.object.values.headline().filter(area__in=Area.objects.portal())
        # Which breakdowns there are (for the switch), then the values of the one shown alone: the page reads one
        # breakdown, and loading every one cost it a third of its time with national data.
        breakdowns = sorted(set(headline.order_by().values_list("sex", "age").distinct()))
        breakdown = analysis.chosen_breakdown(breakdowns, (self.request.GET.get("sex"), self.request.GET.get("age")))
        values = list(headline.filter(sex=breakdown[0], age=breakdown[1]).with_sources()) if breakdown else []
        # The values give the table and the series the charts draw; every judgement comes from the stored summary.
        self.places = list(Area.objects.places())
        self.data = analysis.add_gaps(analysis.read_series(self.object, values, breakdown, breakdowns), self.places)
        self.tracked = IndicatorSummary.objects.filter(indicator=self.object, sex=breakdown[0],
                                                       age=breakdown[1]).first() if breakdown else None
        return values

    def progress_context(self, data):
        """Baseline, targets, inequality and C&M among its peers, from the stored summary of this breakdown."""
        summary = self.tracked
        cm_area = next((area for area in data.series if area.code == CHESHIRE_AND_MERSEYSIDE), None)
        inequality = progress_rows.inequality_rows(self.object, summary, self.places)
        return {
            "tracked": summary, "progress": progress_rows.progress_rows(summary, self.places, cm_area),
            "inequality": inequality, "peers": summary.peers_entry if summary else None,
            "cm": summary.cm_entry if summary else None,
            "has_deprivation": any(row["latest"] for row in inequality),
            "targets": self.object.targets.select_related("area"),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data, summary = self.data, self.tracked
        context.update(
            data=data, summary=analysis.summary_sentence(data, summary), illustrative=data.illustrative,
            programmes=self.object.programmes.select_related("theme"),
            periods=[label for _, label in data.periods],
            agreement=summary.agreement_entry if summary else None,
        )
        if data.periods:
            context.update(self.progress_context(data))
            context["latest_rows"] = analysis.latest_rows(data, self.places, summary)
            places = [row["area"] for row in context["progress"] if row["area"] and row["area"].is_place]
            context["charts"] = {
                "trend": charts.trend_chart(data, summary, places),
                "latest": charts.latest_bar_chart(data, context["latest_rows"]),
                "gap": charts.gap_chart(data),
                "gradient": charts.gradient_chart(self.object, context["inequality"]),
                "inequality": charts.inequality_trend_chart(self.object, context["inequality"]),
            }
        return context


class ProgressExportView(ReadPortalMixin, View):
    """Every progress figure of one breakdown of an indicator (breakdown values, deprivation gaps and SII, group
    ranges, female-male gaps, change since the baseline, trajectories, C&M's rank) as CSV or XLSX."""

    def get(self, request, number, fmt):
        indicator = get_object_or_404(Indicator, number=number)
        summaries = indicator.summaries.all()
        wanted = (request.GET.get("sex"), request.GET.get("age"))
        summary = next((s for s in summaries if (s.sex, s.age) == wanted), None) or \
            next((s for s in summaries if s.is_default), None)
        places = list(Area.objects.places())
        values = indicator.values.breakdowns().filter(area__in=places).select_related("area")
        header, rows = progress_rows.export_rows(indicator, summary, places, values)
        return dataset_response(header, rows, f"atf-indicator-{number}-progress", fmt)


class UploadView(PermissionRequiredMixin, FormView):
    permission_required = UPLOAD
    form_class = UploadForm
    template_name = "indicators/upload.html"

    def form_valid(self, form):
        upload_file = form.cleaned_data["file"]
        plan, upload = services.preview_upload(upload_file.name, upload_file.read(), self.request.user)
        if upload is None:
            return self.render_to_response(self.get_context_data(form=form, plan=plan))
        return redirect("indicator-upload-preview", pk=upload.pk)

    def get_context_data(self, **kwargs):
        recent = Upload.objects.exclude(kind=Upload.Kind.ILLUSTRATIVE).select_related("uploaded_by")[:10]
        fetchable = Indicator.objects.exclude(fingertips_id=None).order_by("number")
        return super().get_context_data(recent=recent, fetchable=fetchable, **kwargs)


class FetchFingertipsView(PermissionRequiredMixin, View):
    """The business team's button: fetch every indicator with a Fingertips ID and import it, as a background task
    (a national fetch outlasts a web request); the task page shows its progress and result. The data comes from the
    API itself, so there is no file to preview; a failure or any bad row changes nothing. One fetch at a time."""

    permission_required = UPLOAD
    http_method_names = ["post"]

    def post(self, request):
        try:
            job = runner.start(tasks.fetch_fingertips, request.user, label=tasks.FETCH_LABEL, exclusive=True)
        except runner.Refused as refused:
            messages.error(request, str(refused))
            return redirect("indicator-upload")
        return redirect("job-detail", pk=job.pk)


class UploadPreviewView(PermissionRequiredMixin, DetailView):
    permission_required = UPLOAD
    template_name = "indicators/upload_preview.html"
    context_object_name = "upload"

    def get_queryset(self):
        return Upload.objects.filter(uploaded_by=self.request.user)

    def post(self, request, pk):
        upload = get_object_or_404(Upload.objects.previews_of(request.user), pk=pk)
        if len(upload.content or b"") > settings.BACKGROUND_IMPORT_BYTES:  # would outlast the request
            job = runner.start(tasks.import_upload, request.user, label=f"Import {upload.file_name}",
                               upload_id=upload.pk)
            return redirect("job-detail", pk=job.pk)
        plan = services.confirm_upload(upload, request.user)
        if not plan.ok:
            self.object = upload
            return self.render_to_response(self.get_context_data(plan=plan))
        messages.success(
            request,
            f"{upload.file_name} imported: {len(plan.to_create)} new figures, {len(plan.to_update)} updated, "
            f"{plan.unchanged} unchanged.",
        )
        return redirect("indicator-list")


class TemplateDownloadView(PermissionRequiredMixin, View):
    permission_required = UPLOAD

    def get(self, request, fmt):
        if fmt == "xlsx":
            content = importers.template_xlsx(Indicator.objects.all(), Area.objects.exclude(code=None))
        else:
            content = importers.template_csv()
        return download(content, "atf-indicator-values-template", fmt)
