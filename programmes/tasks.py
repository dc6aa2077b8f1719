"""Plan work that runs in the background (atf_portal/jobs): starting the next edition from the current one, which
copies every kept row with its links and history record, more than a web request should hold. It writes in one
transaction (carry.start_edition), so a failure, or a worker killed half-way, changes nothing."""

from django_tasks import task

from atf_portal.jobs.runner import JobFailed, run

from .carry import start_edition
from .editions import PlanEdition


def label(start_year, source):
    return f"Start the {PlanEdition(start_year=start_year).years} edition from {source.years}"


@task()
def start_next_edition(job_id, source_id, start_year, title, basis, keep, make_current):
    return run(job_id, roll_over, source_id=source_id, start_year=start_year, title=title, basis=basis, keep=keep,
               make_current=make_current)


def roll_over(progress, source_id, start_year, title, basis, keep, make_current):
    source = PlanEdition.objects.get(pk=source_id)
    # The preview was checked when the job was queued; another edition may have started that year since.
    if PlanEdition.objects.filter(start_year=start_year).exists():
        raise JobFailed(f"An edition starting in {start_year} already exists: nothing was started.")
    progress(f"Carrying {len(keep)} rows forward from {source.years}", 0, 1)
    edition, carried = start_edition(source, start_year, title, basis, keep, progress.user, make_current)
    progress("Done", 1, 1)
    dropped = source.programmes.count() - len(carried)
    return [f"Started {edition}: {len(carried)} rows carried forward from {source.years}, {dropped} dropped.",
            *(["It is now the current edition."] if edition.is_current else [])]
