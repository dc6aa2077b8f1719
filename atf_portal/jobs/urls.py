from django.urls import path

from . import views

urlpatterns = [
    path("", views.JobListView.as_view(), name="job-list"),
    path("<int:pk>/", views.JobDetailView.as_view(), name="job-detail"),
    path("<int:pk>/progress.json", views.JobProgressView.as_view(), name="job-progress"),
    path("<int:pk>/retry/", views.JobRetryView.as_view(), name="job-retry"),
]
