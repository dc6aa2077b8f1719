"""Suggested links from programmes to the indicators and recommendations they act on, each with its reason.

Two rules find them:
- the theme cell: the plan writes its Beacon Indicator cell only on the first row of each theme's table, a cell
  that very likely covers the whole theme, so its indicators are offered to every programme of the theme;
- shared words: the programme's name, outline, outcomes and measures against each indicator's title, each
  recommendation of its own theme and each system recommendation (similarity.py); the best few above a floor.

Suggestions are stored so that a decision lasts: `refresh` never re-opens an accepted or dismissed one, never
adds a link by itself, and never suggests a link the programme already has. Only `accept` adds a link.
"""

from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from atf_portal.framework.models import MarmotRecommendation, SystemRecommendation
from indicators.models import Indicator

from .models import SUGGESTION_LINKS, Programme, Suggestion
from .similarity import Corpus

TEXT_SUGGESTIONS = 3  # the best few by shared words, per programme and kind: more is noise to review
# The floor below which shared words are chance (a common word or two); chosen by reading the plan's rows
# (README, "Suggested links").
MIN_SCORE = 0.12
WORDS_SHOWN = 4


class AlreadyDecided(Exception):
    """The suggestion was accepted or dismissed already (two people, or two tabs), or its link made another way."""


def theme_cells(plan_rows):
    """{theme number: [indicator numbers]}: what the Beacon Indicator cell on each theme table's first row names."""
    first = {}
    for row in plan_rows:
        if row["theme"] not in first or row["plan_order"] < first[row["theme"]]["plan_order"]:
            first[row["theme"]] = row
    return {theme: row["indicators"] for theme, row in first.items()}


def candidates(plan_rows):
    """Every suggestion the two rules find for links the programmes do not have, unranked and unsaved."""
    programmes = list(Programme.objects.select_related("theme").prefetch_related(
        "indicators", "recommendations", "system_recommendations"))
    targets = {
        "indicator": list(Indicator.objects.all()),
        "recommendation": list(MarmotRecommendation.objects.select_related("theme")),
        "system_recommendation": list(SystemRecommendation.objects.all()),
    }
    corpus = Corpus({
        **{("programme", p.pk): " ".join([p.name, p.outline, p.outcomes, p.measures]) for p in programmes},
        **{("indicator", i.pk): i.title for i in targets["indicator"]},
        **{("recommendation", r.pk): r.text for r in targets["recommendation"]},
        **{("system_recommendation", s.pk): s.title for s in targets["system_recommendation"]},
    })
    cells = theme_cells(plan_rows)
    found = []
    for programme in programmes:
        named = set(cells.get(programme.theme.number, []))
        for field, objects in targets.items():
            linked = {obj.pk for obj in getattr(programme, SUGGESTION_LINKS[field][0]).all()}
            for target in objects:
                if target.pk in linked or (field == "recommendation" and target.theme_id != programme.theme_id):
                    continue
                score, shared = corpus.similarity(("programme", programme.pk), (field, target.pk))
                in_cell = field == "indicator" and target.number in named
                if in_cell or score >= MIN_SCORE:
                    found.append(Suggestion(
                        programme=programme, kind="indicator" if field == "indicator" else "recommendation",
                        reason=Suggestion.Reason.THEME_CELL if in_cell else Suggestion.Reason.SHARED_WORDS,
                        words=", ".join(shared[:WORDS_SHOWN]), score=round(score, 4), **{field: target}))
    return found


def _key(suggestion):
    return (suggestion.programme_id, suggestion.indicator_id, suggestion.recommendation_id,
            suggestion.system_recommendation_id)


def _order(suggestion):
    # The plan's own cell first, then the most alike; the target's id keeps ties in a fixed order.
    return (suggestion.reason != Suggestion.Reason.THEME_CELL, -suggestion.score, _key(suggestion))


@transaction.atomic
def refresh(plan_rows):
    """Store what the rules suggest now; return {"created": n, "removed": n}. Open suggestions the rules no
    longer make go (nothing was decided on them); decided ones stay as they are and are not suggested again."""
    stored = {_key(s): s for s in Suggestion.objects.all()}
    groups = defaultdict(list)
    for suggestion in candidates(plan_rows):
        old = stored.get(_key(suggestion))
        if old is None or old.state == Suggestion.State.OPEN:
            groups[(suggestion.programme_id, suggestion.kind)].append(suggestion)
    new, changed, kept = [], [], set()
    for group in groups.values():
        group.sort(key=_order)
        cell = [s for s in group if s.reason == Suggestion.Reason.THEME_CELL]
        words = [s for s in group if s.reason == Suggestion.Reason.SHARED_WORDS][:TEXT_SUGGESTIONS]
        for rank, suggestion in enumerate(cell + words, 1):
            suggestion.rank = rank
            kept.add(_key(suggestion))
            old = stored.get(_key(suggestion))
            if old is None:
                new.append(suggestion)
            elif (old.reason, old.words, old.score, old.rank) != (suggestion.reason, suggestion.words,
                                                                   suggestion.score, rank):
                old.reason, old.words, old.score, old.rank = suggestion.reason, suggestion.words, suggestion.score, rank
                changed.append(old)
    stale = [s.pk for key, s in stored.items() if s.state == Suggestion.State.OPEN and key not in kept]
    Suggestion.objects.filter(pk__in=stale).delete()
    Suggestion.objects.bulk_update(changed, ["reason", "words", "score", "rank"])
    bulk_create_with_history(new, Suggestion, default_change_reason="Suggested by the portal")
    return {"created": len(new), "removed": len(stale)}


@transaction.atomic
def accept(suggestion, user):
    """Add the suggested link (kept in the programme's history with who and which suggestion) and record the
    decision on the suggestion."""
    suggestion = _still_open(suggestion)
    programme = suggestion.programme
    programme._history_user = user
    programme._change_reason = f"Accepted suggestion {suggestion.pk}: {suggestion.kind} {suggestion.reference}"
    getattr(programme, SUGGESTION_LINKS[suggestion.target_field][0]).add(suggestion.target)
    _decide(suggestion, user, Suggestion.State.ACCEPTED)
    return suggestion


@transaction.atomic
def dismiss(suggestion, user):
    """Record that the business team does not want this link; it is never suggested again."""
    suggestion = _still_open(suggestion)
    _decide(suggestion, user, Suggestion.State.DISMISSED)
    return suggestion


def _still_open(suggestion):
    # Read again under a row lock (PostgreSQL) so that two people deciding at once cannot both succeed.
    found = Suggestion.objects.open().select_for_update(of=("self",)).filter(pk=suggestion.pk).select_related(
        "programme__theme", "indicator", "recommendation__theme", "system_recommendation").first()
    if found is None:
        raise AlreadyDecided(suggestion)
    return found


def _decide(suggestion, user, state):
    suggestion.state, suggestion.decided_by, suggestion.decided_at = state, user, timezone.now()
    suggestion._history_user = user
    suggestion.save()
    # The remaining open suggestions of the kind move up, so that rank 1 is always the best still open.
    remaining = list(Suggestion.objects.filter(programme=suggestion.programme_id, kind=suggestion.kind,
                                               state=Suggestion.State.OPEN).order_by("rank", "pk"))
    for rank, other in enumerate(remaining, 1):
        other.rank = rank
    Suggestion.objects.bulk_update(remaining, ["rank"])


def open_suggestions():
    return Suggestion.objects.open().select_related(
        "programme__theme", "indicator", "recommendation__theme", "system_recommendation")
