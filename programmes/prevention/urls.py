from django.urls import path

from . import views

urlpatterns = [
    path("prevention/", views.PreventionView.as_view(), name="prevention"),
    path("prevention/organisations/<int:pk>/", views.OrganisationView.as_view(), name="prevention-organisation"),
    path("prevention/<int:year>/organisations/<int:organisation>/", views.InvestmentFormView.as_view(),
         name="prevention-form"),
    path("prevention/returns/<int:pk>/", views.ReturnDetailView.as_view(), name="prevention-return"),
    path("prevention/returns/<int:pk>/decide/", views.DecideView.as_view(), name="prevention-decide"),
    path("prevention/need/", views.NeedUploadView.as_view(), name="prevention-need-upload"),
    path("prevention/need/<int:pk>/", views.NeedPreviewView.as_view(), name="prevention-need-preview"),
]
