import django_filters

from atf_portal.framework.models import Theme

from .models import Indicator


class IndicatorFilter(django_filters.FilterSet):
    theme = django_filters.ModelChoiceFilter(queryset=Theme.objects.all(), empty_label="All themes")
    status = django_filters.ChoiceFilter(choices=Indicator.Status.choices, empty_label="Any status")

    class Meta:
        model = Indicator
        fields = ["theme", "status"]
