"""Gap flags: where the coherence between themes, indicators, programmes and the stocktake breaks down.

A registry: each kind is one `GapKind` choice and one small rule function registered with `@rule` (here, or in
progress_gaps.py and coherence_gaps.py for the progress and coherence rules, loaded when the app is ready), which
says where its subject is shown and where the business team fixes it. `gaps()` runs only the rules asked
for; rules share what they read through `Scope`, so asking for every kind costs a fixed number of queries.
Adding a kind is one choice and one function, whose `@rule` declares its severity (how soon) and owner (whose
move it is): tests/test_triage.py fails for a kind without them.
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from atf_portal.framework.models import SystemRecommendation, Theme
from atf_portal.returns.models import is_outstanding
from indicators.models import Indicator, IndicatorSummary, Target
from places.models import Area
from programmes.editions import in_edition
from programmes.models import Action, Milestone, Programme
from programmes.reporting.kind import UPDATES
from programmes.reporting.models import MeasureActual, ReportingPeriod, Update
from stocktake.models import Activity

from .coherence import programme_count


class GapKind(models.TextChoices):
    INDICATOR_NO_DATA = "indicator_no_data", "Indicator with no data"
    INDICATOR_STALE = "indicator_stale", "Indicator data out of date"
    INDICATOR_NOT_LIVE = "indicator_not_live", "Indicator not live"
    INDICATOR_NO_PROGRAMME = "indicator_no_programme", "Indicator no programme acts on"
    PROGRAMME_UNLINKED = "programme_unlinked", "Unlinked action"
    PROGRAMME_INCOMPLETE = "programme_incomplete", "Programme missing information"
    PROGRAMME_REPEATED = "programme_repeated", "Programme listed twice"
    BODY_ENDED = "body_ended", "Accountable body ended with no successor"
    THEME_NO_PROGRAMME = "theme_no_programme", "Theme with no programme"
    STOCKTAKE_MISSING = "stocktake_missing", "No stocktake yet"
    PLACE_NO_ACTIVITY = "place_no_activity", "Place with no activity under a theme"
    SYSTEM_NO_BOROUGH_ACTIVITY = "system_no_borough_activity", "System recommendation with no borough activity"
    THEME_ONE_LEVEL = "theme_one_level", "Theme with activity at one level only"
    MILESTONE_OVERDUE = "milestone_overdue", "Milestone overdue"
    PROGRAMME_NO_UPDATE = "programme_no_update", "Programme with no recent progress update"
    PROGRAMME_NO_MILESTONE = "programme_no_milestone", "Programme with no milestone"
    ACTION_OVERDUE = "action_overdue", "HCP action overdue"
    UPDATE_DUE = "update_due", "Update due and not submitted"
    UPDATE_RETURNED = "update_returned", "Update returned and not resubmitted"
    MEASURE_OFF_TRACK = "measure_off_track", "Measure off track"
    # Is the gap closing? (progress_gaps.py)
    INEQUALITY_WIDENING = "inequality_widening", "Inequality within a Place widening"
    OFF_TRAJECTORY = "off_trajectory", "Place off its target's trajectory"
    WORSE_THAN_BASELINE = "worse_than_baseline", "Worse than at the baseline"
    INDICATOR_NO_BASELINE = "indicator_no_baseline", "Indicator with no baseline data"
    INDICATOR_NO_TARGET = "indicator_no_target", "Indicator with no target"
    # Coherence (coherence_gaps.py)
    RECOMMENDATION_UNCOVERED = "recommendation_uncovered", "Recommendation with no programme or activity"
    PROGRAMME_NO_RECOMMENDATION = "programme_no_recommendation", "Programme linked to no recommendation"
    SUGGESTIONS_OPEN = "suggestions_open", "Suggested links waiting for review"
    # Anchor institutions (anchor_gaps.py)
    ANCHOR_NO_RETURN = "anchor_no_return", "Signatory with no evidence return for the Assembly"
    ANCHOR_RETURNED = "anchor_returned", "Evidence return returned and not resubmitted"
    MEMBER_NOT_SIGNATORY = "member_not_signatory", "HCP member not an Anchor Framework signatory"
    # Place and neighbourhood plans (plan_gaps.py)
    PLACE_NO_NEIGHBOURHOOD_PLAN = "place_no_neighbourhood_plan", "Place with no Neighbourhood Health Plan"
    PLAN_NO_ASSESSMENT = "plan_no_assessment", "Plan with no assessment against the framework"
    PRINCIPLE_UNADDRESSED = "principle_unaddressed", "Guiding principle no plan in a Place addresses"
    PLAN_MEASURE_NO_ACTUAL = "plan_measure_no_actual", "Plan measure with no actual in its last round"
    # Prevention investment (prevention_gaps.py)
    PREVENTION_NO_RETURN = "prevention_no_return", "Member with no approved prevention return for the last year"
    PREVENTION_OFF_LINE = "prevention_off_line", "Partnership off the prevention commitment's line"
    PREVENTION_AGAINST_NEED = "prevention_against_need", "Place receiving less per head as its need is greater"
    # Evidence (evidence_gaps.py)
    ASSESSMENT_NOT_RECORDED = "assessment_not_recorded", "Assessment asked for and not recorded"
    EVALUATION_AWAITED = "evaluation_awaited", "Programme awaiting evaluation"


class Severity(models.TextChoices):
    """How soon a kind of flag wants a move, in the order the pages list them."""

    ACT_NOW = "act_now", "Act now"
    PLAN = "plan", "Plan"
    NOTE = "note", "Note"


class Owner(models.TextChoices):
    """Whose move it is."""

    BUSINESS_TEAM = "business_team", "Business team"
    PROGRAMME_LEAD = "programme_lead", "A programme lead"
    MARMOT_LEAD = "marmot_lead", "A Marmot lead"
    BOARD = "board", "A board"


@dataclass(frozen=True)
class Rule:
    kind: GapKind
    severity: Severity | None
    owner: Owner | None
    page: str  # URL name of the subject's page
    fix: str  # URL name of the page where the business team fixes it
    fix_by_pk: bool  # whether the fix page takes the subject's primary key
    whole_portal: bool  # only when no theme or board is chosen (e.g. the HCP's own actions)
    by_board: bool  # also shown on a board's page
    find: object  # the rule: Scope -> iterable of Flag


RULES = {}


def rule(kind, page, fix, fix_by_pk=True, whole_portal=False, by_board=False, severity=None, owner=None):
    """Register a kind's rule with its severity and owner (`undeclared()` names a kind registered without them)."""
    def register(find):
        RULES[kind] = Rule(kind, severity, owner, page, fix, fix_by_pk, whole_portal, by_board, find)
        return find
    return register


