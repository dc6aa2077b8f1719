"""A Place's own indicators: recording one, its page, and loading values through the shared import flow (the
template, the preview, the confirmation)."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, FormView, TemplateView, View

from atf_portal.core.access import ReadPortalMixin, access_of
from atf_portal.core.exports import dataset_response
from places import access as places_access

from . import figures
from .forms import LocalIndicatorForm, ValuesUploadForm
from .imports import FLOW, template_rows
from .local import LocalIndicator, LocalUpload
from .views import RecordsForPlace


class LocalIndicatorCreateView(RecordsForPlace):
    form_class = LocalIndicatorForm
    heading = "Add a local indicator"


class LocalIndicatorView(ReadPortalMixin, DetailView):
    """A local indicator: its definition and its values for the Place and its neighbourhoods, with the Beacon set's
    comparison, trend and interval rules where the data allows."""

    template_name = "plans/local_indicator.html"
    context_object_name = "indicator"
    queryset = LocalIndicator.objects.select_related("place")

    def get_context_data(self, **kwargs):
        return super().get_context_data(rows=figures.series(self.object),
                                        may_load=places_access.may_act_for(self.request.user, self.object.place),
                                        **kwargs)


class LoadsValues(PermissionRequiredMixin):
    """A Place's Marmot lead or the business team: which Place's indicators each row may name is checked per row."""

    def has_permission(self):
        user = self.request.user
        return access_of(user).signed_in and places_access.may_act_at_all(user)


def indicators_for(user):
    place = places_access.own_place(user)
    rows = LocalIndicator.objects.select_related("place").prefetch_related("place__neighbourhoods")
    return rows.filter(place=place) if place else rows


class TemplateDownloadView(LoadsValues, View):
    """The template, with a row per indicator and area the user may load values for."""

    def get(self, request):
        rows = template_rows(indicators_for(request.user))
        return dataset_response(rows[0], rows[1:], "atf-local-indicator-values", "csv")


class UploadView(LoadsValues, FormView):
    form_class = ValuesUploadForm
    template_name = "plans/upload.html"

    def form_valid(self, form):
        upload_file = form.cleaned_data["file"]
        plan, upload = FLOW.preview(upload_file.name, upload_file.read(), self.request.user)
        if upload is None:
            return self.render_to_response(self.get_context_data(form=form, plan=plan))
        return redirect("local-upload-detail", pk=upload.pk)


class UploadDetailView(LoadsValues, TemplateView):
    """A previewed upload, its uploader's own until it is imported: what it would load, then confirmation."""

    template_name = "plans/upload_detail.html"

    def get_context_data(self, **kwargs):
        upload = get_object_or_404(LocalUpload.objects.previews_of(self.request.user), pk=self.kwargs["pk"])
        plan = FLOW.plan(upload.file_name, bytes(upload.content), self.request.user)
        return super().get_context_data(upload=upload, plan=plan, **kwargs)

    def post(self, request, pk):
        upload = get_object_or_404(LocalUpload.objects.previews_of(request.user), pk=pk)
        plan = FLOW.confirm(upload, request.user)
        if not plan.ok:
            return self.render_to_response({"upload": upload, "plan": plan})
        messages.success(request, f"{upload.file_name} imported: {len(plan.rows)} values loaded.")
        return redirect("local-upload")
