"""Gap flags on coherence (issue 17): recommendations nothing acts on, programmes tied to no recommendation, and
suggested links waiting for the business team. Rules in the registry of gaps.py, loaded when the app is ready."""

from collections import Counter, defaultdict

from django.db.models import Count

from atf_portal.framework.models import MarmotRecommendation, SystemRecommendation
from programmes.models import Suggestion

from .coherence import covered
from .gaps import Flag, GapKind, Owner, Severity, _programme_flag, rule


@rule(GapKind.RECOMMENDATION_UNCOVERED, "coherence", "suggestion-review", fix_by_pk=False,
      severity=Severity.PLAN, owner=Owner.BOARD)
def recommendation_uncovered(scope):
    """A recommendation with no programme carrying it out and no stocktake activity (a Marmot recommendation's is
    its theme's: the stocktake records none by recommendation). System recommendations belong to no theme, so
    they are flagged only for the whole portal."""
    recommendations = MarmotRecommendation.objects.annotate(
        covered=covered(MarmotRecommendation, scope.edition)).values_list(
        "pk", "theme__number", "order", "text", "covered")
    if scope.theme is not None:
        recommendations = recommendations.filter(theme__number=scope.theme)
    for pk, theme, order, text, is_covered in recommendations:
        if not is_covered:
            yield Flag(GapKind.RECOMMENDATION_UNCOVERED, f"Recommendation {theme}.{order}",
                       f"Recommendation {theme}.{order} ({_short(text)}) has no programme carrying it out and no "
                       f"stocktake activity under theme {theme}.", theme, None, pk)
    if scope.theme is not None:
        return
    for system in SystemRecommendation.objects.annotate(covered=covered(SystemRecommendation, scope.edition)):
        if not system.covered:
            yield Flag(GapKind.RECOMMENDATION_UNCOVERED, f"System recommendation {system.number}",
                       f"System recommendation {system.number} ({_short(system.title)}) has no programme carrying "
                       "it out and no stocktake activity.", None, None, system.pk)


@rule(GapKind.PROGRAMME_NO_RECOMMENDATION, "programme-detail", "admin:programmes_programme_change", by_board=True,
      severity=Severity.NOTE, owner=Owner.BUSINESS_TEAM)
def programme_no_recommendation(scope):
    for row in scope.programme_rows:
        if not (row.has_recommendation or row.has_system_recommendation):
            yield _programme_flag(GapKind.PROGRAMME_NO_RECOMMENDATION, row, f"'{row.name}' is linked to no Marmot "
                                  "or system recommendation, so which recommendation it carries out is not known.")


@rule(GapKind.SUGGESTIONS_OPEN, "programme-detail", "suggestion-review", fix_by_pk=False, by_board=True,
      severity=Severity.PLAN, owner=Owner.BUSINESS_TEAM)
def suggestions_open(scope):
    """One flag per programme, however many suggestions wait for it."""
    waiting = defaultdict(Counter)
    counts = Suggestion.objects.open().filter(programme__in=scope.programmes()).values_list("programme_id", "kind")
    for pk, kind, n in counts.annotate(n=Count("pk")).order_by():
        waiting[pk][kind] = n
    for row in scope.programme_rows:
        if row.pk in waiting:
            kinds = waiting[row.pk]
            parts = [f"{n} {'indicator' if kind == 'indicator' else 'recommendation'}{'s' if n > 1 else ''}"
                     for kind, n in sorted(kinds.items())]
            yield _programme_flag(GapKind.SUGGESTIONS_OPEN, row, f"'{row.name}': {' and '.join(parts)} suggested "
                                  "by the portal, waiting for the business team to accept or dismiss.")


def _short(text):
    return text if len(text) <= 90 else text[:88].rstrip() + "…"
