import django_filters

from indicators.models import IndicatorValue
from places.models import Area


class ValueFilter(django_filters.FilterSet):
    indicator = django_filters.NumberFilter(field_name="indicator__number", help_text="The indicator's number.")
    area = django_filters.CharFilter(field_name="area__code", help_text="The area's ONS code, e.g. E08000012.")
    area_type = django_filters.ChoiceFilter(field_name="area__kind", choices=Area.Kind.choices)
    period = django_filters.CharFilter(help_text='As published, e.g. "2021 - 23".')
    period_from = django_filters.NumberFilter(field_name="period_start", lookup_expr="gte",
                                              help_text="Periods starting in this year or later.")
    sex = django_filters.CharFilter()
    age = django_filters.CharFilter()
    breakdown = django_filters.CharFilter(field_name="category_type",
                                          help_text="A Category Type, e.g. deprivation deciles.")
    category = django_filters.CharFilter()

    class Meta:
        model = IndicatorValue
        fields = []
