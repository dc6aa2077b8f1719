from django.contrib import admin
from django.urls import include, path

from .health import health

admin.site.site_header = "ATF Portal administration"
admin.site.site_title = "ATF Portal admin"
admin.site.index_title = "Delivery plan and reference data"

urlpatterns = [
    path("health/", health, name="health"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("indicators/", include("indicators.urls")),
    path("stocktake/", include("stocktake.urls")),
    path("", include("programmes.urls")),
    path("", include("programmes.reporting.urls")),
    path("", include("atf_portal.dashboard.urls")),
]
