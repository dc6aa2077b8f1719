"""Reporting work the schedule runs in the background (atf_portal/jobs)."""

import io

from django.core.management import call_command
from django_tasks import task

from atf_portal.jobs.runner import run


@task()
def send_reminders(job_id, days=7):
    return run(job_id, remind, days=days)


def remind(progress, days):
    progress("Emailing the programme leads whose updates are due", 0, 1)
    out, err = io.StringIO(), io.StringIO()
    call_command("send_reminders", days=days, stdout=out, stderr=err)
    progress("Done", 1, 1)
    return [line for line in (out.getvalue() + err.getvalue()).splitlines() if line]
