import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from atf_portal.outcomes.models import OutcomesReport
from indicators.models import IndicatorSummary, IndicatorValue
from places.models import Area
from programmes.reporting.models import Update

LARGEST = 2**63 - 1  # the largest integer a database column holds


@extend_schema_field(OpenApiTypes.INT)
class WholeNumberFilter(django_filters.NumberFilter):
    """A whole number; one that no row can have (beyond what the database holds) matches nothing, rather than
    failing."""

    field_class = forms.IntegerField

    def filter(self, qs, value):
        if value is not None and not -LARGEST <= value <= LARGEST:
            return qs.none()
        return super().filter(qs, value)


# What django-filter's BooleanWidget reads as a yes or a no; it reads anything else ("null", "yes") as absent.
BOOLEANS = {"true", "false", "1", "0"}


class StrictFilterSet(django_filters.FilterSet):
    """A choice or number parameter sent with no value is refused (400), not read as absent: a script sending
    `state=` by mistake is told, rather than given every row (and the schema, which allows no empty value, holds).
    So is a yes-or-no parameter that is neither."""

    def is_valid(self):
        valid = super().is_valid()
        empty = [name for name, found in self.filters.items()
                 if not isinstance(found, django_filters.CharFilter) and self.data.get(name, None) == ""]
        for name in empty:
            self.form.add_error(name, "Give a value, or leave the parameter out.")
        neither = [name for name, found in self.filters.items() if name not in empty
                   and isinstance(found, django_filters.BooleanFilter) and name in self.data
                   and str(self.data[name]).lower() not in BOOLEANS]
        for name in neither:
            self.form.add_error(name, "Give true or false, or leave the parameter out.")
        return valid and not empty and not neither


class ValueFilter(StrictFilterSet):
    indicator = WholeNumberFilter(field_name="indicator__number", help_text="The indicator's number.")
    area = django_filters.CharFilter(field_name="area__code", help_text="The area's ONS code, e.g. E08000012.")
    area_type = django_filters.ChoiceFilter(field_name="area__kind", choices=Area.Kind.choices)
    period = django_filters.CharFilter(help_text='As published, e.g. "2021 - 23".')
    period_from = WholeNumberFilter(field_name="period_start", lookup_expr="gte",
                                              help_text="Periods starting in this year or later.")
    sex = django_filters.CharFilter()
    age = django_filters.CharFilter()
    breakdown = django_filters.CharFilter(field_name="category_type",
                                          help_text="A Category Type, e.g. deprivation deciles.")
    category = django_filters.CharFilter()

    class Meta:
        model = IndicatorValue
        fields = []


class UpdateFilter(StrictFilterSet):
    state = django_filters.ChoiceFilter(choices=Update.State.choices)
    programme = WholeNumberFilter(field_name="programme_id", help_text="The programme's id.")

    class Meta:
        model = Update
        fields = []


class SummaryFilter(StrictFilterSet):
    is_default = django_filters.BooleanFilter(
        help_text="Only each indicator's main figure (true), or only its other sexes and ages (false).")

    class Meta:
        model = IndicatorSummary
        fields = []


class OutcomesReportFilter(StrictFilterSet):
    year = WholeNumberFilter()
    version = WholeNumberFilter()

    class Meta:
        model = OutcomesReport
        fields = []
