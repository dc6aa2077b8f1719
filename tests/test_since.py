"""Since the last meeting: a worked example of what changed after a board met, as a page and in the board pack."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from atf_portal.dashboard.models import BoardMeeting, FlagSighting
from atf_portal.dashboard.since import since
from atf_portal.dashboard.tasks import record_sightings
from indicators.models import Indicator, IndicatorValue, SummaryLabels, Upload
from indicators.summary.analysis import refresh_summaries
from places.models import Area
from programmes.models import Board, Milestone, Programme
from programmes.reporting.kind import UPDATES
from programmes.reporting.models import ReportingPeriod
from tests.html import squashed

from .conftest import LEAD_PROGRAMME
from .dashboard_data import add_programmes, add_series

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
MET = TODAY - datetime.timedelta(days=14)
ENGLAND, KNOWSLEY = "E92000001", "E08000011"
# Knowsley level with England for five years (similar), then well below it in 2024/25 (worse: higher is better).
SIMILAR = {ENGLAND: (50.0, 49.9, 50.1, 50000, 100000), KNOWSLEY: (50.0, 49.0, 51.0, 500, 1000)}
WORSE = {ENGLAND: (50.0, 49.9, 50.1, 50000, 100000), KNOWSLEY: (45.0, 44.0, 46.0, 450, 1000)}


def worked_example(lead, business):
    """Before the meeting: Knowsley similar to England on indicator 4, and the day's flags recorded. After it: a
    new period with Knowsley worse, an update approved and a milestone that resolves a flag."""
    indicator = Indicator.objects.get(number=4)
    add_series(indicator, SIMILAR)
    SummaryLabels.objects.update(recorded_at=timezone.make_aware(datetime.datetime.combine(MET, datetime.time(9))))
    record_sightings(today=MET - datetime.timedelta(days=1))
    upload = Upload.objects.create(file_name="2024-25.csv", sha256="0" * 64, kind=Upload.Kind.TEMPLATE,
                                   status=Upload.Status.IMPORTED, imported_at=timezone.now())
    areas = {area.code: area for area in Area.objects.filter(code__in=WORSE)}
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=indicator, area=areas[code], period="2024/25", period_start=2024, period_end=2025,
                       sex="Persons", age="All ages", value=v, lower_ci=lo, upper_ci=hi, count=n, denominator=d,
                       upload=upload) for code, (v, lo, hi, n, d) in WORSE.items())
    refresh_summaries([indicator.pk])
    programme = Programme.objects.get(name=LEAD_PROGRAMME)
    period = ReportingPeriod.objects.create(name="2026-27 Q2", start=MET - datetime.timedelta(days=90), end=MET,
                                            due_date=TODAY, is_open=True)
    update = UPDATES.submit(UPDATES.return_for(period, programme, lead), lead,
                             {"rag": "green", "narrative": "On track."})
    UPDATES.approve(update, business)
    Milestone.objects.create(programme=programme, description="Every family offered a review",
                             due_date=TODAY + datetime.timedelta(days=60))
    record_sightings()
    return indicator, programme


def test_since_the_meeting_a_value_moved_from_similar_to_worse_an_update_was_approved_and_a_flag_resolved(
        programme_lead_user, business_user):
    indicator, programme = worked_example(programme_lead_user, business_user)
    found = since(MET)
    knowsley = [(c.what, c.before, c.after) for c in found.changes
                if c.indicator == indicator and c.place.code == KNOWSLEY]
    assert ("Comparison with England", "Similar", "Worse") in knowsley
    assert [(i.number, periods) for i, periods in found.new_periods] == [(4, ["2024/25"])]
    approved = {kind.slug: [who for _, who in returns] for kind, returns in found.approved}
    # one update; no return of any other kind
    assert approved.pop(UPDATES.slug) == [programme] and approved and not any(approved.values())
    resolved = {(s.kind, s.subject) for s in found.flags_resolved}
    assert ("programme_no_milestone", LEAD_PROGRAMME) in resolved
    assert not any(s.subject == LEAD_PROGRAMME and s.kind == "programme_no_milestone" for s in found.flags_new)
    assert FlagSighting.objects.get(kind="programme_no_milestone", subject=LEAD_PROGRAMME).resolved_on == TODAY


def test_the_since_page_starts_from_the_boards_last_recorded_meeting(board_client, programme_lead_user,
                                                                       business_user):
    worked_example(programme_lead_user, business_user)
    board = Board.objects.get(slug="transforming-care-operational-board")
    BoardMeeting.objects.create(board=board, date=MET - datetime.timedelta(days=60))
    BoardMeeting.objects.create(board=board, date=MET)
    page = squashed(board_client.get(reverse("since"), {"board": board.pk}))
    assert f"Since {MET:%-d %B %Y}, when {board} last met" in page
    assert 'Similar</td><td class="nhsuk-table__cell"><strong>Worse</strong></td>' in page
    assert f"{LEAD_PROGRAMME}, approved {TODAY:%-d %B %Y}" in page


def test_the_board_pack_opens_with_what_changed_since_the_boards_last_meeting(board_client, programme_lead_user,
                                                                             business_user):
    worked_example(programme_lead_user, business_user)
    board = Board.objects.get(slug="transforming-care-operational-board")
    period = ReportingPeriod.objects.get()
    url = reverse("reporting-board-pack", args=[period.pk, board.slug])
    assert "No meeting of this board before today is recorded" in squashed(board_client.get(url))
    BoardMeeting.objects.create(board=board, date=MET)
    page = squashed(board_client.get(url))
    assert f"Since the last meeting, {MET:%-d %B %Y}" in page and "<strong>Worse</strong>" in page


def test_the_since_page_costs_a_fixed_number_of_queries(board_client, django_assert_num_queries, settings,
                                                        programme_lead_user, business_user):
    """Session, user, permissions, groups; the summaries; the new periods (one, grouped); the
    labels recorded (three, with the Places); each kind's approved returns; the flags new and resolved and the
    first day recorded; the boards with meetings for the form."""
    settings.PAGE_CACHE = False
    worked_example(programme_lead_user, business_user)
    url = reverse("since") + f"?date={MET.isoformat()}"
    board_client.get(url)
    with django_assert_num_queries(18):
        board_client.get(url)
    add_programmes(40)
    record_sightings()
    with django_assert_num_queries(18):
        assert "Extra programme 0039" in board_client.get(url).content.decode()


def test_a_period_is_new_only_when_no_import_up_to_the_days_end_held_it():
    indicator = Indicator.objects.get(number=4)
    every = list(Area.objects.filter(code__in=WORSE))

    def imported(period, start, when, areas):
        upload = Upload.objects.create(file_name=f"{period}.csv", sha256=f"{start}{when:%H%M}".ljust(64, "0"),
                                       kind=Upload.Kind.TEMPLATE, status=Upload.Status.IMPORTED, imported_at=when)
        IndicatorValue.objects.bulk_create(
            IndicatorValue(indicator=indicator, area=area, period=period, period_start=start, period_end=start + 1,
                           sex="Persons", age="All ages", value=1.0, upload=upload) for area in areas)

    late_that_day = timezone.make_aware(datetime.datetime.combine(MET, datetime.time(23, 30)))
    next_morning = late_that_day + datetime.timedelta(hours=1)
    imported("2022/23", 2022, late_that_day, every[:1])  # on the day itself: not new since it
    imported("2022/23", 2022, next_morning, every[1:])  # held already: another Place's figure comes later
    imported("2023/24", 2023, next_morning, every)
    refresh_summaries([indicator.pk])
    assert [(i.number, periods) for i, periods in since(MET).new_periods] == [(4, ["2023/24"])]
