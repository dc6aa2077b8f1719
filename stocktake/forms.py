from django import forms

from atf_portal.core.forms import UploadFormMixin
from places.models import Area


class StocktakeUploadForm(UploadFormMixin, forms.Form):
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
