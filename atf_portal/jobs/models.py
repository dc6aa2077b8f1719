"""A job is one run of a background task as people see it: who started it, how far it has got, what it found.

django-tasks keeps the queue (django_tasks_db's DBTaskResult); it has no notion of progress or of who asked, so
each run has a Job beside its task result. A scheduled job is one line of the schedule with its last run.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


class JobQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=[Job.Status.QUEUED, Job.Status.RUNNING])

    def silent(self):
        """Running jobs whose worker has not been heard from for JOB_STALE_SECONDS: it was stopped or killed."""
        cutoff = timezone.now() - timedelta(seconds=settings.JOB_STALE_SECONDS)
        return self.filter(status=Job.Status.RUNNING, heartbeat_at__lt=cutoff)


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Finished"
        FAILED = "failed", "Failed: nothing was changed"
        INTERRUPTED = "interrupted", "Interrupted: nothing was changed"

    task = models.CharField(max_length=200)  # the django-tasks task's module path
    label = models.CharField(max_length=200)
    kwargs = models.JSONField(default=dict)
    # One of these at a time (a Fingertips fetch): a second is refused while the first is queued or running.
    exclusive = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    schedule = models.CharField(max_length=100, blank=True)  # the scheduled job that started it, if any
    retry_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="retries")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    step = models.CharField(max_length=200, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=list, blank=True)  # lines for the person who started it
    error = models.TextField(blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["task"], name="one_active_exclusive_job",
                                    condition=models.Q(exclusive=True, status__in=["queued", "running"])),
        ]

    def __str__(self):
        return f"{self.label} ({self.get_status_display()})"

    @property
    def finished(self):
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED, self.Status.INTERRUPTED)

    @property
    def can_retry(self):
        return self.status in (self.Status.FAILED, self.Status.INTERRUPTED)

    def as_json(self):
        return {
            "status": self.status, "status_label": self.get_status_display(), "step": self.step,
            "done": self.done, "total": self.total, "result": self.result, "error": self.error,
            "finished": self.finished,
        }


class ScheduledJob(models.Model):
    """One line of settings.SCHEDULE, with when it last ran. A worker starts it only by moving `last_run` on in one
    conditional UPDATE, so of two workers that find it due at once exactly one starts it."""

    name = models.CharField(max_length=100, unique=True)
    last_run = models.DateTimeField(null=True, blank=True)
    last_job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self):
        return self.name
