import django_filters
from django import forms
from django.db.models import Q
from django_filters.widgets import BooleanWidget

from atf_portal.core.forms import search_filter
from atf_portal.framework.models import HeadlineAmbition, Theme

from .models import Action, Board, Programme


class AnyYesNo(BooleanWidget):
    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", "Any"), ("true", "Yes"), ("false", "No")]


class ProgrammeFilter(django_filters.FilterSet):
    q = search_filter(label="Search", method="search")
    theme = django_filters.ModelChoiceFilter(queryset=Theme.objects.all(), empty_label="All themes")
    board = django_filters.ModelChoiceFilter(
        field_name="boards", queryset=Board.objects.all(), label="Accountable board", empty_label="All boards"
    )
    ambition = django_filters.ModelChoiceFilter(
        field_name="ambitions", queryset=HeadlineAmbition.objects.all(), label="Headline ambition",
        empty_label="All ambitions",
    )
    status = django_filters.ChoiceFilter(choices=Programme.Status.choices, empty_label="Any status")
    hcp_led = django_filters.BooleanFilter(label="HCP-led", widget=AnyYesNo)
    linked = django_filters.BooleanFilter(
        label="Linked to a Beacon Indicator", method="filter_linked", widget=AnyYesNo
    )

    class Meta:
        model = Programme
        fields = ["q", "theme", "board", "ambition", "status", "hcp_led", "linked"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(outline__icontains=value) | Q(outcomes__icontains=value)
            | Q(measures__icontains=value) | Q(partners_text__icontains=value)
        )

    def filter_linked(self, queryset, name, value):
        return queryset.linked() if value else queryset.unlinked()


class ThemeProgrammeFilter(ProgrammeFilter):
    """The programme filters on a theme's own page, where choosing a theme makes no sense."""

    theme = None

    class Meta(ProgrammeFilter.Meta):
        fields = [name for name in ProgrammeFilter.Meta.fields if name != "theme"]


class MonitoringFilterForm(forms.Form):
    board = forms.ModelChoiceField(queryset=Board.objects.all(), required=False, empty_label="All boards",
                                   label="Accountable board")
    status = forms.ChoiceField(choices=[("", "Any status"), *Programme.Status.choices], required=False)


class ActionFilter(django_filters.FilterSet):
    meeting_date = django_filters.ChoiceFilter(label="Meeting", empty_label="All meetings")
    owner = django_filters.ChoiceFilter(label="Owner", empty_label="All owners")
    status = django_filters.ChoiceFilter(choices=Action.Status.choices, empty_label="Open and closed")

    class Meta:
        model = Action
        fields = ["meeting_date", "owner", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        dates = Action.objects.order_by("-meeting_date").values_list("meeting_date", flat=True).distinct()
        self.filters["meeting_date"].extra["choices"] = [(d.isoformat(), f"{d:%d %B %Y}") for d in dates]
        owners = Action.objects.order_by("owner").values_list("owner", flat=True).distinct()
        self.filters["owner"].extra["choices"] = [(owner, owner) for owner in owners]
