"""Starting a background task as a job, and running it: progress, a heartbeat, the result or the error.

A task is a plain django-tasks task whose first argument is its job's id and whose body runs through `run`:

    @task()
    def refresh(job_id):
        return run(job_id, summaries.refresh_all)   # the body gets a Progress as its first argument

A task's body keeps the portal's all-or-nothing rule itself (it writes in one transaction at the end), so a task
that fails, or a worker killed half-way, changes nothing; such a job can be started again with `retry`.
"""

import logging
import threading

from django.conf import settings
from django.db import DatabaseError, IntegrityError, close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import Job

logger = logging.getLogger("atf_portal.jobs")


class Refused(Exception):
    """The job cannot start now (one like it is already queued or running); nothing was started."""


class JobFailed(Exception):
    """The task found what stops it (the API failed, a row is bad): its lines are shown and nothing was changed."""

    def __init__(self, *lines):
        super().__init__(" ".join(lines))
        self.lines = list(lines)


def start(task, user=None, label="", exclusive=False, schedule="", retry_of=None, **kwargs):
    """Record a job and queue its task; Refused when `exclusive` and one of the same task is queued or running."""
    path = task.module_path
    if exclusive:
        mark_interrupted()
    try:
        with transaction.atomic():
            job = Job.objects.create(task=path, label=label or path, kwargs=kwargs, exclusive=exclusive,
                                     started_by=user, schedule=schedule, retry_of=retry_of)
            task.enqueue(job.pk, **kwargs)
    except IntegrityError:
        raise Refused(refused_because(path)) from None
    return job


def refused_because(path):
    running = Job.objects.active().filter(task=path).select_related("started_by").first()
    if running is None:  # it finished in between: say so rather than guess
        return "A job like this has only just finished; start it again."
    who = running.started_by or "the schedule"
    when = timezone.localtime(running.created_at)
    return (f"{running.label} is already {running.get_status_display().lower()} (started by {who} at "
            f"{when:%H:%M}); wait for it to finish before starting another.")


def retry(job, user):
    """Start a failed or interrupted job again, as `user`, with the same arguments."""
    return start(import_string(job.task), user, label=job.label, exclusive=job.exclusive, retry_of=job,
                 **job.kwargs)


def mark_interrupted():
    """Running jobs whose worker fell silent were stopped part-way: their task's transaction never committed."""
    return Job.objects.silent().update(status=Job.Status.INTERRUPTED, finished_at=timezone.now(),
                                       error="The worker stopped part-way (restarted or killed). Nothing was changed.")


class Progress:
    """What the task's body calls to say how far it has got: progress("Fetching the ICB rows", 2, 5). It also
    carries who started the job (`user`, None for the schedule), to be recorded as the one who made the change."""

    def __init__(self, job):
        self.job_id = job.pk
        self.user = job.started_by

    def __call__(self, step, done=None, total=None):
        fields = {"step": step[:200], "heartbeat_at": timezone.now()}
        if done is not None:
            fields["done"] = done
        if total is not None:
            fields["total"] = total
        Job.objects.filter(pk=self.job_id).update(**fields)


def run(job_id, body, **kwargs):
    """Run a job's body, recording its start, a heartbeat while it runs, and its result or error."""
    started = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now(), heartbeat_at=timezone.now())
    if not started:
        logger.warning("job %s is no longer queued; not run", job_id)
        return None
    job = Job.objects.select_related("started_by").get(pk=job_id)
    stop = threading.Event()
    beat = threading.Thread(target=heartbeat, args=(job_id, stop), daemon=True)
    beat.start()
    try:
        lines = body(Progress(job), **kwargs)
    except JobFailed as failed:
        finish(job_id, Job.Status.FAILED, error="\n".join(failed.lines))
        return None
    except Exception as exc:
        logger.exception("job %s failed", job_id)
        finish(job_id, Job.Status.FAILED, error=f"The task stopped with an error ({type(exc).__name__}). Nothing was "
                                                "changed; try again, and if it fails again tell the portal team.")
        raise
    finally:
        stop.set()
        beat.join()
    finish(job_id, Job.Status.SUCCEEDED, result=list(lines or []))
    return lines


def finish(job_id, status, result=(), error=""):
    now = timezone.now()
    Job.objects.filter(pk=job_id).update(status=status, finished_at=now, heartbeat_at=now, result=list(result),
                                         error=error)
    job = Job.objects.select_related("started_by").get(pk=job_id)
    who = job.started_by.get_username() if job.started_by else job.schedule or "-"
    ms = round((now - job.started_at).total_seconds() * 1000) if job.started_at else None
    logger.info("job %s %s %s started_by=%s %sms", job.pk, job.task, status, who, ms,
                extra={"job": job.pk, "task": job.task, "status": status, "started_by": who, "ms": ms})


def heartbeat(job_id, stop):
    """Touch the job every JOB_HEARTBEAT_SECONDS from a thread of its own, so a long step is not taken for a dead
    worker. A write the database refuses (SQLite busy with the task's own write) is simply tried next time."""
    try:
        while not stop.wait(settings.JOB_HEARTBEAT_SECONDS):
            try:
                Job.objects.filter(pk=job_id, status=Job.Status.RUNNING).update(heartbeat_at=timezone.now())
            except DatabaseError:
                pass
    finally:
        close_old_connections()
        connection.close()
