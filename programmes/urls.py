from django.urls import path

from . import edition_views, views

urlpatterns = [
    path("programmes/", views.ProgrammeListView.as_view(), name="programme-list"),
    path("programmes/<int:pk>/", views.ProgrammeDetailView.as_view(), name="programme-detail"),
    path("programmes/suggestions/", views.SuggestionReviewView.as_view(), name="suggestion-review"),
    path("programmes/suggestions/<int:pk>/accept/", views.DecideSuggestionView.as_view(decision="accept"),
         name="suggestion-accept"),
    path("programmes/suggestions/<int:pk>/dismiss/", views.DecideSuggestionView.as_view(decision="dismiss"),
         name="suggestion-dismiss"),
    path("monitoring/", views.MonitoringView.as_view(), name="monitoring"),
    path("actions/", views.ActionListView.as_view(), name="action-list"),
    path("editions/", edition_views.EditionListView.as_view(), name="edition-list"),
    path("editions/start/", edition_views.StartEditionView.as_view(), name="edition-start"),
    path("editions/upload/", edition_views.EditionUploadView.as_view(), name="edition-upload"),
    path("editions/upload/<int:pk>/", edition_views.EditionUploadPreviewView.as_view(), name="edition-upload-preview"),
    path("editions/template/", edition_views.EditionTemplateView.as_view(), name="edition-template"),
]
