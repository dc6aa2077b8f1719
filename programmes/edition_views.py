"""The plan editions: the list (with each one's rows); the business team's start of the next from the current, and
an edition loaded from a workbook."""

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import DetailView, FormView, TemplateView, View

from atf_portal.core.access import BusinessTeamMixin, ReadPortalMixin
from atf_portal.core.exports import download
from atf_portal.jobs import runner

from . import tasks
from .edition_import import FLOW, template_workbook
from .editions import EditionUpload, PlanEdition


class EditionListView(ReadPortalMixin, TemplateView):
    template_name = "programmes/edition_list.html"

    def get_context_data(self, **kwargs):
        editions = PlanEdition.objects.annotate(rows=Count("programmes")).select_related("carried_from")
        return super().get_context_data(editions=editions, **kwargs)


class StartEditionForm(forms.Form):
    start_year = forms.IntegerField(label="Starts in the financial year", min_value=2024, max_value=2100)
    title = forms.CharField(label="Title, as the plan gives it", max_length=200)
    basis = forms.CharField(label="The document or decision that starts it", max_length=200,
                            help_text='e.g. "HCP board, 14 January 2027, item 5"')
    # Rendered by hand as the preview table's first column.
    keep = forms.TypedMultipleChoiceField(label="Rows to carry forward", coerce=int, required=False,
                                          widget=forms.CheckboxSelectMultiple)
    make_current = forms.BooleanField(label="Make it the current edition, which pages show first", required=False)

    def __init__(self, *args, source, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source
        self.rows = list(source.programmes.select_related("theme").order_by("theme__number", "plan_order", "pk"))
        self.fields["keep"].choices = [(row.pk, row.reference) for row in self.rows]

    @property
    def kept(self):
        """The rows ticked: all of them at first, then as the team left them."""
        if self.is_bound:
            return {int(pk) for pk in self.data.getlist("keep") if pk.isdigit()}
        return set(self.initial.get("keep", []))

    def clean_start_year(self):
        year = self.cleaned_data["start_year"]
        if year <= self.source.start_year:
            raise forms.ValidationError(f"The next edition starts after {self.source.years}.")
        if PlanEdition.objects.filter(start_year=year).exists():
            raise forms.ValidationError("An edition starting that year already exists.")
        return year


class StartEditionView(BusinessTeamMixin, FormView):
    """GET: the preview, every row of the current edition listed and ticked; POST: queue the start of the edition
    with the rows left ticked. One start at a time."""

    template_name = "programmes/edition_start.html"
    form_class = StartEditionForm

    def dispatch(self, request, *args, **kwargs):
        self.source = PlanEdition.objects.current()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "source": self.source}

    def get_initial(self):
        return {"start_year": self.source.start_year + 1,
                "keep": list(self.source.programmes.values_list("pk", flat=True))}

    def form_valid(self, form):
        # A background task followed on its task page: copying every kept row with its links and history record can
        # outlast a web request.
        data = form.cleaned_data
        try:
            job = runner.start(tasks.start_next_edition, self.request.user,
                               label=tasks.label(data["start_year"], self.source), exclusive=True,
                               source_id=self.source.pk, start_year=data["start_year"], title=data["title"],
                               basis=data["basis"], keep=data["keep"], make_current=data["make_current"])
        except runner.Refused as refused:
            messages.error(self.request, str(refused))
            return redirect("edition-start")
        return redirect("job-detail", pk=job.pk)


class EditionUploadForm(forms.Form):
    file = forms.FileField(label="The edition's workbook (.xlsx), laid out as the template",
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))


class EditionUploadView(BusinessTeamMixin, FormView):
    template_name = "programmes/edition_upload.html"
    form_class = EditionUploadForm

    def form_valid(self, form):
        upload_file = form.cleaned_data["file"]
        plan, upload = FLOW.preview(upload_file.name, upload_file.read(), self.request.user)
        if upload is None:
            return self.render_to_response(self.get_context_data(form=form, plan=plan))
        return redirect("edition-upload-preview", pk=upload.pk)


class EditionUploadPreviewView(BusinessTeamMixin, DetailView):
    """The uploader's preview: every row the workbook would load; saving writes them all in one go, or nothing."""

    template_name = "programmes/edition_upload_preview.html"
    context_object_name = "upload"

    def get_queryset(self):
        return EditionUpload.objects.previews_of(self.request.user)

    def get_context_data(self, **kwargs):
        plan = FLOW.plan(self.object.file_name, bytes(self.object.content), self.request.user)
        return super().get_context_data(plan=plan, **kwargs)

    def post(self, request, pk):
        upload = get_object_or_404(EditionUpload.objects.previews_of(request.user), pk=pk)
        plan = FLOW.confirm(upload, request.user)
        if not plan.ok:
            self.object = upload
            return self.render_to_response({"upload": upload, "plan": plan})
        messages.success(request, f"{upload.file_name} imported: {len(plan.rows)} rows of the {upload.edition}.")
        return redirect(reverse("programme-list") + f"?edition={upload.edition.start_year}")


class EditionTemplateView(BusinessTeamMixin, View):
    def get(self, request):
        return download(template_workbook(), "atf-plan-edition-template", "xlsx")
