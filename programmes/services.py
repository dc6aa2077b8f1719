"""Dashboard services: gap flags that make the coherence between themes, indicators and programmes,
and its absence, visible. One function, `gaps`, serves the pages, the export and `manage.py gaps`."""

import datetime
from collections import Counter, defaultdict
from typing import NamedTuple

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from indicators.models import Indicator
from places.models import Area
from stocktake.models import Activity

from .models import Action, Milestone, Programme, SystemRecommendation, Theme

KINDS = {
    "indicator_no_data": "Indicator with no data",
    "indicator_stale": "Indicator data out of date",
    "indicator_not_live": "Indicator not live",
    "indicator_no_programme": "Indicator no programme acts on",
    "programme_unlinked": "Unlinked action",
    "programme_incomplete": "Programme missing information",
    "theme_no_programme": "Theme with no programme",
    "stocktake_missing": "No stocktake yet",
    "place_no_activity": "Place with no activity under a theme",
    "system_no_borough_activity": "System recommendation with no borough activity",
    "theme_one_level": "Theme with activity at one level only",
    "milestone_overdue": "Milestone overdue",
    "programme_no_update": "Programme with no recent progress update",
    "programme_no_milestone": "Programme with no milestone",
    "action_overdue": "HCP action overdue",
}

# Where each kind of subject is shown, and where the business team fixes it. Links are worked out only
# when a flag is shown, so counting flags for the overview costs no URL reversing.
PAGES = {"indicator": "indicator-detail", "programme": "programme-detail", "theme": "theme-detail",
         "place": "place-detail", "stocktake": "stocktake-coverage", "action": "action-list"}
FIXES = {
    "indicator_no_data": ("indicator-upload", None),
    "indicator_stale": ("indicator-upload", None),
    "indicator_not_live": ("admin:indicators_indicator_change", "pk"),
    "indicator_no_programme": ("admin:indicators_indicator_change", "pk"),
    "programme_unlinked": ("admin:programmes_programme_change", "pk"),
    "programme_incomplete": ("admin:programmes_programme_change", "pk"),
    "theme_no_programme": ("admin:programmes_programme_add", None),
    "stocktake_missing": ("stocktake-upload", None),
    "place_no_activity": ("stocktake-upload", None),
    "system_no_borough_activity": ("stocktake-upload", None),
    "theme_one_level": ("stocktake-upload", None),
    "milestone_overdue": ("admin:programmes_programme_change", "pk"),
    "programme_no_update": ("admin:programmes_programme_change", "pk"),
    "programme_no_milestone": ("admin:programmes_programme_change", "pk"),
    "action_overdue": ("admin:programmes_action_change", "pk"),
}


class Flag(NamedTuple):
    kind: str
    subject: str
    sentence: str
    theme: int | None
    model: str  # "indicator", "programme", "theme", "place", "stocktake" or "action"
    key: object  # what the subject's page is found by: a number, primary key or slug (None: no argument)
    pk: int | None

    @property
    def kind_label(self):
        return KINDS[self.kind]

    @property
    def url(self):
        return reverse(PAGES[self.model], args=[] if self.key is None else [self.key])

    @property
    def fix_url(self):
        name, arg = FIXES[self.kind]
        return reverse(name, args=[self.pk] if arg else [])


def gaps(theme=None, board=None, kinds=None, today=None):
    """Every gap flag, optionally for one theme number or one board; a fixed number of queries."""
    today = today or timezone.localdate()
    flags = [*_programme_flags(theme, board, today), *_milestone_flags(theme, board, today)]
    if board is None:
        flags = [*_indicator_flags(theme, today), *flags, *_theme_flags(theme), *_stocktake_flags(theme)]
        if theme is None:
            flags += _action_flags(today)
    if kinds:
        flags = [flag for flag in flags if flag.kind in kinds]
    return flags


def _indicator_flags(theme, today):
    acted_on = _ids(Programme.indicators.through, "indicator_id")
    indicators = Indicator.objects.with_summary()
    if theme is not None:
        indicators = indicators.filter(theme__number=theme)
    oldest_fresh_year = today.year - settings.GAP_STALE_YEARS
    for indicator in indicators:
        subject = f"Indicator {indicator.number}: {indicator.title}"
        number = indicator.theme.number if indicator.theme else None
        summary = indicator.summary

        def flag(kind, sentence, indicator=indicator, subject=subject, number=number):
            return Flag(kind, subject, sentence, number, "indicator", indicator.number, indicator.pk)

        if not indicator.is_live:
            status = indicator.get_status_display().lower()
            yield flag("indicator_not_live", f"{subject} is {status}, so progress on it cannot be measured.")
        elif summary is None or not summary.has_data:
            yield flag("indicator_no_data", f"{subject} is live but the portal holds no figures for it.")
        elif summary.latest_period_end < oldest_fresh_year:
            yield flag("indicator_stale", f"The latest figures for {subject} are for {summary.latest_period}, "
                                          f"more than {settings.GAP_STALE_YEARS} years old.")
        if indicator.pk not in acted_on:
            yield flag("indicator_no_programme",
                       f"No programme in the delivery plan is linked to {subject}, so nothing is known to act on it.")


def _ids(through, column):
    return set(through.objects.order_by().values_list(column, flat=True).distinct())


