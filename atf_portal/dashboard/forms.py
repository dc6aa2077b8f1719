from django import forms
from django.utils import timezone

from .gaps import GapKind, gaps
from .models import FlagAcknowledgement
from .triage import fingerprint


class AcknowledgeForm(forms.Form):
    """The business team acknowledges one flag, raised now, until a review date."""

    kind = forms.ChoiceField(choices=GapKind.choices, widget=forms.HiddenInput)
    object_key = forms.CharField(required=False, max_length=60, widget=forms.HiddenInput)
    reason = forms.CharField(label="Why it can wait", widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="Shown beside the flag on every page that counts it.")
    review_on = forms.DateField(label="Review date", widget=forms.DateInput(attrs={"type": "date"}),
                                help_text="The flag counts as open again from this day, or sooner if its facts change.")

    def clean_review_on(self):
        review_on = self.cleaned_data["review_on"]
        if review_on <= timezone.localdate():
            raise forms.ValidationError("The review date must be after today.")
        return review_on

    def clean(self):
        data = super().clean()
        if "kind" in data:
            self.flag = next((f for f in gaps(kinds=[data["kind"]]) if f.object_key == data.get("object_key", "")),
                             None)
            if self.flag is None:
                raise forms.ValidationError("This flag is no longer raised, so there is nothing to acknowledge.")
        return data

    def save(self, user):
        flag = self.flag
        FlagAcknowledgement.objects.update_or_create(
            kind=flag.kind, object_key=flag.object_key,
            defaults={"fingerprint": fingerprint(flag), "sentence": flag.sentence, "by": user,
                      "reason": self.cleaned_data["reason"], "review_on": self.cleaned_data["review_on"]})
        return flag
