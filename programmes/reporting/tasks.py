"""Reporting work that runs in the background (atf_portal/jobs): the schedule's reminders, and a board pack's
spreadsheet when asked for from its page."""

import io

from django.core.management import call_command
from django_tasks import task

from atf_portal.jobs.runner import run
from programmes.models import Board

from .models import ReportingPeriod
from .pack import board_pack, board_pack_xlsx


@task()
def send_reminders(job_id, days=7):
    return run(job_id, remind, days=days)


def remind(progress, days):
    progress("Emailing the programme leads whose updates are due", 0, 1)
    out, err = io.StringIO(), io.StringIO()
    call_command("send_reminders", days=days, stdout=out, stderr=err)
    progress("Done", 1, 1)
    return [line for line in (out.getvalue() + err.getvalue()).splitlines() if line]


@task()
def build_board_pack(job_id, board_id, period_id):
    return run(job_id, build_pack, board_id=board_id, period_id=period_id)


def build_pack(progress, board_id, period_id):
    """Builds the pack's XLSX and keeps it for whoever asked; it writes nothing else, so a failure changes nothing."""
    board, period = Board.objects.get(pk=board_id), ReportingPeriod.objects.get(pk=period_id)
    progress("Gathering each programme's approved update, milestones, measures and indicators", 0, 2)
    blocks = board_pack(board, period)
    progress("Writing the spreadsheet", 1, 2)
    progress.attach(f"atf-pack-{board.slug}-{period.pk}.xlsx", board_pack_xlsx(board, period, blocks))
    progress("Done", 2, 2)
    return [f"The board pack for {board.name}, {period.name}: {len(blocks)} programme{'s' * (len(blocks) != 1)}, "
            "as a spreadsheet."]
