"""NHS.UK design system components: a form field's widget, the error summary, breadcrumbs and a table."""

import re

from django import forms, template
from django.template.base import token_kwargs
from django.template.loader import render_to_string
from django.urls import reverse

from atf_portal.core import forms as nhsuk_forms

register = template.Library()

register.filter("described_by", nhsuk_forms.described_by)
register.simple_tag(nhsuk_forms.nhsuk_widget)


@register.filter
def choice_kind(field):
    """'radios' or 'checkboxes' for a field chosen from a list of options laid out in a fieldset, else ''."""
    widget = field.field.widget
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    return ""


@register.filter
def option_id(choice, field):
    """An option's id; the first takes the field's own, so the error summary's link to the field lands on it."""
    return field.auto_id if str(choice.data["index"]) == "0" else choice.id_for_label


@register.filter
def is_checkbox(field):
    return isinstance(field.field.widget, forms.CheckboxInput)


# For an attribute value too long for one line of a template, written over several inside {% filter ... %}.
@register.filter(is_safe=True)
def joinlines(value):
    """Each line break and the indent after it dropped: for a link, where a space would change it."""
    return re.sub(r"\n\s*", "", value)


@register.filter(is_safe=True)
def squash(value):
    """Each run of whitespace made one space, as a screen reader reads it: for words, such as an aria-label."""
    return " ".join(value.split())


@register.inclusion_tag("nhsuk/error_summary.html")
def error_summary(form=None, errors=(), title="There is a problem", intro="", limit=None):
    """One error summary for a form's errors (each linked to its field) and for messages with no field, such as an
    import's problems (`errors`, a message or a list of them); `limit` shows at most that many and counts the rest."""
    items = [(str(message), "") for message in ([errors] if isinstance(errors, str) else errors)]
    if form is not None:
        # An error of the whole form (a wrong password, say) links to its first field, where the answer starts.
        first = next(iter(form.visible_fields()), None)
        start = f"#{first.id_for_label or first.auto_id}" if first else ""
        items += [(str(message), start) for message in form.non_field_errors()]
        for field in form:
            anchor = f"#{field.id_for_label or field.auto_id}"
            items += [(str(message), anchor) for message in field.errors]
    shown = items[:limit] if limit else items
    return {"items": shown, "more": len(items) - len(shown), "title": title, "intro": intro}


@register.inclusion_tag("nhsuk/breadcrumbs.html")
def breadcrumbs(*trail, current=""):
    """Home, then each (label, link) pair of `trail`, then the current page. A link is a path or a URL name."""
    crumbs = [("Home", reverse("home"))]
    for label, link in zip(trail[::2], trail[1::2], strict=True):
        crumbs.append((label, link if "/" in link else reverse(link)))
    return {"crumbs": crumbs, "current": current}


@register.tag
def table(parser, token):
    """{% table "Header" ... caption=... label=... classes=... id=... %}rows{% endtable %}: an NHS.UK table with
    its caption and a row of column headers (`hidden` adds a last one only screen readers hear), the rows between
    the tags as its body. With no headers the rows bring their own head and bodies. A `label` puts the table in a
    scrolling region of that name."""
    bits = token.split_contents()[1:]
    headers = [parser.compile_filter(bit) for bit in bits if "=" not in bit]
    options = token_kwargs([bit for bit in bits if "=" in bit], parser)
    nodelist = parser.parse(("endtable",))
    parser.delete_first_token()
    return TableNode(headers, options, nodelist)


class TableNode(template.Node):
    def __init__(self, headers, options, nodelist):
        self.headers, self.options, self.nodelist = headers, options, nodelist

    def render(self, context):
        values = {name: value.resolve(context) for name, value in self.options.items()}
        values["headers"] = [header.resolve(context) for header in self.headers]
        values["rows"] = self.nodelist.render(context)
        return render_to_string("nhsuk/table.html", values)
