"""Delivery across programmes: what the dashboard pages summarise of milestones and progress updates; and
accountability moving from a body that ended to its successor."""

from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from .models import PROGRAMME_HISTORY, Milestone, Programme


def delivery_by_theme(theme=None, today=None):
    """{theme number: {"overdue": milestones overdue, "rag": Counter of latest RAG ("none" for no update)}}."""
    today = today or timezone.localdate()
    result = defaultdict(lambda: {"overdue": 0, "rag": Counter()})
    programmes = Programme.objects.in_edition()  # the current edition's
    if theme is not None:
        programmes = programmes.filter(theme__number=theme)
    for number, rag in programmes.values_list("theme__number", "latest_rag"):
        result[number]["rag"][rag or "none"] += 1
    overdue = (Milestone.objects.overdue(today).filter(programme__in=programmes)
               .values_list("programme__theme__number").annotate(n=Count("pk")))
    for number, n in overdue:
        result[number]["overdue"] = n
    return result


class NoSuccessor(Exception):
    pass


@transaction.atomic
def move_accountability(board, user):
    """When the team says so: the current edition's programmes accountable to `board`, which has ended, become
    accountable to its successor instead, each change a record in the programme's history. Returns the programmes
    moved. Rows of earlier editions keep the body they had."""
    if not (board.ended_on and board.successor_id):
        raise NoSuccessor(f"{board} has not ended with a successor named.")
    moved = list(Programme.objects.in_edition().filter(boards=board))
    for programme in moved:
        programme.skip_history_when_saving = True
        programme.boards.remove(board)
        programme.boards.add(board.successor)
        del programme.skip_history_when_saving
        programme._change_reason = (f"Accountability moved from {board} (ended {board.ended_on:%d %B %Y}) to "
                                    f"{board.successor}: {board.change_source}")
        programme._history_user = user
        PROGRAMME_HISTORY.create_historical_record(programme, "~")
    return moved
