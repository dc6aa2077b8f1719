import django_tables2 as tables

from .models import IndicatorValue


class IndicatorTable(tables.Table):
    number = tables.Column(verbose_name="No.")
    title = tables.Column(verbose_name="Indicator", linkify=lambda record: record["url"])
    theme = tables.Column()
    status = tables.Column()
    breakdown = tables.Column(verbose_name="Shown for")
    latest_period = tables.Column(verbose_name="Latest period", default="No data")
    better = tables.Column(verbose_name="Places better than England", default="-")
    similar = tables.Column(verbose_name="Similar", default="-")
    worse = tables.Column(verbose_name="Worse", default="-")
    not_compared = tables.Column(verbose_name="Not compared", default="-")
    last_updated = tables.DateTimeColumn(verbose_name="Data last loaded", format="j M Y", default="Never")

    class Meta:
        orderable = False
        attrs = {"class": "nhsuk-table indicator-table"}


class IndicatorValueTable(tables.Table):
    """Every figure behind an indicator page, for download."""

    indicator = tables.Column(accessor="indicator__number", verbose_name="Indicator number")
    area = tables.Column(accessor="area__name", verbose_name="Area")
    area_code = tables.Column(accessor="area__code", verbose_name="Area code")
    illustrative = tables.Column(accessor="upload__kind", verbose_name="Source")

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "area", "area_code", "period", "sex", "age", "value", "lower_ci", "upper_ci",
                  "count", "denominator", "value_note", "illustrative"]
        orderable = False

    def value_illustrative(self, record):
        if record.upload_id and record.upload.is_illustrative:
            return "ILLUSTRATIVE DATA, NOT OFFICIAL STATISTICS"
        return record.upload.file_name if record.upload_id else ""
