from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import APIRootView, DefaultRouter

from . import pages, views
from .http import ApiView


class Root(ApiView, APIRootView):
    """The API's index: a link to each list."""


router = DefaultRouter(trailing_slash=True, use_regex_path=False)
router.APIRootView = Root
router.include_format_suffixes = False
router.register("themes", views.ThemeViewSet, basename="theme")
router.register("recommendations", views.RecommendationViewSet, basename="recommendation")
router.register("system-recommendations", views.SystemRecommendationViewSet, basename="system-recommendation")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("values", views.ValueViewSet, basename="value")
router.register("summaries", views.SummaryViewSet, basename="summary")
router.register("programmes", views.ProgrammeViewSet, basename="programme")
router.register("coherence", views.CoherenceViewSet, basename="coherence")
router.register("outcomes", views.OutcomesReportViewSet, basename="outcomes-report")
router.register("updates", views.UpdateViewSet, basename="update")

v1 = [
    *router.urls,
    path("gaps/", views.GapListView.as_view(), name="gap-list"),
    path("schema/", login_not_required(SpectacularAPIView.as_view()), name="schema"),
    re_path(r"^.*$", pages.not_found),  # any other address under the API: a JSON 404, not the portal's page
]

urlpatterns = [
    path("", pages.docs, name="api-docs"),
    path("tokens/", pages.tokens, name="api-tokens"),
    path("tokens/<int:pk>/revoke/", pages.revoke, name="api-token-revoke"),
    path("v1/", include((v1, "api"), namespace="api")),
]
