from django.urls import path

from . import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("themes/<int:number>/", views.ThemeDetailView.as_view(), name="theme-detail"),
    path("boards/<slug:slug>/", views.BoardDetailView.as_view(), name="board-detail"),
    path("places/<slug:slug>/", views.PlaceDetailView.as_view(), name="place-detail"),
    path("gaps/", views.GapListView.as_view(), name="gap-list"),
    path("coherence/", views.CoherenceView.as_view(), name="coherence"),
    path("framework/", views.FrameworkView.as_view(), name="framework"),
]
