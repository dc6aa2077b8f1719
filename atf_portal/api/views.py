"""The open data API, read-only. Public figures to anyone (throttled per address); the signed-in portal's data
(returns and approved updates, gap flags) only to a token (or session) whose owner reads the portal, under the
same rules as the pages."""

from django.db.models import Q
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, viewsets
from rest_framework.response import Response

from atf_portal.core.access import access_of
from atf_portal.dashboard.coherence import themes_with_figures
from atf_portal.dashboard.gaps import gaps
from atf_portal.framework.models import MarmotRecommendation, SystemRecommendation, Theme
from atf_portal.outcomes.models import OutcomesReport
from indicators.models import Indicator, IndicatorSummary, IndicatorValue, Upload
from places.models import Area
from programmes.models import Programme
from programmes.reporting.models import Update

from . import serializers
from .filters import OutcomesReportFilter, SummaryFilter, UpdateFilter, ValueFilter
from .http import ApiView


class ReadsPortal(permissions.BasePermission):
    """The pages' rule: every role reads the portal, an outsider does not (atf_portal/core/access.py)."""

    message = "A personal API token of someone who reads the portal is needed for this."

    def has_permission(self, request, view):
        return access_of(request.user).reads_portal


class PublicViewSet(ApiView, viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.AllowAny]


class ThemeViewSet(PublicViewSet):
    """The eight Marmot themes with their recommendations."""

    queryset = Theme.objects.prefetch_related("recommendations__theme")
    serializer_class = serializers.ThemeSerializer
    lookup_field = "number"


class RecommendationViewSet(PublicViewSet):
    """The Marmot report's recommendations, each under its theme."""

    queryset = MarmotRecommendation.objects.select_related("theme")
    serializer_class = serializers.RecommendationSerializer


class SystemRecommendationViewSet(PublicViewSet):
    queryset = SystemRecommendation.objects.all()
    serializer_class = serializers.SystemRecommendationSerializer
    lookup_field = "number"


class IndicatorViewSet(PublicViewSet):
    """The 22 Beacon Indicators with their metadata and the decisions taken about them."""

    queryset = Indicator.objects.select_related("theme")
    serializer_class = serializers.IndicatorSerializer
    lookup_field = "number"


class ValueViewSet(PublicViewSet):
    """Every published value (official sources only; never illustrative ones). Filter, page through, or ask for
    CSV with `?format=csv`."""

    queryset = (IndicatorValue.objects.exclude(upload__kind=Upload.Kind.ILLUSTRATIVE)
                .select_related("indicator", "area").order_by("indicator__number", "period_start", "area__code",
                                                                "sex", "age", "category_type", "category", "pk"))
    serializer_class = serializers.ValueSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ValueFilter


class SummaryViewSet(PublicViewSet):
    """Each indicator's stored summary: comparison, trend, change since the baseline and inequality per Place, and
    Cheshire and Merseyside. Summaries drawn from illustrative values are left out."""

    queryset = IndicatorSummary.objects.filter(illustrative=False).select_related("indicator")
    serializer_class = serializers.SummarySerializer
    filterset_class = SummaryFilter

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "places": list(Area.objects.places())}


class ProgrammeViewSet(PublicViewSet):
    """The Delivery Plan's programmes with their public links."""

    queryset = Programme.objects.select_related("theme").prefetch_related(
        "boards", "partners", "ambitions", "indicators", "recommendations__theme", "system_recommendations", "places")
    serializer_class = serializers.ProgrammeSerializer


class CoherenceViewSet(PublicViewSet):
    """Each theme's coherence figures: recommendations, indicators and programmes, and how far they join up."""

    queryset = themes_with_figures()
    serializer_class = serializers.CoherenceSerializer
    lookup_field = "number"


class OutcomesReportViewSet(PublicViewSet):
    """Every published version of the annual outcomes report; one report holds its frozen content."""

    queryset = OutcomesReport.objects.all()
    filterset_class = OutcomesReportFilter

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.OutcomesReportDetailSerializer
        return serializers.OutcomesReportSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset if self.action == "retrieve" else queryset.defer("content")


class UpdateViewSet(ApiView, viewsets.ReadOnlyModelViewSet):
    """Programme returns: approved ones to everyone who reads the portal; drafts, submitted and returned ones only
    to their lead and the business team (programmes/reporting/access.py)."""

    public = False
    permission_classes = [ReadsPortal]
    serializer_class = serializers.UpdateSerializer
    filterset_class = UpdateFilter

    def get_queryset(self):
        updates = Update.objects.select_related("programme", "period")
        access = access_of(self.request.user)
        if access.is_business_team:
            return updates
        return updates.filter(Q(state=Update.State.APPROVED) | Q(programme_id__in=access.led_programme_ids))


class GapListView(ApiView, generics.GenericAPIView):
    """The gap flags the portal's Gaps page lists."""

    public = False
    permission_classes = [ReadsPortal]
    serializer_class = serializers.GapFlagSerializer
    pagination_class = None
    filter_backends = []

    @extend_schema(responses=serializers.GapFlagSerializer(many=True))
    def get(self, request):
        return Response(self.get_serializer(gaps(), many=True).data)
