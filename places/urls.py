from django.urls import path

from . import views

urlpatterns = [
    path("<slug:slug>/", views.PlaceDetailView.as_view(), name="place-detail"),
]
