from django import forms

from atf_portal.framework.models import Theme

from .gaps import GapKind, Owner, Severity


class GapFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of gap", required=False, choices=[("", "All kinds"), *GapKind.choices])
    theme = forms.ModelChoiceField(queryset=Theme.objects.all(), required=False, empty_label="All themes")
    severity = forms.ChoiceField(label="How soon", required=False, choices=[("", "Any"), *Severity.choices])
    owner = forms.ChoiceField(label="Whose move", required=False, choices=[("", "Anyone"), *Owner.choices])