def undeclared():
    """The registered kinds lacking a severity or an owner: none, or a test fails."""
    return [kind for kind, found in RULES.items() if not (found.severity and found.owner)]


@dataclass(frozen=True)
class Flag:
    kind: GapKind
    subject: str
    sentence: str
    theme: int | None
    key: object  # what the subject's page is found by: a number, primary key or slug (None: no argument)
    pk: int | None
    acknowledgement: object = None  # the FlagAcknowledgement in force for it, set by triage.acknowledged

    @property
    def kind_label(self):
        return GapKind(self.kind).label

    @property
    def url(self):
        return reverse(RULES[self.kind].page, args=[] if self.key is None else [self.key])

    @property
    def fix_url(self):
        found = RULES[self.kind]
        return reverse(found.fix, args=[self.pk] if found.fix_by_pk else [])

    @property
    def severity(self):
        return RULES[self.kind].severity

    @property
    def owner(self):
        return RULES[self.kind].owner

    @property
    def severity_label(self):
        return Severity(self.severity).label

    @property
    def owner_label(self):
        return Owner(self.owner).label

    @property
    def object_key(self):
        """The flagged object, as acknowledgements and sightings store it: its primary key, else its page's key."""
        return str(self.pk if self.pk is not None else self.key if self.key is not None else "")

    @property
    def is_about_programme(self):
        return RULES[self.kind].page == "programme-detail"


def gaps(theme=None, board=None, kinds=None, today=None, edition=None):
    """Every gap flag, optionally for one theme number or one board, or only some kinds; the programme flags are
    for one plan edition's rows (the current edition's unless another is given)."""
    return flags_in(Scope(theme, board, today or timezone.localdate(), edition), kinds)


def flags_in(scope, kinds=None):
    """The flags of a Scope a page made itself, so it reads what the rules have read (the home page's themes): the
    stored flags while they are current, else the rules' own (flag_store.py)."""
    from .flag_store import stored  # it reads this module's Flag and rules

    found = stored(scope, kinds)
    return computed(scope, kinds) if found is None else found


