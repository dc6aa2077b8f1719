import django_tables2 as tables
from django.utils.html import format_html


class GapTable(tables.Table):
    kind = tables.Column(accessor="kind_label", verbose_name="Kind of gap")
    theme = tables.Column(verbose_name="Theme", default="Above the themes")
    subject = tables.Column(linkify=lambda record: record.url)
    sentence = tables.Column(verbose_name="What it means")
    fix = tables.Column(empty_values=(), verbose_name="Fix it", exclude_from_export=True)

    class Meta:
        orderable = False
        attrs = {"class": "nhsuk-table gap-table"}
        empty_text = "No gaps found for these filters."

    def render_fix(self, record):
        return format_html('<a href="{}">Fix in the admin<span class="nhsuk-u-visually-hidden">: {}</span></a>',
                           record.fix_url, record.subject)
