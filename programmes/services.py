"""Delivery across programmes: what the dashboard pages summarise of milestones and progress updates."""

from collections import Counter, defaultdict

from django.db.models import Count
from django.utils import timezone

from .models import Milestone, Programme


def delivery_by_theme(theme=None, today=None):
    """{theme number: {"overdue": milestones overdue, "rag": Counter of latest RAG ("none" for no update)}}."""
    today = today or timezone.localdate()
    result = defaultdict(lambda: {"overdue": 0, "rag": Counter()})
    programmes = Programme.objects.all() if theme is None else Programme.objects.filter(theme__number=theme)
    for number, rag in programmes.values_list("theme__number", "latest_rag"):
        result[number]["rag"][rag or "none"] += 1
    overdue = (Milestone.objects.overdue(today).filter(programme__in=programmes)
               .values_list("programme__theme__number").annotate(n=Count("pk")))
    for number, n in overdue:
        result[number]["overdue"] = n
    return result
