"""The daily record of gap flags (atf_portal/jobs schedule): when each flag was first seen and when it went.

Recorded once a day rather than whenever a page computes the flags, so reading a page never writes, and "new" and
"resolved" mean the same day whoever looked."""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from atf_portal.core import pagecache
from atf_portal.jobs.runner import run

from .gaps import gaps
from .models import FlagSighting


@task()
def record_flags(job_id):
    return run(job_id, record)


def record(progress):
    progress("Recording which gap flags are raised today", 0, 1)
    new, resolved = record_sightings()
    progress("Done", 1, 1)
    return [f"{new} gap flags first seen today, {resolved} resolved."]


@transaction.atomic
def record_sightings(today=None):
    """Open a sighting for each flag not already open, and close each open one no longer raised: (new, resolved)."""
    today = today or timezone.localdate()
    raised = {(f.kind, f.object_key, f.subject): f for f in gaps(today=today)}
    still_open = {(s.kind, s.object_key, s.subject): s.pk for s in FlagSighting.objects.filter(
        resolved_on=None)}
    FlagSighting.objects.bulk_create(
        FlagSighting(kind=f.kind, object_key=f.object_key, subject=f.subject[:255], sentence=f.sentence,
                     first_seen=today) for key, f in raised.items() if key not in still_open)
    gone = [pk for key, pk in still_open.items() if key not in raised]
    FlagSighting.objects.filter(pk__in=gone).update(resolved_on=today)
    pagecache.data_changed()  # bulk writes send no signal
    return len(raised.keys() - still_open.keys()), len(gone)
