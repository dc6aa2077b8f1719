import django_tables2 as tables
from django.utils.html import format_html


class GapTable(tables.Table):
    """Every filtered flag, for the download (the page itself shows them grouped by kind)."""

    kind = tables.Column(accessor="kind_label", verbose_name="Kind of gap")
    severity = tables.Column(accessor="severity_label", verbose_name="How soon")
    owner = tables.Column(accessor="owner_label", verbose_name="Whose move")
    theme = tables.Column(verbose_name="Theme", default="Above the themes")
    subject = tables.Column(linkify=lambda record: record.url)
    sentence = tables.Column(verbose_name="What it means")
    acknowledged = tables.Column(empty_values=(), verbose_name="Acknowledged")
    fix = tables.Column(empty_values=(), verbose_name="Fix it", exclude_from_export=True)

    class Meta:
        orderable = False
        attrs = {"class": "nhsuk-table gap-table"}
        empty_text = "No gaps found for these filters."

    def render_acknowledged(self, record):
        ack = record.acknowledgement
        return f"Until {ack.review_on:%d %B %Y}: {ack.reason}" if ack else ""

    value_acknowledged = render_acknowledged

    def render_fix(self, record):
        return format_html('<a href="{}">Fix in the admin<span class="nhsuk-u-visually-hidden">: {}</span></a>',
                           record.fix_url, record.subject)
