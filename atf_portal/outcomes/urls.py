from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="outcomes-index"),
    path("<int:year>/", views.report, name="outcomes-year"),
    path("<int:year>/v<int:version>/", views.report, name="outcomes-version"),
    path("<int:year>/places/<slug:slug>/", views.place, name="outcomes-place"),
    path("<int:year>/v<int:version>/places/<slug:slug>/", views.place, name="outcomes-version-place"),
]
