import django_tables2 as tables

from .models import Activity


class ActivityTable(tables.Table):
    level = tables.Column(accessor="level__name")
    row_kind = tables.Column(verbose_name="Row")
    row_number = tables.Column(verbose_name="Number")
    text = tables.Column(verbose_name="Activity")
    cell = tables.Column(verbose_name="Cell")
    upload = tables.Column(accessor="upload__file_name", verbose_name="From upload")

    class Meta:
        model = Activity
        fields = ["level", "row_kind", "row_number", "text", "cell", "upload"]
        attrs = {"class": "nhsuk-table activity-table"}
        empty_text = "No activity matches these filters."
