"""Dashboard services: gap flags that make the coherence between themes, indicators and programmes,
and its absence, visible. One function, `gaps`, serves the pages, the export and `manage.py gaps`."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from indicators.models import Indicator

from .models import Programme, Theme

KINDS = {
    "indicator_no_data": "Indicator with no data",
    "indicator_stale": "Indicator data out of date",
    "indicator_not_live": "Indicator not live",
    "indicator_no_programme": "Indicator no programme acts on",
    "programme_unlinked": "Unlinked action",
    "programme_incomplete": "Programme missing information",
    "theme_no_programme": "Theme with no programme",
}

# Where each kind of subject is shown, and where the business team fixes it. Links are worked out only
# when a flag is shown, so counting flags for the overview costs no URL reversing.
PAGES = {"indicator": "indicator-detail", "programme": "programme-detail", "theme": "theme-detail"}
FIXES = {
    "indicator_no_data": ("indicator-upload", None),
    "indicator_stale": ("indicator-upload", None),
    "indicator_not_live": ("admin:indicators_indicator_change", "pk"),
    "indicator_no_programme": ("admin:indicators_indicator_change", "pk"),
    "programme_unlinked": ("admin:programmes_programme_change", "pk"),
    "programme_incomplete": ("admin:programmes_programme_change", "pk"),
    "theme_no_programme": ("admin:programmes_programme_add", None),
}


@dataclass(frozen=True)
class Flag:
    kind: str
    subject: str
    sentence: str
    theme: int | None
    model: str  # "indicator", "programme" or "theme"
    key: int  # the subject's number (indicator, theme) or primary key (programme)
    pk: int

    @property
    def kind_label(self):
        return KINDS[self.kind]

    @property
    def url(self):
        return reverse(PAGES[self.model], args=[self.key])

    @property
    def fix_url(self):
        name, arg = FIXES[self.kind]
        return reverse(name, args=[self.pk] if arg else [])


def gaps(theme=None, board=None, kinds=None, today=None):
    """Every gap flag, optionally for one theme number or one board; a fixed number of queries."""
    today = today or timezone.localdate()
    flags = list(_programme_flags(theme, board))
    if board is None:
        flags = [*_indicator_flags(theme, today), *flags, *_theme_flags(theme)]
    if kinds:
        flags = [flag for flag in flags if flag.kind in kinds]
    return flags


def _indicator_flags(theme, today):
    linked = Programme.indicators.through.objects.filter(indicator=OuterRef("pk"))
    indicators = Indicator.objects.with_summary().annotate(acted_on=Exists(linked))
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
        if not indicator.acted_on:
            yield flag("indicator_no_programme",
                       f"No programme in the delivery plan is linked to {subject}, so nothing is known to act on it.")


def _programme_flags(theme, board):
    through = Programme.indicators.through.objects.filter(programme=OuterRef("pk"))
    boards = Programme.boards.through.objects.filter(programme=OuterRef("pk"))
    programmes = Programme.objects.annotate(linked=Exists(through), has_board=Exists(boards)).values_list(
        "pk", "name", "theme__number", "status", "measures", "linked", "has_board"
    )
    if theme is not None:
        programmes = programmes.filter(theme__number=theme)
    if board is not None:
        programmes = programmes.filter(boards=board)
    for pk, name, number, status, measures, linked, has_board in programmes:
        if not linked:
            sentence = f"'{name}' is linked to no Beacon Indicator, so its effect on outcomes cannot be seen."
            yield Flag("programme_unlinked", name, sentence, number, "programme", pk, pk)
        missing = []
        if status == Programme.Status.PENDING:
            missing.append("is pending information")
        if not has_board:
            missing.append("has no accountable board")
        if not measures.strip():
            missing.append("has no measures")
        if missing:
            yield Flag("programme_incomplete", name, f"'{name}' {_and(missing)}.", number, "programme", pk, pk)


def _theme_flags(theme):
    themes = Theme.objects.annotate(programme_count=Count("programmes")).filter(programme_count=0)
    if theme is not None:
        themes = themes.filter(number=theme)
    for item in themes:
        yield Flag("theme_no_programme", f"Theme {item.number}: {item.title}",
                   f"Theme {item.number} has no programme in the delivery plan.", item.number, "theme", item.number,
                   item.pk)


def _and(parts):
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
