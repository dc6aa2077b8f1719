"""The reporting form: a RAG rating (with its reason when amber or red), the narrative, each milestone's status
and an actual for each structured measure. A draft may be incomplete; a submission must be whole."""

from django import forms

from programmes.models import Milestone, ProgressUpdate

from .models import Update

SUBMIT = "submit"
DRAFT = "draft"


class ReportForm(forms.Form):
    rag = forms.ChoiceField(label="RAG rating", required=False, widget=forms.RadioSelect,
                            choices=ProgressUpdate.Rag.choices)
    reason = forms.CharField(label="Reason for an amber or red rating", required=False, widget=forms.Textarea(
        attrs={"rows": 3}))
    narrative = forms.CharField(label="What has happened this period", required=False,
                                widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, update, milestones, measures, submitting=False, **kwargs):
        self.update, self.milestones, self.measures, self.submitting = update, milestones, measures, submitting
        initial = {"rag": update.rag, "reason": update.reason, "narrative": update.narrative}
        for milestone in milestones:
            initial[f"milestone_{milestone.pk}"] = update.milestone_statuses.get(str(milestone.pk), milestone.status)
        for measure in measures:
            initial[f"actual_{measure.pk}"] = update.actuals.get(str(measure.pk))
        super().__init__(*args, initial=initial, **kwargs)
        for milestone in milestones:
            self.fields[f"milestone_{milestone.pk}"] = forms.ChoiceField(
                label=milestone.description, choices=Milestone.Status.choices, required=False)
        for measure in measures:
            self.fields[f"actual_{measure.pk}"] = forms.FloatField(
                label=measure.what, required=False,
                error_messages={"invalid": f"Enter the actual for '{measure.what}' as a number, like 42 or 3.5"})

    def milestone_fields(self):
        return [(m, self[f"milestone_{m.pk}"]) for m in self.milestones]

    def measure_fields(self):
        return [(m, self[f"actual_{m.pk}"]) for m in self.measures]

    def clean(self):
        data = super().clean()
        rag = data.get("rag")
        if not self.submitting:
            return data
        if rag in Update.NEEDS_REASON and not data.get("reason", "").strip():
            self.add_error("reason", f"Give the reason for the {ProgressUpdate.Rag(rag).label.lower()} rating")
        if not rag:
            self.add_error("rag", "Select a RAG rating: red, amber or green")
        if not data.get("narrative", "").strip():
            self.add_error("narrative", "Write what has happened this period")
        for measure in self.measures:
            name = f"actual_{measure.pk}"
            if data.get(name) is None and name not in self.errors:
                self.add_error(name, f"Enter the actual for '{measure.what}'")
        return data

    def to_data(self):
        data = self.cleaned_data
        return {
            "rag": data.get("rag", ""), "reason": data.get("reason", "").strip(),
            "narrative": data.get("narrative", "").strip(),
            "milestone_statuses": {m.pk: data[f"milestone_{m.pk}"] for m in self.milestones
                                   if data.get(f"milestone_{m.pk}")},
            "actuals": {m.pk: data.get(f"actual_{m.pk}") for m in self.measures},
        }
