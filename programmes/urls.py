from django.urls import path

from . import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("themes/<int:number>/", views.ThemeDetailView.as_view(), name="theme-detail"),
    path("programmes/", views.ProgrammeListView.as_view(), name="programme-list"),
    path("programmes/<int:pk>/", views.ProgrammeDetailView.as_view(), name="programme-detail"),
    path("boards/<slug:slug>/", views.BoardDetailView.as_view(), name="board-detail"),
    path("gaps/", views.GapListView.as_view(), name="gap-list"),
    path("monitoring/", views.MonitoringView.as_view(), name="monitoring"),
    path("actions/", views.ActionListView.as_view(), name="action-list"),
]
