"""Delivery across programmes: what the dashboard pages summarise of milestones and progress updates; and
accountability moving from a body that ended to its successor."""

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .editions import in_edition
from .models import PROGRAMME_HISTORY, Milestone, Programme, ProgressUpdate

RAGS = [*ProgressUpdate.Rag.values, "none"]  # "none": no progress update yet


def _count(queryset, group):
    """How many rows a correlated queryset holds, as a subquery of the outer query (0 when none)."""
    counted = queryset.order_by().values(group).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted[:1]), Value(0))


def with_delivery(themes, today=None):
    """The themes (a Theme queryset), each with the current edition's programmes counted by latest RAG and its
    overdue milestones, as subqueries of the themes' own query: `delivery(theme)` reads them."""
    programmes = Programme.objects.in_edition().filter(theme=OuterRef("pk"))
    overdue = Milestone.objects.overdue(today or timezone.localdate()).filter(
        programme__theme=OuterRef("pk"), **in_edition("programme__"))
    return themes.annotate(
        **{f"rag_{rag}": _count(programmes.filter(latest_rag="" if rag == "none" else rag), "theme") for rag in RAGS},
        overdue_milestones=_count(overdue, "programme__theme"))


def delivery(theme):
    """{"overdue": milestones overdue, "rag": {latest RAG or "none": programmes}} of a theme from `with_delivery`."""
    rags = {rag: getattr(theme, f"rag_{rag}") for rag in RAGS}
    return {"overdue": theme.overdue_milestones, "rag": {rag: count for rag, count in rags.items() if count}}


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