def computed(scope, kinds=None):
    """The flags the rules raise now."""
    theme, board = scope.theme, scope.board
    flags = []
    for found in RULES.values():
        if kinds and found.kind not in kinds:
            continue
        if (board is not None and not found.by_board) or (found.whole_portal and theme is not None):
            continue
        flags.extend(found.find(scope))
    return flags


# A summary's JSON no rule reads (they read its latest period, its Places' entries and their inequality).
UNREAD = IndicatorSummary.json_besides("places", "inequality")


class Scope:
    """What the rules read, each part fetched once and only when a rule needs it."""

    def __init__(self, theme, board, today, edition=None, areas=None):
        """`areas`: what a page has read already (the home's), including every level. A page that has read the themes
        in scope with themes_with_figures' figures sets them as `themes` (the home's, from the store or not)."""
        self.theme, self.board, self.today, self.edition = theme, board, today, edition
        if areas is not None:
            self.levels = {area.pk: area for area in areas if area.is_level}

    @cached_property
    def store(self):
        """The flag store's row while it is current (flag_store.current), read once however many parts of a page
        ask."""
        from .flag_store import current  # it reads this module's Flag and rules

        return current()

    def programmes(self):
        programmes = Programme.objects.in_edition(self.edition)
        if self.theme is not None:
            programmes = programmes.filter(theme__number=self.theme)
        if self.board is not None:
            programmes = programmes.filter(boards=self.board)
        return programmes

    @cached_property
    def programme_rows(self):
        # What each is linked to and any ended body rides on the same query (the unlinked, incomplete, no-milestone
        # and ended-body rules here, no recommendation in coherence_gaps.py).
        return list(self.programmes().with_links().with_ended_body().values_list(
            "pk", "name", "theme__number", "status", "measures", "last_update_on", "repeats_id", "has_indicator",
            "has_board", "has_milestone", "has_recommendation", "has_system_recommendation", "ended_body",
            "ended_body_on", named=True))

    @cached_property
    def indicators(self):
        # Whether each has a target (progress_gaps.indicator_no_target) and whether a programme of the edition acts
        # on it (indicator_no_programme) ride on the same query.
        # A retired indicator has left the set: its data and history stay, but nothing is measured against it.
        acting = Programme.indicators.through.objects.filter(indicator=OuterRef("pk"),
                                                             **in_edition("programme__", self.edition))
        indicators = Indicator.objects.exclude(status=Indicator.Status.RETIRED).with_summary(UNREAD).annotate(
            has_target=Exists(Target.objects.filter(indicator=OuterRef("pk"))), acted_on=Exists(acting))
        return list(indicators if self.theme is None else indicators.filter(theme__number=self.theme))

    @cached_property
    def themes(self):
        """The themes in scope, each with its count of the edition's programmes (theme_no_programme); the home page
        gives its own, with every figure of themes_with_figures."""
        themes = Theme.objects.annotate(programme_count=programme_count(self.edition))
        return list(themes if self.theme is None else themes.filter(number=self.theme))

    @cached_property
    def activity(self):
        """{(row_kind, row_number): {level id: activities}} from the current stocktake."""
        return Activity.objects.current().counts_by_row_and_level()

    @cached_property
    def levels(self):
        return {area.pk: area for area in Area.objects.levels()}


def _indicator_flag(kind, indicator, sentence):
    theme = indicator.theme.number if indicator.theme else None
    return Flag(kind, indicator.subject, sentence, theme, indicator.number, indicator.pk)


def _programme_flag(kind, row, sentence):
    return Flag(kind, row.name, sentence, row.theme__number, row.pk, row.pk)


@rule(GapKind.INDICATOR_NOT_LIVE, "indicator-detail", "admin:indicators_indicator_change",
      severity=Severity.NOTE, owner=Owner.BUSINESS_TEAM)
def indicator_not_live(scope):
    for indicator in scope.indicators:
        if not indicator.is_live:
            yield _indicator_flag(GapKind.INDICATOR_NOT_LIVE, indicator, f"{indicator.subject} is "
                                  f"{indicator.get_status_display().lower()}, so progress on it cannot be measured.")


