from django.urls import path

from . import triage_views, views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("themes/<int:number>/", views.ThemeDetailView.as_view(), name="theme-detail"),
    path("boards/<slug:slug>/", views.BoardDetailView.as_view(), name="board-detail"),
    path("places/<slug:slug>/", views.PlaceDetailView.as_view(), name="place-detail"),
    path("gaps/", triage_views.GapListView.as_view(), name="gap-list"),
    path("gaps/acknowledge/", triage_views.AcknowledgeView.as_view(), name="gap-acknowledge"),
    path("since/", triage_views.SinceView.as_view(), name="since"),
    path("coherence/", views.CoherenceView.as_view(), name="coherence"),
    path("framework/", views.FrameworkView.as_view(), name="framework"),
]
