"""An evidence record's form. A draft needs only its kind and title; a submission needs its findings and a verdict,
so a lead can start one while the evaluation is still being written up."""

from django import forms

from atf_portal.core.documents import DocumentField
from atf_portal.framework.models import MarmotRecommendation
from indicators.models import Indicator
from places.models import Area
from programmes.models import Programme

from .models import Kind, Recommends, Verdict

SUBMIT_NEEDS = {"findings": "Enter the findings, in the author's words",
                "verdict": "Choose a verdict: worked, mixed, did not work or too early to say"}
LINKS = ("programmes", "recommendations", "places", "indicators")
FIELDS = ["kind", "title", "programmes", "recommendations", "places", "indicators", "done_by", "done_on", "method",
          "findings", "recommends", "verdict", "spend", "outcome_figures", "link"]


class RecommendationChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.reference} {obj.text[:110]}"


class RecordForm(forms.Form):
    use_required_attribute = False  # a draft may be saved incomplete; the server says what a submission lacks

    kind = forms.ChoiceField(choices=Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Choose what kind of evidence this is"})
    title = forms.CharField(max_length=300, error_messages={"required": "Enter a title"})
    programmes = forms.ModelMultipleChoiceField(Programme.objects.order_by("theme__number", "name"), required=False,
                                                help_text="The programmes it assessed.")
    recommendations = RecommendationChoice(MarmotRecommendation.objects.select_related("theme"), required=False,
                                           label="Marmot recommendations it concerns")
    places = forms.ModelMultipleChoiceField(Area.objects.places(), required=False, label="Places it concerns")
    indicators = forms.ModelMultipleChoiceField(Indicator.objects.all(), required=False,
                                                label="Beacon Indicators it concerns")
    done_by = forms.CharField(label="Who did it", max_length=300, required=False,
                              help_text="The people or organisation who carried out the evaluation or assessment.")
    done_on = forms.DateField(label="When it was done", required=False, help_text="For example, 2025-03-31.",
                              widget=forms.DateInput(attrs={"type": "date"}),
                              error_messages={"invalid": "Enter the date as year-month-day, for example 2025-03-31"})
    method = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    findings = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 6}),
                               help_text="In the author's words, failures as plainly as successes.")
    recommends = forms.ChoiceField(label="What it recommends", choices=[("", "Nothing stated"), *Recommends.choices],
                                   required=False)
    verdict = forms.ChoiceField(choices=[("", "Not yet recorded"), *Verdict.choices], required=False)
    spend = forms.DecimalField(label="Spend (£, optional)", required=False, min_value=0, max_digits=14,
                               decimal_places=2, error_messages={"invalid": "Enter the spend as a number of pounds"})
    outcome_figures = forms.CharField(label="Outcome figures (optional)", required=False,
                                      widget=forms.Textarea(attrs={"rows": 3}),
                                      help_text="The outcome figures the evaluation gives, as written.")
    document = DocumentField(label="Its document (PDF, Word or OpenDocument)", required=False)
    link = forms.URLField(label="Or a link to it", required=False, max_length=500, assume_scheme="https",
                          error_messages={"invalid": "Enter the link as a full address, starting https://"})

    def __init__(self, *args, record=None, submitting=False, **kwargs):
        if record is not None and record.pk and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(record, name) for name in FIELDS if name not in LINKS}
            kwargs["initial"].update({name: list(getattr(record, name).all()) for name in LINKS})
        super().__init__(*args, **kwargs)
        self.submitting = submitting

    def clean(self):
        cleaned = super().clean()
        if self.submitting:
            for name, message in SUBMIT_NEEDS.items():
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return cleaned

    def to_data(self):
        data = {name: self.cleaned_data[name] for name in FIELDS}
        data["document"] = self.cleaned_data.get("document")
        return data
