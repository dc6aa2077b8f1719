"""The hub's filters: search, theme, recommendation, Place, kind and verdict."""

import django_filters
from django.db.models import Q

from atf_portal.core.forms import search_filter
from atf_portal.framework.models import MarmotRecommendation, Theme
from places.models import Area

from .models import EvidenceRecord, Kind, Verdict
from .search import search


class EvidenceFilter(django_filters.FilterSet):
    q = search_filter(label="Search titles, findings and methods", method="search_words")
    theme = django_filters.ModelChoiceFilter(queryset=Theme.objects.all(), empty_label="All themes", label="Theme",
                                             method="by_theme")
    recommendation = django_filters.ModelChoiceFilter(
        field_name="recommendations", label="Marmot recommendation", empty_label="All recommendations",
        queryset=MarmotRecommendation.objects.select_related("theme"))
    place = django_filters.ModelChoiceFilter(field_name="places", queryset=Area.objects.places(),
                                             empty_label="All Places", label="Place")
    kind = django_filters.ChoiceFilter(choices=Kind.choices, empty_label="Any kind")
    verdict = django_filters.ChoiceFilter(choices=Verdict.choices, empty_label="Any verdict")

    class Meta:
        model = EvidenceRecord
        fields = ["q", "theme", "recommendation", "place", "kind", "verdict"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["recommendation"].field.label_from_instance = lambda r: f"{r.reference} {r.text[:80]}"

    def search_words(self, queryset, name, value):
        return search(queryset, value)

    def by_theme(self, queryset, name, value):
        return queryset.filter(Q(recommendations__theme=value) | Q(programmes__theme=value)).distinct()
