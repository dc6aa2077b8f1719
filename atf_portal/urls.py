from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from .guide import GuideView
from .health import health

admin.site.site_header = "ATF Portal administration"
admin.site.site_title = "ATF Portal admin"
admin.site.index_title = "Delivery plan and reference data"

urlpatterns = [
    path("health/", health, name="health"),
    path("guide/", login_not_required(GuideView.as_view()), name="guide"),
    path("guide/<slug:slug>/", login_not_required(GuideView.as_view()), name="guide-page"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("outcomes/", include("atf_portal.outcomes.urls")),
    path("api/", include("atf_portal.api.urls")),
    path("indicators/", include("indicators.urls")),
    path("stocktake/", include("stocktake.urls")),
    path("", include("programmes.urls")),
    path("", include("programmes.reporting.urls")),
    path("", include("atf_portal.dashboard.urls")),
]