def _programme_flags(theme, board, today):
    # Sets of ids rather than correlated subqueries: cheaper, whatever the number of programmes.
    linked = _ids(Programme.indicators.through, "programme_id")
    with_board = _ids(Programme.boards.through, "programme_id")
    with_milestone = _ids(Milestone, "programme_id")
    programmes = Programme.objects.values_list(
        "pk", "name", "theme__number", "status", "measures", "last_update_on"
    )
    if theme is not None:
        programmes = programmes.filter(theme__number=theme)
    if board is not None:
        programmes = programmes.filter(boards=board)
    update_due = today - datetime.timedelta(days=round(30.44 * settings.GAP_UPDATE_MONTHS))
    for pk, name, number, status, measures, last_update in programmes:
        if pk not in linked:
            sentence = f"'{name}' is linked to no Beacon Indicator, so its effect on outcomes cannot be seen."
            yield Flag("programme_unlinked", name, sentence, number, "programme", pk, pk)
        missing = []
        if status == Programme.Status.PENDING:
            missing.append("is pending information")
        if pk not in with_board:
            missing.append("has no accountable board")
        if not measures.strip():
            missing.append("has no measures")
        if missing:
            yield Flag("programme_incomplete", name, f"'{name}' {_and(missing)}.", number, "programme", pk, pk)
        if pk not in with_milestone:
            sentence = f"'{name}' has no milestone saying what it will achieve by when."
            yield Flag("programme_no_milestone", name, sentence, number, "programme", pk, pk)
        if last_update is None or last_update < update_due:
            since = "has never had a progress update" if last_update is None else \
                f"has had no progress update since {last_update:%d %B %Y}"
            yield Flag("programme_no_update", name, f"'{name}' {since}.", number, "programme", pk, pk)


def _milestone_flags(theme, board, today):
    overdue = Milestone.objects.exclude(status=Milestone.Status.DONE).filter(due_date__lt=today).values_list(
        "programme_id", "programme__name", "programme__theme__number", "description", "due_date"
    )
    if theme is not None:
        overdue = overdue.filter(programme__theme__number=theme)
    if board is not None:
        overdue = overdue.filter(programme__boards=board)
    for pk, name, number, description, due in overdue:
        yield Flag("milestone_overdue", name,
                   f"'{name}': the milestone '{description[:120]}' was due on {due:%d %B %Y} and is not done.",
                   number, "programme", pk, pk)


def _action_flags(today):
    overdue = Action.objects.filter(status=Action.Status.OPEN, due_date__lt=today)
    for action in overdue:
        yield Flag("action_overdue", f"Action {action.number}",
                   f"HCP action {action.number} ({action.owner}) was due on {action.due_date:%d %B %Y} and is still "
                   f"open: {action.text[:120]}", None, "action", None, action.pk)


def _theme_flags(theme):
    themes = Theme.objects.annotate(programme_count=Count("programmes")).filter(programme_count=0)
    if theme is not None:
        themes = themes.filter(number=theme)
    for item in themes:
        yield Flag("theme_no_programme", f"Theme {item.number}: {item.title}",
                   f"Theme {item.number} has no programme in the delivery plan.", item.number, "theme", item.number,
                   item.pk)


def _stocktake_flags(theme):
    counts = Activity.objects.current().values("row_kind", "row_number", "level").annotate(n=Count("pk"))
    by_row = defaultdict(dict)  # (row_kind, row_number) -> {level id: activities}
    for row in counts:
        by_row[(row["row_kind"], row["row_number"])][row["level"]] = row["n"]
    if not by_row:
        if theme is None:
            yield Flag("stocktake_missing", "Stocktake", "No stocktake has been uploaded yet, so nothing is known of "
                       "what each level is doing.", None, "stocktake", None, None)
        return
    levels_by_id = {area.pk: area for area in Area.objects.levels()}
    places = [area for area in levels_by_id.values() if area.is_place]
    themes = Theme.objects.all() if theme is None else Theme.objects.filter(number=theme)
    for item in themes:
        levels = by_row.get(("theme", item.number), {})
        for place in places:
            if place.pk not in levels:
                yield Flag("place_no_activity", f"{place.name}, theme {item.number}",
                           f"{place.name} has recorded no activity under theme {item.number}: {item.title}.",
                           item.number, "place", place.slug, place.pk)
        if len(levels) == 1:
            only = levels_by_id[next(iter(levels))]
            yield Flag("theme_one_level", f"Theme {item.number}: {item.title}",
                       f"All the activity recorded under theme {item.number} is at one level: {only.name}.",
                       item.number, "theme", item.number, item.pk)
    if theme is None:
        place_ids = {place.pk for place in places}
        for recommendation in SystemRecommendation.objects.all():
            if not place_ids & set(by_row.get(("system", recommendation.number), {})):
                yield Flag("system_no_borough_activity", f"System recommendation {recommendation.number}",
                           f"No borough has recorded activity under system recommendation {recommendation.number}: "
                           f"{recommendation.title}.", None, "stocktake", None, recommendation.pk)


def _and(parts):
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def delivery_by_theme(theme=None, today=None):
    """{theme number: {"overdue": milestones overdue, "rag": Counter of latest RAG ("none" for no update)}}."""
    today = today or timezone.localdate()
    result = defaultdict(lambda: {"overdue": 0, "rag": Counter()})
    programmes = Programme.objects.all() if theme is None else Programme.objects.filter(theme__number=theme)
    for number, rag in programmes.values_list("theme__number", "latest_rag"):
        result[number]["rag"][rag or "none"] += 1
    overdue = (Milestone.objects.exclude(status=Milestone.Status.DONE).filter(due_date__lt=today)
               .filter(programme__in=programmes).values_list("programme__theme__number").annotate(n=Count("pk")))
    for number, n in overdue:
        result[number]["overdue"] = n
    return result
