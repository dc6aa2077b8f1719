import django_filters
from django import forms
from django.conf import settings
from django.forms.renderers import TemplatesSetting
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


class NHSFormRenderer(TemplatesSetting):
    """Renders every form and field in NHS.UK markup: `{{ form }}` and `{{ field.as_field_group }}` use the one field
    template, and widgets render through the project's templates so templates/django/forms/ can override them."""

    form_template_name = "nhsuk/forms/form.html"
    field_template_name = "nhsuk/forms/field.html"


def widget_class(field):
    """The design system's class for a bound field's widget, with its error modifier when the field has errors."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "nhsuk-checkboxes__input"
    if isinstance(widget, forms.FileInput):  # the file input has no error style of its own
        return "nhsuk-file-upload"
    if isinstance(widget, forms.Select):
        base = "nhsuk-select"
    elif isinstance(widget, forms.Textarea):
        base = "nhsuk-textarea"
    else:
        base = "nhsuk-input"
    return f"{base} {base}--error" if field.errors else base


def described_by(field, has_hint):
    """The ids of the hint and the error message shown with a field, for its aria-describedby."""
    ids = [f"{field.auto_id}-hint"] if has_hint else []
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


def nhsuk_widget(field, describedby="", extra_class=""):
    """A bound field's widget with the design system's classes (after any class the widget sets itself)."""
    widget = field.field.widget
    classes = [widget.attrs.get("class", ""), widget_class(field), extra_class]
    attrs = {"class": " ".join(c for c in classes if c)}
    if describedby:
        attrs["aria-describedby"] = describedby
    if isinstance(widget, forms.NumberInput):
        # The design system asks for numbers in a text input: a number input rounds, steps and scrolls them.
        whole = isinstance(field.field, forms.IntegerField) and not isinstance(field.field, forms.FloatField)
        mode = "numeric" if whole else "decimal"
        kept = {name: value for name, value in widget.attrs.items() if name not in ("step", "min", "max")}
        widget = forms.TextInput(attrs={**kept, "inputmode": mode})
    return field.as_widget(widget=widget, attrs=attrs)


SEARCH_MAX_LENGTH = 200


def search_filter(**kwargs):
    """A search box's filter. An over-long term is refused with a message: nobody searches for more than a sentence,
    and a pattern of thousands of characters makes the database refuse the query (SQLite: "too complex")."""
    return django_filters.CharFilter(max_length=SEARCH_MAX_LENGTH, error_messages={
        "max_length": "Search for %(limit_value)d characters or fewer (this search has %(show_value)d)."}, **kwargs)
