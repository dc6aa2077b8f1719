from django.urls import path

from . import views

urlpatterns = [
    path("reporting/", views.ReportingHomeView.as_view(), name="reporting-home"),
    path("reporting/review/", views.ReviewQueueView.as_view(), name="reporting-review"),
    path("reporting/<int:period>/programmes/<int:programme>/", views.ReportFormView.as_view(), name="reporting-form"),
    path("reporting/updates/<int:pk>/", views.UpdateDetailView.as_view(), name="reporting-update"),
    path("reporting/updates/<int:pk>/decide/", views.DecideView.as_view(), name="reporting-decide"),
    path("reporting/<int:period>/completeness/", views.CompletenessView.as_view(), name="reporting-completeness"),
    path("reporting/<int:period>/boards/<slug:slug>/", views.BoardPackView.as_view(), name="reporting-board-pack"),
    path("programmes/<int:pk>/measures/", views.MeasuresView.as_view(), name="programme-measures"),
]
