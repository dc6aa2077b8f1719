from django.urls import path

from . import views

urlpatterns = [
    path("", views.IndicatorListView.as_view(), name="indicator-list"),
    path("<int:number>/", views.IndicatorDetailView.as_view(), name="indicator-detail"),
    path("<int:number>/progress.csv", views.ProgressExportView.as_view(), {"fmt": "csv"},
         name="indicator-progress-csv"),
    path("<int:number>/progress.xlsx", views.ProgressExportView.as_view(), {"fmt": "xlsx"},
         name="indicator-progress-xlsx"),
    path("upload/", views.UploadView.as_view(), name="indicator-upload"),
    path("upload/fingertips/", views.FetchFingertipsView.as_view(), name="indicator-fetch-fingertips"),
    path("upload/<int:pk>/", views.UploadPreviewView.as_view(), name="indicator-upload-preview"),
    path("upload/template.csv", views.TemplateDownloadView.as_view(), {"fmt": "csv"}, name="indicator-template-csv"),
    path("upload/template.xlsx", views.TemplateDownloadView.as_view(), {"fmt": "xlsx"}, name="indicator-template-xlsx"),
]
