from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from .guide import GuideView
from .health import health
from .oidc import callback, sign_in
from .signin import PasswordResetView

admin.site.site_header = "ATF Portal administration"
admin.site.site_title = "ATF Portal admin"
admin.site.index_title = "Delivery plan and reference data"

urlpatterns = [
    path("health/", health, name="health"),
    path("guide/", login_not_required(GuideView.as_view()), name="guide"),
    path("guide/<slug:slug>/", login_not_required(GuideView.as_view()), name="guide-page"),
    path("accounts/password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/organisation/", sign_in, name="oidc_authentication_init"),
    path("accounts/organisation/callback/", callback, name="oidc_authentication_callback"),
    path("admin/", admin.site.urls),
    path("tasks/", include("atf_portal.jobs.urls")),
    path("outcomes/", include("atf_portal.outcomes.urls")),
    path("api/", include("atf_portal.api.urls")),
    path("indicators/", include("indicators.urls")),
    path("stocktake/", include("stocktake.urls")),
    path("", include("programmes.urls")),
    path("", include("programmes.reporting.urls")),
    path("", include("programmes.anchors.urls")),
    path("", include("programmes.plans.urls")),
    path("", include("programmes.prevention.urls")),
    path("", include("programmes.evidence.urls")),
    path("", include("atf_portal.dashboard.urls")),
]
