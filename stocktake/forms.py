from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from atf_portal.forms import nhs_styled
from places.models import Area


class StocktakeUploadForm(forms.Form):
    file = forms.FileField(label="Stocktake workbook (.xlsx)")
    place = forms.ModelChoiceField(
        queryset=Area.objects.places(), required=False, empty_label="The workbook says",
        label="Place (for one Place's return)",
        help_text="Only needed when a single Place's return does not name the Place.",
    )

    def __init__(self, *args, lead_place=None, **kwargs):
        super().__init__(*args, **kwargs)
        if lead_place:  # a Marmot lead uploads for their own Place only
            del self.fields["place"]
        nhs_styled(self)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"{upload.name} is {filesizeformat(upload.size)}; the largest file accepted is "
                f"{filesizeformat(settings.MAX_UPLOAD_BYTES)}."
            )
        return upload
