"""What changed since a date (a board's last meeting, or any day chosen): new data periods, Places whose
comparison with England or trend changed, returns approved and gap flags new and resolved. A fixed number of
queries, whatever the data.

Comparisons and trends are read as they stood at the date from the labels each summary refresh records
(indicators.SummaryLabels); flags from the daily record of when each was first seen and resolved (FlagSighting,
written by the `record_sightings` task). Neither reaches back before its first record, and the page says so.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from atf_portal.returns.kinds import registered
from atf_portal.returns.models import State
from indicators.models import IndicatorSummary, IndicatorValue, SummaryLabels, labels_of
from places.models import Area

from .models import BoardMeeting, FlagSighting

UNREAD = IndicatorSummary.json_besides("places")  # only the Places' labels are compared


@dataclass(frozen=True)
class LabelChange:
    indicator: object
    place: object
    what: str  # "Comparison with England" or "Trend"
    before: str
    after: str


@dataclass
class Since:
    date: object
    new_periods: list = field(default_factory=list)  # (indicator, [periods])
    changes: list = field(default_factory=list)  # LabelChange
    approved: list = field(default_factory=list)  # (kind, [(return, respondent)])
    flags_new: list = field(default_factory=list)  # FlagSighting
    flags_resolved: list = field(default_factory=list)
    labels_from: object = None  # the first day labels were recorded (None: never)
    flags_from: object = None  # the first day flags were recorded

    @property
    def anything(self):
        return any([self.new_periods, self.changes, self.flags_new, self.flags_resolved,
                    any(returns for _, returns in self.approved)])


def last_meeting(board, today):
    """The board's latest recorded meeting before today, or None."""
    return BoardMeeting.objects.filter(board=board, date__lt=today).order_by("-date").first()


def since(date):
    found = Since(date)
    summaries = list(IndicatorSummary.objects.filter(is_default=True).select_related("indicator").defer(*UNREAD))
    found.new_periods = _new_periods(date, summaries)
    found.changes, found.labels_from = _label_changes(date, summaries)
    found.approved = [(kind, [(ret, kind.respondent_of(ret)) for ret in kind.returns().filter(
        state=State.APPROVED, decided_at__date__gt=date).select_related(kind.respondent_field, "period")
        .order_by("decided_at")]) for kind in registered()]
    sightings = FlagSighting.objects.filter(Q(first_seen__gt=date) | Q(resolved_on__gt=date))
    for sighting in sightings.order_by("kind", "subject"):
        if sighting.first_seen > date:
            found.flags_new.append(sighting)
        if sighting.resolved_on and sighting.resolved_on > date:
            found.flags_resolved.append(sighting)
    found.flags_from = FlagSighting.objects.aggregate(first=Min("first_seen"))["first"]
    return found


def _new_periods(date, summaries):
    """Each indicator's periods with figures imported after the date that no earlier import held: one grouping, its
    first import after the day's end and none loaded without an import (compared as a moment, not as each row's
    date, which SQLite would work out in Python row by row)."""
    after = timezone.make_aware(datetime.datetime.combine(date + datetime.timedelta(days=1), datetime.time.min))
    values = IndicatorValue.objects.headline().filter(area__in=Area.objects.portal()).order_by()
    pairs = values.values_list("indicator_id", "period").annotate(
        first=Min("upload__imported_at"), unrecorded=Count("pk", filter=Q(upload__isnull=True))
    ).filter(first__gte=after, unrecorded=0)
    new = defaultdict(list)
    for indicator, period, _, _ in pairs:
        new[indicator].append(period)
    indicators = {s.indicator_id: s.indicator for s in summaries}  # the default summaries', as before
    return [(indicators[pk], sorted(periods)) for pk, periods in sorted(new.items()) if pk in indicators]


def _label_changes(date, summaries):
    """Every Place whose comparison with England or trend differs now from the labels recorded at the date."""
    recorded = SummaryLabels.objects.filter(recorded_at__date__lte=date)
    latest = {(r["indicator_id"], r["sex"], r["age"]): r["last"] for r in
              recorded.values("indicator_id", "sex", "age").annotate(last=Max("recorded_at")).order_by()}
    first = SummaryLabels.objects.aggregate(first=Min("recorded_at"))["first"]
    if not latest:
        return [], first
    was = {(r.indicator_id, r.sex, r.age): r.labels for r in recorded.filter(recorded_at__in=set(latest.values()))
           if latest.get((r.indicator_id, r.sex, r.age)) == r.recorded_at}
    places = {str(area.pk): area for area in Area.objects.places()}
    changes = []
    for summary in summaries:
        before = was.get((summary.indicator_id, summary.sex, summary.age))
        if before is None:
            continue
        for area_id, (comparison, trend) in labels_of(summary).items():
            if area_id not in before or area_id not in places:
                continue
            old_comparison, old_trend = before[area_id]
            if comparison != old_comparison:
                changes.append(LabelChange(summary.indicator, places[area_id], "Comparison with England",
                                           old_comparison, comparison))
            if trend != old_trend:
                changes.append(LabelChange(summary.indicator, places[area_id], "Trend", old_trend, trend))
    return changes, first
