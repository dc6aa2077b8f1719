"""Gap flags on progress against the 2022 baseline, targets and inequality within Places (issue 13).

Each is one rule in the registry of gaps.py; all read the indicators' stored summaries (and whether each has a
target, read with them), so they cost no query beyond the Scope's own.
"""

from indicators.statistics.labels import Change, GapChange, Trajectory

from .gaps import GapKind, Owner, Severity, _indicator_flag, rule


def _places(scope, summary, test):
    """The names of the Places whose PlaceEntry (with its InequalityEntry or None) passes `test`, in the Places'
    order; the Places are read only when some entry passes (most pages have none to name)."""
    passing = {area_id for area_id, entry in summary.place_entries.items()
               if test(entry, summary.inequality_for(area_id))}
    if not passing:
        return []
    return [area.name for area in scope.levels.values() if area.is_place and area.pk in passing]


def _with_summary(scope):
    for indicator in scope.indicators:
        if indicator.is_live and indicator.summary and indicator.summary.has_data:
            yield indicator, indicator.summary


def _listed(names):
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@rule(GapKind.INEQUALITY_WIDENING, "indicator-detail", "admin:indicators_indicator_change",
      severity=Severity.PLAN, owner=Owner.BOARD)
def inequality_widening(scope):
    for indicator, summary in _with_summary(scope):
        names = _places(scope, summary, lambda _, within: bool(within and within.deprivation)
                        and within.deprivation.change == GapChange.WIDENING)
        if names:
            yield _indicator_flag(GapKind.INEQUALITY_WIDENING, indicator, f"{indicator.subject}: the gap between the "
                                  f"most and least deprived is widening significantly in {_listed(names)} (slope "
                                  "index of inequality, latest periods).")


def _places_flags(scope, kind, test, what):
    """One flag per indicator naming its Places that pass `test`; `what(summary)` ends the sentence."""
    for indicator, summary in _with_summary(scope):
        names = _places(scope, summary, test)
        if names:
            yield _indicator_flag(kind, indicator, f"{indicator.subject}: {_listed(names)} "
                                  f"{'is' if len(names) == 1 else 'are'} {what(summary)}.")


@rule(GapKind.OFF_TRAJECTORY, "indicator-detail", "admin:indicators_indicator_change",
      severity=Severity.PLAN, owner=Owner.BOARD)
def off_trajectory(scope):
    return _places_flags(scope, GapKind.OFF_TRAJECTORY,
                         lambda entry, _: bool(entry.trajectory) and entry.trajectory.status == Trajectory.OFF,
                         lambda summary: f"off the trajectory to the target in {summary.latest_period}")


@rule(GapKind.WORSE_THAN_BASELINE, "indicator-detail", "admin:indicators_indicator_change",
      severity=Severity.NOTE, owner=Owner.BOARD)
def worse_than_baseline(scope):
    return _places_flags(scope, GapKind.WORSE_THAN_BASELINE,
                         lambda entry, _: bool(entry.change and entry.change.significant)
                         and entry.change.label == Change.WORSE,
                         lambda summary: f"significantly worse in {summary.latest_period} than at the baseline "
                                         f"({summary.baseline_period})")


@rule(GapKind.INDICATOR_NO_BASELINE, "indicator-detail", "admin:indicators_indicator_change",
      severity=Severity.NOTE, owner=Owner.BUSINESS_TEAM)
def indicator_no_baseline(scope):
    for indicator, summary in _with_summary(scope):
        if not any(entry.change for entry in summary.place_entries.values()):
            chosen = summary.baseline_period or indicator.baseline_period
            why = (f"no Place has a figure for its baseline period {chosen} and a later one" if chosen else
                   "none of its periods covers 2022 and no baseline period is set")
            yield _indicator_flag(GapKind.INDICATOR_NO_BASELINE, indicator, f"{indicator.subject}: change since the "
                                  f"baseline cannot be measured, as {why}.")


@rule(GapKind.INDICATOR_NO_TARGET, "indicator-detail", "admin:indicators_target_add", fix_by_pk=False,
      severity=Severity.PLAN, owner=Owner.BOARD)
def indicator_no_target(scope):
    for indicator in scope.indicators:
        if indicator.is_live and not indicator.has_target:
            yield _indicator_flag(GapKind.INDICATOR_NO_TARGET, indicator, f"{indicator.subject} has no target, so "
                                  "no Place can be judged on or off track.")