@rule(GapKind.INDICATOR_NO_DATA, "indicator-detail", "indicator-upload", fix_by_pk=False,
      severity=Severity.PLAN, owner=Owner.BUSINESS_TEAM)
def indicator_no_data(scope):
    for indicator in scope.indicators:
        if indicator.is_live and not (indicator.summary and indicator.summary.has_data):
            yield _indicator_flag(GapKind.INDICATOR_NO_DATA, indicator,
                                  f"{indicator.subject} is live but the portal holds no figures for it.")


@rule(GapKind.INDICATOR_STALE, "indicator-detail", "indicator-upload", fix_by_pk=False,
      severity=Severity.PLAN, owner=Owner.BUSINESS_TEAM)
def indicator_stale(scope):
    oldest_fresh_year = scope.today.year - settings.GAP_STALE_YEARS
    for indicator in scope.indicators:
        summary = indicator.summary
        if indicator.is_live and summary and summary.has_data and summary.latest_period_end < oldest_fresh_year:
            yield _indicator_flag(GapKind.INDICATOR_STALE, indicator,
                                  f"The latest figures for {indicator.subject} are for {summary.latest_period}, "
                                  f"more than {settings.GAP_STALE_YEARS} years old.")


@rule(GapKind.INDICATOR_NO_PROGRAMME, "indicator-detail", "admin:indicators_indicator_change",
      severity=Severity.PLAN, owner=Owner.BOARD)
def indicator_no_programme(scope):
    for indicator in scope.indicators:
        if not indicator.acted_on:
            yield _indicator_flag(GapKind.INDICATOR_NO_PROGRAMME, indicator, f"No programme in the delivery plan is "
                                  f"linked to {indicator.subject}, so nothing is known to act on it.")


@rule(GapKind.PROGRAMME_UNLINKED, "programme-detail", "admin:programmes_programme_change", by_board=True,
      severity=Severity.PLAN, owner=Owner.PROGRAMME_LEAD)
def programme_unlinked(scope):
    for row in scope.programme_rows:
        if not row.has_indicator:
            yield _programme_flag(GapKind.PROGRAMME_UNLINKED, row, f"'{row.name}' is linked to no Beacon Indicator, "
                                  "so its effect on outcomes cannot be seen.")


@rule(GapKind.PROGRAMME_INCOMPLETE, "programme-detail", "admin:programmes_programme_change", by_board=True,
      severity=Severity.PLAN, owner=Owner.PROGRAMME_LEAD)
def programme_incomplete(scope):
    for row in scope.programme_rows:
        missing = []
        if row.status == Programme.Status.PENDING:
            missing.append("is pending information")
        if not row.has_board:
            missing.append("has no accountable board")
        if not row.measures.strip():
            missing.append("has no measures")
        if missing:
            yield _programme_flag(GapKind.PROGRAMME_INCOMPLETE, row, f"'{row.name}' {_and(missing)}.")


@rule(GapKind.PROGRAMME_REPEATED, "programme-detail", "admin:programmes_programme_change", by_board=True,
      severity=Severity.NOTE, owner=Owner.BUSINESS_TEAM)
def programme_repeated(scope):
    for row in scope.programme_rows:
        if row.repeats_id is not None:
            yield _programme_flag(GapKind.PROGRAMME_REPEATED, row, f"'{row.name}': the plan lists this programme "
                                  "twice, so the team can merge the two rows or correct this one.")


@rule(GapKind.BODY_ENDED, "programme-detail", "admin:programmes_board_changelist", fix_by_pk=False, by_board=True,
      severity=Severity.ACT_NOW, owner=Owner.BUSINESS_TEAM)
def body_ended(scope):
    """A programme accountable to a body that has ended with no successor named: nobody is known to answer for it.
    (One with a successor waits for the team to move it: the board page says so.)"""
    for row in scope.programme_rows:
        if row.ended_body is not None:
            yield _programme_flag(GapKind.BODY_ENDED, row, f"'{row.name}': its accountable body, {row.ended_body}, "
                                  f"ended on {row.ended_body_on:%d %B %Y} and no successor is named.")


@rule(GapKind.PROGRAMME_NO_MILESTONE, "programme-detail", "admin:programmes_programme_change", by_board=True,
      severity=Severity.PLAN, owner=Owner.PROGRAMME_LEAD)
