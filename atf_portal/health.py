"""/health/ for a load balancer: the database, the cache and the static files answer; no sign-in, no data."""

import dataclasses

from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles.storage import staticfiles_storage
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView


@dataclasses.dataclass
class StaticFiles(HealthCheck):
    """The stylesheet every page links to is collected (and, in production, in the manifest)."""

    def run(self):
        try:
            staticfiles_storage.url("css/portal.css")
        except ValueError as exc:
            raise ServiceUnavailable("Static files are not collected") from exc


health = login_not_required(HealthCheckView.as_view(
    checks=["health_check.checks.Database", "health_check.checks.Cache", StaticFiles]
))
