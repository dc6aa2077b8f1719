from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Long work off the request: each background task's progress, result and who started it, and the schedule."""

    name = "atf_portal.jobs"
    label = "jobs"

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_schedule_rows, sender=self)


def _schedule_rows(**kwargs):
    """Each scheduled job's row from the start, so /health/ can tell a worker that never ran one."""
    from .schedule import ensure_rows

    ensure_rows()