def programme_no_milestone(scope):
    for row in scope.programme_rows:
        if not row.has_milestone:
            yield _programme_flag(GapKind.PROGRAMME_NO_MILESTONE, row,
                                  f"'{row.name}' has no milestone saying what it will achieve by when.")


@rule(GapKind.PROGRAMME_NO_UPDATE, "programme-detail", "admin:programmes_programme_change", by_board=True,
      severity=Severity.PLAN, owner=Owner.PROGRAMME_LEAD)
def programme_no_update(scope):
    if _open_periods(scope):
        return  # while a reporting round is open, "update due" says it instead
    update_due = scope.today - datetime.timedelta(days=round(30.44 * settings.GAP_UPDATE_MONTHS))
    for row in scope.programme_rows:
        last = row.last_update_on
        if last is None or last < update_due:
            since = "has never had a progress update" if last is None else \
                f"has had no progress update since {last:%d %B %Y}"
            yield _programme_flag(GapKind.PROGRAMME_NO_UPDATE, row, f"'{row.name}' {since}.")


@rule(GapKind.MILESTONE_OVERDUE, "programme-detail", "admin:programmes_programme_change", by_board=True,
      severity=Severity.ACT_NOW, owner=Owner.PROGRAMME_LEAD)
def milestone_overdue(scope):
    overdue = Milestone.objects.overdue(scope.today).filter(programme__in=scope.programmes()).values_list(
        "programme_id", "programme__name", "programme__theme__number", "description", "due_date")
    for pk, name, number, description, due in overdue:
        yield Flag(GapKind.MILESTONE_OVERDUE, name,
                   f"'{name}': the milestone '{description[:120]}' was due on {due:%d %B %Y} and is not done.",
                   number, pk, pk)


@rule(GapKind.ACTION_OVERDUE, "action-list", "admin:programmes_action_change", whole_portal=True,
      severity=Severity.ACT_NOW, owner=Owner.BUSINESS_TEAM)
def action_overdue(scope):
    for action in Action.objects.overdue(scope.today):
        yield Flag(GapKind.ACTION_OVERDUE, f"Action {action.number}",
                   f"HCP action {action.number} ({action.owner}) was due on {action.due_date:%d %B %Y} and is still "
                   f"open: {action.text[:120]}", None, None, action.pk)


@rule(GapKind.THEME_NO_PROGRAMME, "theme-detail", "admin:programmes_programme_add", fix_by_pk=False,
      severity=Severity.ACT_NOW, owner=Owner.BOARD)
def theme_no_programme(scope):
    for theme in scope.themes:
        if theme.programme_count == 0:
            yield Flag(GapKind.THEME_NO_PROGRAMME, theme.subject, f"Theme {theme.number} has no programme in the "
                       "delivery plan.", theme.number, theme.number, theme.pk)


@rule(GapKind.STOCKTAKE_MISSING, "stocktake-coverage", "stocktake-upload", fix_by_pk=False, whole_portal=True,
      severity=Severity.ACT_NOW, owner=Owner.BUSINESS_TEAM)
def stocktake_missing(scope):
    if not scope.activity:
        yield Flag(GapKind.STOCKTAKE_MISSING, "Stocktake", "No stocktake has been uploaded yet, so nothing is known "
                   "of what each level is doing.", None, None, None)


@rule(GapKind.PLACE_NO_ACTIVITY, "place-detail", "stocktake-upload", fix_by_pk=False,
      severity=Severity.PLAN, owner=Owner.MARMOT_LEAD)
def place_no_activity(scope):
    if not scope.activity:
        return
    places = [area for area in scope.levels.values() if area.is_place]
    for theme in scope.themes:
        levels = scope.activity.get((Activity.RowKind.THEME, theme.number), {})
        for place in places:
            if place.pk not in levels:
                yield Flag(GapKind.PLACE_NO_ACTIVITY, f"{place.name}, theme {theme.number}",
                           f"{place.name} has recorded no activity under theme {theme.number}: {theme.title}.",
                           theme.number, place.slug, place.pk)


@rule(GapKind.THEME_ONE_LEVEL, "theme-detail", "stocktake-upload", fix_by_pk=False,
      severity=Severity.NOTE, owner=Owner.BOARD)
