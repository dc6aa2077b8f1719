from django import forms

from atf_portal.framework.models import Theme

from .gaps import GapKind, Owner, Severity


class GapFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of gap", required=False, choices=[("", "All kinds"), *GapKind.choices])
    theme = forms.ModelChoiceField(queryset=Theme.objects.all(), required=False, empty_label="All themes")
    severity = forms.ChoiceField(label="How soon", required=False, choices=[("", "Any"), *Severity.choices])
    owner = forms.ChoiceField(label="Whose move", required=False, choices=[("", "Anyone"), *Owner.choices])


class CoherenceFilterForm(forms.Form):
    """The coherence matrix narrowed to one theme; the choices are the matrix's own themes (no query of its own)."""

    theme = forms.TypedChoiceField(label="Theme", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        named = [(theme.number, f"Theme {theme.number}: {theme.title}") for theme in themes]
        self.fields["theme"].choices = [("", "All themes"), *named]
