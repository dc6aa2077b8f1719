from django import forms

from atf_portal.framework.models import Theme

from .gaps import GapKind


class GapFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of gap", required=False, choices=[("", "All kinds"), *GapKind.choices])
    theme = forms.ModelChoiceField(queryset=Theme.objects.all(), required=False, empty_label="All themes")
