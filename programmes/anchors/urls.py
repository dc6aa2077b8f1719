from django.urls import path

from . import views

urlpatterns = [
    path("anchors/", views.DashboardView.as_view(), name="anchors"),
    path("anchors/organisations/<int:pk>/", views.OrganisationView.as_view(), name="anchor-organisation"),
    path("anchors/<int:meeting>/organisations/<int:organisation>/", views.EvidenceFormView.as_view(),
         name="anchor-form"),
    path("anchors/returns/<int:pk>/", views.ReturnDetailView.as_view(), name="anchor-return"),
    path("anchors/returns/<int:pk>/decide/", views.DecideView.as_view(), name="anchor-decide"),
    path("anchors/<int:meeting>/pack/", views.PackView.as_view(), name="anchor-pack"),
]
