from django.urls import path

from . import views

urlpatterns = [
    path("programmes/", views.ProgrammeListView.as_view(), name="programme-list"),
    path("programmes/<int:pk>/", views.ProgrammeDetailView.as_view(), name="programme-detail"),
    path("monitoring/", views.MonitoringView.as_view(), name="monitoring"),
    path("actions/", views.ActionListView.as_view(), name="action-list"),
]