def theme_one_level(scope):
    for theme in scope.themes:
        levels = scope.activity.get((Activity.RowKind.THEME, theme.number), {})
        if len(levels) == 1:
            only = scope.levels[next(iter(levels))]
            yield Flag(GapKind.THEME_ONE_LEVEL, theme.subject, f"All the activity recorded under theme "
                       f"{theme.number} is at one level: {only.name}.", theme.number, theme.number, theme.pk)


@rule(GapKind.SYSTEM_NO_BOROUGH_ACTIVITY, "stocktake-coverage", "stocktake-upload", fix_by_pk=False,
      whole_portal=True,
      severity=Severity.NOTE, owner=Owner.BOARD)
def system_no_borough_activity(scope):
    if not scope.activity:
        return
    place_ids = {pk for pk, area in scope.levels.items() if area.is_place}
    for recommendation in SystemRecommendation.objects.all():
        if not place_ids & set(scope.activity.get((Activity.RowKind.SYSTEM_RECOMMENDATION, recommendation.number), {})):
            yield Flag(GapKind.SYSTEM_NO_BOROUGH_ACTIVITY, f"System recommendation {recommendation.number}",
                       f"No borough has recorded activity under system recommendation {recommendation.number}: "
                       f"{recommendation.title}.", None, None, recommendation.pk)


def _and(parts):
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


# Reporting rounds (programmes/reporting): what each open round is still waiting for, and measures off track.

def _open_periods(scope):
    """The open reporting rounds and {(period id, programme id): update state}, read once per Scope."""
    if "_open_periods" not in scope.__dict__:
        periods = list(ReportingPeriod.objects.open().filter(**in_edition(edition=scope.edition)).order_by("end"))
        states = {}
        if periods:
            states = {(p, g): s for p, g, s in Update.objects.filter(period__in=periods).values_list(
                "period_id", "programme_id", "state")}
        scope.__dict__["_open_periods"] = (periods, states)
    return scope.__dict__["_open_periods"][0]


def _round_states(scope):
    _open_periods(scope)
    return scope.__dict__["_open_periods"][1]


@rule(GapKind.UPDATE_DUE, "programme-detail", "reporting-review", fix_by_pk=False, by_board=True,
      severity=Severity.ACT_NOW, owner=Owner.PROGRAMME_LEAD)
def update_due(scope):
    states = _round_states(scope)
    for period in _open_periods(scope):
        for row in scope.programme_rows:
            state = states.get((period.pk, row.pk))
            # A returned update has a flag of its own (below).
            if not UPDATES.expects(row) or not is_outstanding(state) or state == Update.State.RETURNED:
                continue
            when = "was due" if period.is_late(scope.today) else "is due"
            yield _programme_flag(GapKind.UPDATE_DUE, row, f"'{row.name}': the {period.name} update {when} on "
                                  f"{period.due_date:%d %B %Y} and has not been submitted.")


@rule(GapKind.UPDATE_RETURNED, "programme-detail", "reporting-review", fix_by_pk=False, by_board=True,
      severity=Severity.ACT_NOW, owner=Owner.PROGRAMME_LEAD)
def update_returned(scope):
    states = _round_states(scope)
    for period in _open_periods(scope):
        for row in scope.programme_rows:
            if states.get((period.pk, row.pk)) == Update.State.RETURNED:
                yield _programme_flag(GapKind.UPDATE_RETURNED, row, f"'{row.name}': the {period.name} update was "
                                      "returned by the business team and has not been resubmitted.")


@rule(GapKind.MEASURE_OFF_TRACK, "programme-detail", "admin:reporting_measure_changelist", fix_by_pk=False,
      by_board=True,
      severity=Severity.ACT_NOW, owner=Owner.PROGRAMME_LEAD)
def measure_off_track(scope):
    """A measure whose latest actual is on the wrong side of the line from its baseline to its target."""
    latest = {}
    actuals = MeasureActual.objects.filter(measure__programme__in=scope.programmes()).select_related(
        "measure__programme__theme", "period").order_by("period__end")
    for actual in actuals:
        latest[actual.measure_id] = actual
    for actual in latest.values():
        if actual.off_track:
            measure, programme = actual.measure, actual.measure.programme
            yield Flag(GapKind.MEASURE_OFF_TRACK, programme.name,
                       f"'{programme.name}': {measure.what} was {actual.value:g} at {actual.period.end:%d %B %Y}, "
                       f"off the line to {measure.target_value:g} by {measure.target_date:%B %Y}.",
                       programme.theme.number, programme.pk, programme.pk)
