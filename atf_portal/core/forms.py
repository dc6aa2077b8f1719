import django_filters
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat


def size_problem(name, size):
    """The message for a file over the upload limit, or None when it is within it."""
    if size > settings.MAX_UPLOAD_BYTES:
        limit = filesizeformat(settings.MAX_UPLOAD_BYTES)
        return f"{name} is {filesizeformat(size)}; the largest file accepted is {limit}."
    return None


class UploadFormMixin:
    """A form with a `file` field that refuses files over MAX_UPLOAD_BYTES before reading them."""

    def clean_file(self):
        upload = self.cleaned_data["file"]
        problem = size_problem(upload.name, upload.size)
        if problem:
            raise forms.ValidationError(problem)
        return upload


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


SEARCH_MAX_LENGTH = 200


def search_filter(**kwargs):
    """A search box's filter. An over-long term is refused with a message: nobody searches for more than a sentence,
    and a pattern of thousands of characters makes the database refuse the query (SQLite: "too complex")."""
    return django_filters.CharFilter(max_length=SEARCH_MAX_LENGTH, error_messages={
        "max_length": "Search for %(limit_value)d characters or fewer (this search has %(show_value)d)."}, **kwargs)
