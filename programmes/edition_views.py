"""The plan editions: the list (with each one's rows), and the business team's start of the next from the current."""

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from atf_portal.core.access import BusinessTeamMixin, ReadPortalMixin
from atf_portal.core.forms import nhs_styled

from .carry import start_edition
from .editions import PlanEdition


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
    keep = forms.TypedMultipleChoiceField(label="Rows to carry forward", coerce=int, required=False,
                                          widget=forms.CheckboxSelectMultiple(
                                              attrs={"class": "nhsuk-checkboxes__input"}))
    make_current = forms.BooleanField(label="Make it the current edition, which pages show first", required=False)

    def __init__(self, *args, source, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source
        self.rows = list(source.programmes.select_related("theme").order_by("theme__number", "plan_order", "pk"))
        self.fields["keep"].choices = [(row.pk, row.reference) for row in self.rows]
        nhs_styled(self)

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
    """GET: the preview, every row of the current edition listed and ticked; POST: start the edition with the rows
    left ticked."""

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
        data = form.cleaned_data
        edition, carried = start_edition(self.source, data["start_year"], data["title"], data["basis"],
                                         data["keep"], self.request.user, data["make_current"])
        dropped = len(form.rows) - len(carried)
        messages.success(self.request, f"Started {edition}: {len(carried)} rows carried forward from "
                                       f"{self.source.years}, {dropped} dropped.")
        return redirect(reverse("programme-list") + f"?edition={edition.start_year}")
