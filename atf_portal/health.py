"""/health/ for a load balancer: the database, the cache and the static files answer, and the task worker keeps
the schedule; no sign-in, no data."""

import dataclasses

from asgiref.sync import sync_to_async
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles.storage import staticfiles_storage
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from atf_portal.jobs import schedule


@dataclasses.dataclass
class StaticFiles(HealthCheck):
    """The stylesheet every page links to is collected (and, in production, in the manifest)."""

    def run(self):
        try:
            staticfiles_storage.url("css/portal.css")
        except ValueError as exc:
            raise ServiceUnavailable("Static files are not collected") from exc


@dataclasses.dataclass
class Worker(HealthCheck):
    """A scheduled job later than SCHEDULE_GRACE_MINUTES: no worker is running, or it cannot keep up."""

    async def run(self):
        # In the request's own thread (and connection), as every other query of the request is.
        late = await sync_to_async(schedule.late)()
        if late:
            raise ServiceUnavailable("; ".join(late))


health = login_not_required(HealthCheckView.as_view(
    checks=["health_check.checks.Database", "health_check.checks.Cache", StaticFiles, Worker]
))
