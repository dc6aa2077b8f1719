import django_filters

from atf_portal.core.forms import search_filter
from places.models import Area

from .models import Activity


class ActivityFilter(django_filters.FilterSet):
    q = search_filter(field_name="text", lookup_expr="icontains", label="Search activity text")
    level = django_filters.ModelChoiceFilter(
        queryset=Area.objects.levels(), empty_label="All levels",
    )
    row_kind = django_filters.ChoiceFilter(choices=Activity.RowKind.choices, empty_label="All rows", label="Row")
    row_number = django_filters.NumberFilter(label="Row number")

    class Meta:
        model = Activity
        fields = ["q", "level", "row_kind", "row_number"]
