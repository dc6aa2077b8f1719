from django.urls import path

from . import views

urlpatterns = [
    path("", views.CoverageView.as_view(), name="stocktake-coverage"),
    path("activities/", views.ActivityListView.as_view(), name="stocktake-activities"),
    path("upload/", views.UploadView.as_view(), name="stocktake-upload"),
    path("uploads/", views.UploadListView.as_view(), name="stocktake-uploads"),
    path("uploads/<int:pk>/", views.UploadDetailView.as_view(), name="stocktake-upload-detail"),
    path("template.xlsx", views.TemplateDownloadView.as_view(), name="stocktake-template"),
]
