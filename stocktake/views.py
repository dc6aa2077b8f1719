from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, FormView, ListView, TemplateView, View
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from atf_portal.core.access import ReadPortalMixin, access_of
from atf_portal.core.exports import SafeExportMixin, download
from atf_portal.framework.models import FrameworkItem
from atf_portal.jobs import runner
from places import access

from . import services, tasks, template_workbook
from .filters import ActivityFilter
from .forms import StocktakeUploadForm
from .models import Activity, StocktakeUpload
from .tables import ActivityTable

UPLOAD = "stocktake.add_stocktakeupload"


class CoverageView(ReadPortalMixin, TemplateView):
    template_name = "stocktake/coverage.html"

    def get_context_data(self, **kwargs):
        levels, rows = services.coverage()
        findings = FrameworkItem.objects.filter(kind=FrameworkItem.Kind.STOCKTAKE_FINDING).prefetch_related(
            "themes", "points")
        return super().get_context_data(levels=levels, rows=rows, findings=findings, **kwargs)


class ActivityListView(ReadPortalMixin, SingleTableMixin, SafeExportMixin, FilterView):
    model = Activity
    table_class = ActivityTable
    filterset_class = ActivityFilter
    template_name = "stocktake/activity_list.html"
    table_pagination = {"per_page": 50}
    export_name = "atf-stocktake-activities"

    def get_queryset(self):
        return Activity.objects.current().select_related("level", "upload")


class UploadView(PermissionRequiredMixin, FormView):
    permission_required = UPLOAD
    form_class = StocktakeUploadForm
    template_name = "stocktake/upload.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "lead_place": access.own_place(self.request.user)}

    def form_valid(self, form):
        upload_file = form.cleaned_data["file"]
        place = form.cleaned_data.get("place")  # a lead's own Place is settled by the service
        plan, upload = services.preview_upload(upload_file.name, upload_file.read(), self.request.user, place=place)
        if upload is None:
            return self.render_to_response(self.get_context_data(form=form, plan=plan))
        return redirect("stocktake-upload-detail", pk=upload.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(lead_place=access.own_place(self.request.user), **kwargs)


class UploadDetailView(PermissionRequiredMixin, DetailView):
    """A previewed upload waiting for confirmation (its uploader only), or an imported one (everyone)."""

    template_name = "stocktake/upload_detail.html"
    context_object_name = "upload"

    permission_required = UPLOAD

    def has_permission(self):
        if self.request.method == "POST":
            return super().has_permission()
        return access_of(self.request.user).reads_portal

    def get_queryset(self):
        return StocktakeUpload.objects.visible_to(self.request.user).select_related("uploaded_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object.status == StocktakeUpload.Status.PREVIEWED:
            context["plan"] = services.FLOW.plan(self.object.file_name, bytes(self.object.content), self.request.user,
                                                 **services.FLOW.options_of(self.object))
        else:
            context["activities"] = self.object.activities.select_related("level")
        return context

    def post(self, request, pk):
        upload = get_object_or_404(StocktakeUpload.objects.previews_of(request.user), pk=pk)
        if len(upload.content or b"") > settings.BACKGROUND_IMPORT_BYTES:  # would outlast the request
            job = runner.start(tasks.import_upload, request.user, label=f"Import {upload.file_name}",
                               upload_id=upload.pk)
            return redirect("job-detail", pk=job.pk)
        plan = services.confirm_upload(upload, request.user)
        if not plan.ok:
            self.object = upload
            return self.render_to_response({"upload": upload, "plan": plan})
        replaced = f" It replaced {plan.replaced_text()}." if plan.replaced else ""
        messages.success(request, f"{upload.file_name} imported: {len(plan.activities)} activities recorded.{replaced}")
        return redirect("stocktake-coverage")


class UploadListView(ReadPortalMixin, ListView):
    template_name = "stocktake/upload_list.html"
    paginate_by = 50

    def get_queryset(self):
        return StocktakeUpload.objects.filter(status=StocktakeUpload.Status.IMPORTED).select_related("uploaded_by")


class TemplateDownloadView(PermissionRequiredMixin, View):
    permission_required = UPLOAD

    def get(self, request):
        place = access.own_place(request.user)
        content = template_workbook.build(services.level_areas(), place)
        return download(content, f"atf-stocktake-{place.slug if place else 'all-levels'}", "xlsx")
