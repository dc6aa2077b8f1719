"""The schedule (settings.SCHEDULE), run by the worker: each entry is due once a day or once a week at a time.

A worker starts a due entry only by moving its `last_run` on in one conditional UPDATE (`WHERE last_run < the
moment it became due`), in the same transaction that queues its job. Two workers that find it due at once both
try; the database lets one UPDATE match the row and the other match nothing (on PostgreSQL the second waits for the
first's row lock, then re-reads the row), so the job is queued exactly once.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from . import runner
from .models import ScheduledJob

logger = logging.getLogger("atf_portal.jobs")
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def last_due(entry, now=None):
    """The latest moment at or before `now` when the entry was due (local time)."""
    now = timezone.localtime(now or timezone.now())
    hour, minute = map(int, entry["at"].split(":"))
    moment = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if moment > now:
        moment -= datetime.timedelta(days=1)
    if entry.get("every") == "week":
        moment -= datetime.timedelta(days=(moment.weekday() - WEEKDAYS.index(entry["day"])) % 7)
    return moment


def entries():
    return settings.SCHEDULE.items()


def ensure_rows(now=None):
    """A row for each entry; a new entry first runs at its next due moment, not at once."""
    for name, _ in entries():
        ScheduledJob.objects.get_or_create(name=name, defaults={"last_run": now or timezone.now()})


def run_due(now=None):
    """Queue every entry that has become due since it last ran; returns the jobs this call queued."""
    now = now or timezone.now()
    ensure_rows(now)
    return [job for name, entry in entries() if (job := claim(name, entry, now))]


def claim(name, entry, now):
    with transaction.atomic():
        if not ScheduledJob.objects.filter(name=name, last_run__lt=last_due(entry, now)).update(last_run=now):
            return None
        try:
            job = runner.start(import_string(entry["task"]), label=entry["label"], schedule=name,
                               exclusive=entry.get("exclusive", False), **entry.get("kwargs", {}))
        except runner.Refused as refused:
            logger.warning("scheduled job %s not started: %s", name, refused)
            return None
        ScheduledJob.objects.filter(name=name).update(last_job=job)
    return job


def late(now=None):
    """Entries that became due more than SCHEDULE_GRACE_MINUTES ago and have not run since: the worker is not
    running, or not keeping up."""
    now = now or timezone.now()
    grace = datetime.timedelta(minutes=settings.SCHEDULE_GRACE_MINUTES)
    runs = dict(ScheduledJob.objects.values_list("name", "last_run"))
    found = []
    for name, entry in entries():
        due = last_due(entry, now)
        if name in runs and now - due > grace and (runs[name] is None or runs[name] < due):
            found.append(f"{entry['label']} was due at {timezone.localtime(due):%H:%M on %d %b} and has not run")
    return found
