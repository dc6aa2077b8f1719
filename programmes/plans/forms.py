"""The plans' forms: a plan with its document, a neighbourhood, an engagement measure, a local indicator, an
upload of local values, and the assessment against the framework (a draft may be incomplete; a submission must
say something about at least one item, and say how for every item it rates as more than not addressed)."""

from django import forms

from atf_portal.core.documents import DocumentField
from atf_portal.core.forms import UploadFormMixin

from .local import LocalIndicator
from .models import EngagementMeasure, Neighbourhood, Plan, Rating

RATING_CHOICES = [("", "Nothing said"), *Rating.choices]


class PlanForm(forms.ModelForm):
    upload = DocumentField(label="The plan's document", required=False,
                           help_text="A PDF, Word or OpenDocument text file; or give a link below instead.")
    link = forms.URLField(label="Link to the document", required=False, assume_scheme="https", max_length=500)

    class Meta:
        model = Plan
        fields = ["kind", "title", "owner", "period", "stage", "neighbourhoods", "link"]
        widgets = {"neighbourhoods": forms.CheckboxSelectMultiple}

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhoods"].queryset = Neighbourhood.objects.filter(place=place)
        self.fields["neighbourhoods"].help_text = "The neighbourhoods the plan covers, as the Place names them."
        self.fields["kind"].label = "Kind of plan"

    def save(self, commit=True):
        plan = super().save(commit=False)
        if self.cleaned_data.get("upload"):
            plan.keep_upload(self.cleaned_data["upload"])
        if commit:
            plan.save()
            self.save_m2m()
        return plan


class NeighbourhoodForm(forms.ModelForm):
    class Meta:
        model = Neighbourhood
        fields = ["name", "code"]


class MeasureForm(forms.ModelForm):
    class Meta:
        model = EngagementMeasure
        fields = ["title", "unit", "target"]
        help_texts = {"title": "e.g. residents reached, co-design sessions held, VCFSE partners in governance "
                               "(004:218)."}


class LocalIndicatorForm(forms.ModelForm):
    class Meta:
        model = LocalIndicator
        fields = ["title", "definition", "source", "unit", "polarity"]
        widgets = {"definition": forms.Textarea(attrs={"rows": 3})}


class ValuesUploadForm(UploadFormMixin, forms.Form):
    file = forms.FileField(label="The filled-in template (CSV or Excel workbook)")


class AssessmentForm(forms.Form):
    """Per framework item: how the plan embodies it, a rating on the portal's scale, and evidence; per engagement
    measure, the round's actual."""

    use_required_attribute = False

    def __init__(self, data=None, *, ret, items, measures, submitting=False):
        self.items, self.measures, self.submitting = items, measures, submitting
        super().__init__(data, initial=self.initial_from(ret))
        for item in items:
            name = f"{item.get_kind_display()} {item.number}: {item.title or item.text[:80]}"
            self.fields[f"item_{item.pk}_rating"] = forms.ChoiceField(
                label=f"{name}: rating", choices=RATING_CHOICES, required=False)
            self.fields[f"item_{item.pk}_text"] = forms.CharField(
                label=f"{name}: how the plan embodies it", required=False, widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"item_{item.pk}_evidence"] = forms.CharField(
                label=f"{name}: evidence (a quote or page of the plan)", required=False, max_length=1000)
        for measure in measures:
            target = f" (target {measure.target:g})" if measure.target is not None else ""
            self.fields[f"measure_{measure.pk}"] = forms.FloatField(
                label=f"{measure.title}: this round's actual{target}", required=False, min_value=0,
                error_messages={"invalid": f"Enter {measure.title} as a number",
                                "min_value": f"Enter {measure.title} as a number of 0 or more"})

    def item_groups(self):
        """[(item, rating field, text field, evidence field)] for the template."""
        return [(item, self[f"item_{item.pk}_rating"], self[f"item_{item.pk}_text"], self[f"item_{item.pk}_evidence"])
                for item in self.items]

    def measure_fields(self):
        return [self[f"measure_{m.pk}"] for m in self.measures]

    @staticmethod
    def initial_from(ret):
        initial = {}
        for pk, answer in ret.answers.items():
            for part in ("rating", "text", "evidence"):
                initial[f"item_{pk}_{part}"] = answer.get(part, "")
        initial.update({f"measure_{pk}": value for pk, value in ret.actuals.items()})
        return initial

    def clean(self):
        data = super().clean()
        rated = False
        for item in self.items:
            rating, text = data.get(f"item_{item.pk}_rating"), (data.get(f"item_{item.pk}_text") or "").strip()
            rated = rated or bool(rating)
            if self.submitting and rating and rating != Rating.NOT_ADDRESSED and not text:
                self.add_error(f"item_{item.pk}_text", f"Say how the plan embodies {item.get_kind_display().lower()} "
                                                       f"{item.number}, or change its rating")
        if self.submitting and not rated and not self.errors:
            raise forms.ValidationError("Rate the plan against at least one objective, principle or enabler before "
                                        "submitting it")
        return data

    def to_data(self):
        answers = {}
        for item in self.items:
            parts = {part: (self.cleaned_data.get(f"item_{item.pk}_{part}") or "").strip()
                     for part in ("rating", "text", "evidence")}
            if any(parts.values()):
                answers[str(item.pk)] = parts
        actuals = {str(m.pk): self.cleaned_data[f"measure_{m.pk}"] for m in self.measures
                   if self.cleaned_data.get(f"measure_{m.pk}") is not None}
        return {"answers": answers, "actuals": actuals}
