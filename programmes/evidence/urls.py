from django.urls import path

from . import views

urlpatterns = [
    path("evidence/", views.HubView.as_view(), name="evidence-hub"),
    path("evidence/new/", views.RecordFormView.as_view(), name="evidence-new"),
    path("evidence/programmes/<int:programme>/new/", views.RecordFormView.as_view(), name="evidence-new-programme"),
    path("evidence/places/<slug:place>/new/", views.RecordFormView.as_view(), name="evidence-new-place"),
    path("evidence/<int:pk>/", views.RecordView.as_view(), name="evidence-record"),
    path("evidence/<int:pk>/change/", views.RecordFormView.as_view(), name="evidence-edit"),
    path("evidence/<int:pk>/decide/", views.DecideView.as_view(), name="evidence-decide"),
    path("evidence/<int:pk>/document/", views.DocumentView.as_view(), name="evidence-document"),
]
