from django import forms


def nhs_styled(form):
    """Give a form's widgets the NHS.UK frontend classes; returns the form."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "nhsuk-select")
        elif isinstance(widget, forms.FileInput):
            widget.attrs.setdefault("class", "nhsuk-file-upload")
        else:
            widget.attrs.setdefault("class", "nhsuk-input")
    return form


class StyledFilterMixin:
    """For django-filter FilterSets: the filter form in NHS.UK style."""

    @property
    def form(self):
        return nhs_styled(super().form)
