"""The one form every kind's sign-off shares: the reason a return goes back to whoever made it."""

from django import forms


class ReturnReasonForm(forms.Form):
    return_reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["return_reason"]
        field.label = f"Why it is returned (the {kind.lead_noun} sees this)"
        field.error_messages["required"] = f"Give the reason for returning the {kind.noun}"
