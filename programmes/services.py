"""Dashboard services: gap flags that make the coherence between themes, indicators and programmes,
and its absence, visible. One function, `gaps`, serves the pages, the export and `manage.py gaps`."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count
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


@dataclass(frozen=True)
class Flag:
    kind: str
    subject: str
    sentence: str
    url: str  # the portal page about the subject
    fix_url: str  # where the business team fixes it
    theme: int | None

    @property
    def kind_label(self):
        return KINDS[self.kind]


def _admin(model_name, pk):
    return reverse(f"admin:{model_name}_change", args=[pk])


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
    indicators = Indicator.objects.with_summary().annotate(programme_count=Count("programmes"))
    if theme is not None:
        indicators = indicators.filter(theme__number=theme)
    oldest_fresh_year = today.year - settings.GAP_STALE_YEARS
    for indicator in indicators:
        subject = f"Indicator {indicator.number}: {indicator.title}"
        url, fix = indicator.get_absolute_url(), _admin("indicators_indicator", indicator.pk)
        number = indicator.theme.number if indicator.theme else None
        summary = indicator.summary
        if not indicator.is_live:
            sentence = f"{subject} is {indicator.get_status_display().lower()}, so progress on it cannot be measured."
            yield Flag("indicator_not_live", subject, sentence, url, fix, number)
        elif summary is None or not summary.has_data:
            yield Flag("indicator_no_data", subject, f"{subject} is live but the portal holds no figures for it.",
                       url, reverse("indicator-upload"), number)
        elif summary.latest_period_end < oldest_fresh_year:
            yield Flag("indicator_stale", subject,
                       f"The latest figures for {subject} are for {summary.latest_period}, more than "
                       f"{settings.GAP_STALE_YEARS} years old.", url, reverse("indicator-upload"), number)
        if indicator.programme_count == 0:
            yield Flag("indicator_no_programme", subject,
                       f"No programme in the delivery plan is linked to {subject}, so nothing is known to act on it.",
                       url, fix, number)


def _programme_flags(theme, board):
    programmes = Programme.objects.select_related("theme").annotate(
        indicator_count=Count("indicators", distinct=True), board_count=Count("boards", distinct=True)
    )
    if theme is not None:
        programmes = programmes.filter(theme__number=theme)
    if board is not None:
        programmes = programmes.filter(boards=board)
    for programme in programmes:
        url, fix = programme.get_absolute_url(), _admin("programmes_programme", programme.pk)
        if programme.indicator_count == 0:
            sentence = f"'{programme.name}' is linked to no Beacon Indicator, so its effect on outcomes cannot be seen."
            yield Flag("programme_unlinked", programme.name, sentence, url, fix, programme.theme.number)
        missing = []
        if programme.status == Programme.Status.PENDING:
            missing.append("is pending information")
        if programme.board_count == 0:
            missing.append("has no accountable board")
        if not programme.measures.strip():
            missing.append("has no measures")
        if missing:
            yield Flag("programme_incomplete", programme.name,
                       f"'{programme.name}' {_and(missing)}.", url, fix, programme.theme.number)


def _theme_flags(theme):
    themes = Theme.objects.annotate(programme_count=Count("programmes"))
    if theme is not None:
        themes = themes.filter(number=theme)
    for item in themes.filter(programme_count=0):
        yield Flag("theme_no_programme", f"Theme {item.number}: {item.title}",
                   f"Theme {item.number} has no programme in the delivery plan.",
                   reverse("theme-detail", args=[item.number]), reverse("admin:programmes_programme_add"), item.number)


def _and(parts):
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
