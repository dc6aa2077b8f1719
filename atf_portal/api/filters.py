import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from atf_portal.outcomes.models import OutcomesReport
from indicators.models import IndicatorValue
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


class ValueFilter(django_filters.FilterSet):
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


class UpdateFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=Update.State.choices)
    programme = WholeNumberFilter(field_name="programme_id", help_text="The programme's id.")

    class Meta:
        model = Update
        fields = []


class OutcomesReportFilter(django_filters.FilterSet):
    year = WholeNumberFilter()
    version = WholeNumberFilter()

    class Meta:
        model = OutcomesReport
        fields = []
