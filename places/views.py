from django.contrib.auth.mixins import PermissionRequiredMixin
from django.views.generic import DetailView

from indicators.models import Indicator
from programmes.models import Programme, Theme
from stocktake.services import place_activity

from .models import Area


class PlaceDetailView(PermissionRequiredMixin, DetailView):
    """One Place against England and the North West on every indicator, and the programmes covering it."""

    permission_required = "programmes.view_programme"
    template_name = "places/place_detail.html"
    context_object_name = "place"

    def get_queryset(self):
        return Area.objects.places().select_related("parent")

    def get_context_data(self, **kwargs):
        indicators = list(Indicator.objects.with_summary())
        rows = [(i, i.summary.for_place(self.object) if i.summary else None) for i in indicators]
        activity = place_activity(self.object)
        return super().get_context_data(
            rows=rows,
            stocktake=[(theme, activity.get(("theme", theme.number), 0)) for theme in Theme.objects.all()],
            stocktake_total=sum(activity.values()),
            programmes=Programme.objects.filter(places=self.object).select_related("theme"),
            system_wide=Programme.objects.filter(places__isnull=True).count(),
            illustrative=any(i.summary and i.summary.illustrative for i in indicators),
            **kwargs,
        )
