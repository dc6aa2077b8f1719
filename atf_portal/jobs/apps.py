from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Long work off the request: each background task's progress, result and who started it, and the schedule."""

    name = "atf_portal.jobs"
    label = "jobs"

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_schedule_rows, sender=self)


def _schedule_rows(using="default", **kwargs):
    """Each scheduled job's row from the start, so /health/ can tell a worker that never ran one. Not before its
    table exists (`migrate` run as far as another app's migration only)."""
    from django.db import connections

    from .models import ScheduledJob
    from .schedule import ensure_rows

    if ScheduledJob._meta.db_table in connections[using].introspection.table_names():
        ensure_rows()
