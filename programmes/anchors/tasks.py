"""The Anchor Assembly's pack spreadsheet, built in the background (atf_portal/jobs) when asked for from its page."""

from django_tasks import task

from atf_portal.core.exports import dataset_file
from atf_portal.jobs.runner import run

from . import figures, pack
from .models import AssemblyMeeting


@task()
def build_assembly_pack(job_id, meeting_id):
    return run(job_id, build_pack, meeting_id=meeting_id)


def build_pack(progress, meeting_id):
    """Builds the pack's XLSX and keeps it for whoever asked; it writes nothing else, so a failure changes nothing."""
    meeting = AssemblyMeeting.objects.get(pk=meeting_id)
    progress("Gathering the approved evidence returns", 0, 2)
    returns = figures.approved_returns(meeting)
    progress("Writing the spreadsheet", 1, 2)
    progress.attach(f"anchor-assembly-pack-{meeting.pk}.xlsx", dataset_file(*pack.table(returns), "xlsx"))
    progress("Done", 2, 2)
    return [f"The Anchor Assembly pack for {meeting.name}: {len(returns)} approved "
            f"return{'s' * (len(returns) != 1)}, as a spreadsheet."]
