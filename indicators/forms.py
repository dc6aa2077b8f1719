from django import forms

from atf_portal.core.forms import UploadFormMixin


class UploadForm(UploadFormMixin, forms.Form):
    file = forms.FileField(
        label="Indicator file",
        help_text="A Fingertips CSV export, or the portal template as CSV or XLSX.",
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
    )
