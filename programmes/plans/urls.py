from django.urls import path

from . import local_views, views

urlpatterns = [
    path("plans/", views.MatrixView.as_view(), name="plans-matrix"),
    path("places/<slug:slug>/plans/", views.PlacePlansView.as_view(), name="place-plans"),
    path("places/<slug:slug>/plans/new/", views.PlanCreateView.as_view(), name="plan-new"),
    path("places/<slug:slug>/plans/neighbourhoods/new/", views.NeighbourhoodCreateView.as_view(),
         name="neighbourhood-new"),
    path("places/<slug:slug>/plans/indicators/new/", local_views.LocalIndicatorCreateView.as_view(),
         name="local-indicator-new"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan-detail"),
    path("plans/<int:pk>/edit/", views.PlanEditView.as_view(), name="plan-edit"),
    path("plans/<int:pk>/document/", views.PlanDocumentView.as_view(), name="plan-document"),
    path("plans/<int:pk>/measures/new/", views.MeasureCreateView.as_view(), name="plan-measure-new"),
    path("plans/rounds/<int:period>/plans/<int:plan>/", views.AssessmentFormView.as_view(), name="plan-assess"),
    path("plans/assessments/<int:pk>/", views.AssessmentDetailView.as_view(), name="plan-assessment"),
    path("plans/assessments/<int:pk>/decide/", views.DecideView.as_view(), name="plan-decide"),
    path("plans/indicators/<int:pk>/", local_views.LocalIndicatorView.as_view(), name="local-indicator"),
    path("plans/indicators/upload/", local_views.UploadView.as_view(), name="local-upload"),
    path("plans/indicators/upload/<int:pk>/", local_views.UploadDetailView.as_view(), name="local-upload-detail"),
    path("plans/indicators/template/", local_views.TemplateDownloadView.as_view(), name="local-template"),
]
