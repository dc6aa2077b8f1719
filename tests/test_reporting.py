"""Reporting rounds: leads report each quarter, the business team signs off, each board gets its pack."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from atf_portal.dashboard.gaps import gaps
from atf_portal.returns.services import Locked
from programmes.models import Board, Milestone, Programme, ProgressUpdate
from programmes.reporting import access
from programmes.reporting.kind import UPDATES
from programmes.reporting.models import Measure, MeasureActual, ProgrammeLead, ReportingPeriod, Update
from tests.html import squashed

from .conftest import LEAD_PROGRAMME, heading, run_worker_once
from .dashboard_data import add_programmes

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def open_period(due_in_days=10, name="2026-27 Q3", is_open=True):
    return ReportingPeriod.objects.create(
        name=name, start=TODAY - datetime.timedelta(days=90), end=TODAY - datetime.timedelta(days=1),
        due_date=TODAY + datetime.timedelta(days=due_in_days), is_open=is_open)


def lead_programme():
    return Programme.objects.get(name=LEAD_PROGRAMME)


def add_measure(programme, direction=Measure.Direction.HIGHER):
    return Measure.objects.create(
        programme=programme, what="Families reached", unit="families", direction=direction,
        baseline_value=100, baseline_date=TODAY - datetime.timedelta(days=365),
        target_value=300, target_date=TODAY + datetime.timedelta(days=365),
        source_text="Increase the number of families reached")


def form_url(period, programme):
    return reverse("reporting-form", args=[period.pk, programme.pk])


def complete(milestone=None, measure=None, **changes):
    data = {"rag": "amber", "reason": "Recruitment is slow", "narrative": "Two new health visitors started."}
    if milestone:
        data[f"milestone_{milestone.pk}"] = Milestone.Status.DONE
    if measure:
        data[f"actual_{measure.pk}"] = "150"
    data.update(changes)
    return data


def test_quarters_follow_the_financial_year_and_the_next_one_is_created_closed():
    period, created = ReportingPeriod.create_next_quarter(datetime.date(2026, 11, 23))
    assert created and (period.name, period.start, period.end) == (
        "2026-27 Q3", datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    assert not period.is_open and period.due_date == datetime.date(2027, 1, 15)
    following, _ = ReportingPeriod.create_next_quarter(datetime.date(2026, 11, 23))
    assert (following.name, following.start, following.end) == (
        "2026-27 Q4", datetime.date(2027, 1, 1), datetime.date(2027, 3, 31))
    call_command("next_reporting_period", "--open", stdout=io.StringIO())
    assert ReportingPeriod.objects.get(name="2027-28 Q1").is_open


def test_a_measure_is_off_track_on_the_wrong_side_of_the_line_from_baseline_to_target():
    measure = add_measure(lead_programme())
    assert measure.expected_at(TODAY) == pytest.approx(200, abs=1)
    assert measure.is_off_track(150, TODAY) and not measure.is_off_track(250, TODAY)
    measure.direction = Measure.Direction.LOWER
    assert not measure.is_off_track(150, TODAY) and measure.is_off_track(250, TODAY)


def test_a_lead_reports_only_on_their_own_programmes(
        programme_lead_client, programme_lead_user, board_client, business_client, outsider_client, lead_client):
    period = open_period()
    own, other = lead_programme(), Programme.objects.exclude(name=LEAD_PROGRAMME).first()
    assert programme_lead_client.get(form_url(period, own)).status_code == 200
    assert programme_lead_client.get(form_url(period, other)).status_code == 404
    assert programme_lead_client.post(form_url(period, other), complete()).status_code == 404
    for client in (board_client, business_client, outsider_client, lead_client):
        assert client.get(form_url(period, own)).status_code == 404
    assert [p.name for p in access.programmes_for(programme_lead_user)] == [LEAD_PROGRAMME]
    # The sign-off pages are the business team's.
    assert programme_lead_client.get(reverse("reporting-review")).status_code == 403
    assert board_client.get(reverse("reporting-review")).status_code == 403
    assert business_client.get(reverse("reporting-review")).status_code == 200
    programme_lead_client.post(form_url(period, own), complete(action="submit"))
    update = Update.objects.get()
    decide = reverse("reporting-decide", args=[update.pk])
    assert programme_lead_client.post(decide, {"decision": "approve"}).status_code == 403
    # A submitted update is for its lead and the business team; board members see it once approved.
    assert board_client.get(update.get_absolute_url()).status_code == 404
    assert outsider_client.get(update.get_absolute_url()).status_code == 404
    assert programme_lead_client.get(update.get_absolute_url()).status_code == 200
    # A board member tied to a programme in the admin is a lead for it.
    board_user = board_client.get(reverse("home")).wsgi_request.user
    ProgrammeLead.objects.create(user=board_user, programme=other)
    assert board_client.get(form_url(period, other)).status_code == 200


def test_the_draft_submit_return_resubmit_approve_cycle_is_kept_in_history_and_locks(
        programme_lead_client, programme_lead_user, business_client, business_user, board_client):
    period, programme = open_period(), lead_programme()
    milestone = Milestone.objects.create(programme=programme, description="Open two hubs", due_date=TODAY)
    measure = add_measure(programme)
    url = form_url(period, programme)

    response = programme_lead_client.post(url, {"narrative": "Half written", "action": "draft"})
    assert response.status_code == 302
    update = Update.objects.get()
    assert (update.state, update.narrative) == (Update.State.DRAFT, "Half written")
    assert "Half written" in programme_lead_client.get(url).content.decode()

    response = programme_lead_client.post(url, complete(milestone, measure, reason="", action="submit"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and "Give the reason for the amber rating" in page
    response = programme_lead_client.post(url, complete(milestone, action="submit"))
    assert "Enter the actual for &#x27;Families reached&#x27;" in response.content.decode()

    programme_lead_client.post(url, complete(milestone, measure, action="submit"))
    update.refresh_from_db()
    assert update.state == Update.State.SUBMITTED and update.submitted_at
    assert programme_lead_client.post(url, complete(milestone, measure, action="draft")).status_code == 403
    assert not ProgressUpdate.objects.filter(programme=programme).exists()  # nothing reaches the dashboards yet

    decide = reverse("reporting-decide", args=[update.pk])
    assert business_client.post(decide, {"decision": "return", "return_reason": ""}).status_code == 400
    business_client.post(decide, {"decision": "return", "return_reason": "Say which hubs opened"})
    update.refresh_from_db()
    assert update.state == Update.State.RETURNED
    assert "Say which hubs opened" in programme_lead_client.get(url).content.decode()
    assert [f.kind for f in gaps(kinds=["update_returned"])] == ["update_returned"]

    programme_lead_client.post(url, complete(milestone, measure, narrative="Hubs in Halton and Wirral opened.",
                                             action="submit"))
    assert business_client.get(reverse("reporting-review")).context["waiting"] == [update]
    business_client.post(decide, {"decision": "approve"})
    update.refresh_from_db()
    programme.refresh_from_db()
    milestone.refresh_from_db()
    assert (update.state, update.decided_by) == (Update.State.APPROVED, business_user)
    assert (programme.latest_rag, programme.last_update_on) == ("amber", TODAY)
    published = ProgressUpdate.objects.get(programme=programme)
    assert published.narrative.startswith("Hubs in Halton and Wirral opened.") and published.author == \
        programme_lead_user
    assert (milestone.status, milestone.done_on) == (Milestone.Status.DONE, TODAY)
    assert MeasureActual.objects.get(measure=measure, period=period).value == 150

    # Approved is locked for everyone, and readable by board members.
    assert programme_lead_client.post(url, complete(action="submit")).status_code == 403
    assert business_client.post(decide, {"decision": "return", "return_reason": "x"}).status_code == 403
    assert board_client.get(update.get_absolute_url()).status_code == 200
    history = list(update.history.order_by("history_date").values_list("state", "history_user__username"))
    assert history == [("draft", "programme-lead"), ("submitted", "programme-lead"), ("returned", "business"),
                       ("submitted", "programme-lead"), ("approved", "business")]


def test_a_closed_period_refuses_edits(programme_lead_client, programme_lead_user, business_user):
    period, programme = open_period(), lead_programme()
    update = UPDATES.submit(UPDATES.return_for(period, programme, programme_lead_user), programme_lead_user,
                             {"rag": "green", "narrative": "Fine"})
    period.is_open = False
    period.save()
    response = programme_lead_client.get(form_url(period, programme))
    assert "is closed" in response.content.decode() and b"Save as draft" not in response.content
    assert programme_lead_client.post(form_url(period, programme), complete(action="draft")).status_code == 403
    with pytest.raises(Locked):
        UPDATES.approve(update, business_user)
    with pytest.raises(Locked):
        UPDATES.save_draft(update, programme_lead_user, {"narrative": "Later"})


def test_completeness_counts_match_a_hand_built_dataset(business_user, django_user_model):
    board = Board.objects.get(slug="local-authorities-joint-committee")
    mine = list(board.programmes.order_by("pk"))  # 6 programmes, none marked ended; mine[3] repeats mine[1]
    mine[5].status = Programme.Status.WITHDRAWN  # no longer expected to report
    mine[5].save()
    period = open_period(due_in_days=-3)  # due date passed
    lead = django_user_model.objects.create_user("several")
    for programme in mine:
        ProgrammeLead.objects.create(user=lead, programme=programme)

    def submitted(programme):
        return UPDATES.submit(UPDATES.return_for(period, programme, lead), lead, {"rag": "green", "narrative": "x"})

    submitted(mine[0])
    UPDATES.approve(submitted(mine[1]), business_user)
    UPDATES.send_back(submitted(mine[2]), business_user, "More detail")
    UPDATES.save_draft(UPDATES.return_for(period, mine[4], lead), lead, {"narrative": "draft"})
    result = UPDATES.completeness(period, today=TODAY)
    tally = dict(result["boards"])[board]
    # 4 expected (6 less the withdrawn one and the Careers Hub row 3/10, which repeats 3/07 and is not expected
    # to report separately); 2 submitted, 1 of them approved; 1 returned; 2 late (4 less the 2).
    assert mine[3].repeats == mine[1]
    assert (tally.expected, tally.submitted, tally.approved, tally.returned, tally.late) == (4, 2, 1, 1, 2)
    running = Programme.objects.exclude(status__in=["completed", "withdrawn"]).filter(repeats=None).count()
    total = result["total"]
    assert (total.expected, total.submitted, total.approved, total.returned, total.late) == (
        running, 2, 1, 1, running - 2)
    assert sum(t.expected for _, _, t in result["themes"]) == running
    # Before the due date nothing is late.
    assert UPDATES.completeness(period, today=period.due_date)["total"].late == 0


def test_reminders_reach_the_right_leads_only(programme_lead_user, django_user_model, settings):
    settings.SITE_URL = "https://atf.example.nhs.uk"
    period = open_period(due_in_days=5)
    done_lead = django_user_model.objects.create_user("done", email="done@example.nhs.uk")
    done_programme = Programme.objects.exclude(name=LEAD_PROGRAMME).first()
    ProgrammeLead.objects.create(user=done_lead, programme=done_programme)
    UPDATES.submit(UPDATES.return_for(period, done_programme, done_lead), done_lead, {"rag": "green"})
    django_user_model.objects.create_user("not-a-lead", email="board@example.nhs.uk")

    call_command("send_reminders", "--days", "3", stdout=io.StringIO())
    assert mail.outbox == []  # due in 5 days: not yet
    call_command("send_reminders", "--days", "7", stdout=io.StringIO())
    [email] = mail.outbox
    assert email.to == ["programme.lead@example.nhs.uk"]
    assert LEAD_PROGRAMME in email.body
    assert f"https://atf.example.nhs.uk/reporting/{period.pk}/programmes/{lead_programme().pk}/" in email.body
    period.due_date = TODAY - datetime.timedelta(days=1)
    period.save()
    call_command("send_reminders", "--days", "0", stdout=io.StringIO())
    assert "late" in mail.outbox[1].subject and mail.outbox[1].to == ["programme.lead@example.nhs.uk"]


def test_the_board_pack_xlsx_holds_each_programme_with_its_update_milestones_measures_and_indicators(
        board_client, programme_lead_user, business_user):
    period, programme = open_period(), lead_programme()
    board = programme.boards.get()
    Milestone.objects.create(programme=programme, description="Open two hubs", due_date=TODAY)
    measure = add_measure(programme)
    programme.indicators.add(*__import__("indicators.models").models.Indicator.objects.filter(number__in=[3, 4]))
    update = UPDATES.submit(UPDATES.return_for(period, programme, programme_lead_user), programme_lead_user,
                             {"rag": "red", "reason": "No staff", "narrative": "Stalled",
                              "actuals": {measure.pk: 120}})
    UPDATES.approve(update, business_user)
    url = reverse("reporting-board-pack", args=[period.pk, board.slug])
    page = board_client.get(url)
    assert page.status_code == 200 and "Stalled" in page.content.decode()
    job_page = board_client.post(url)["Location"]  # built in the background, linked from its task page
    run_worker_once()
    response = board_client.get(board_client.get(job_page + "progress.json").json()["download"])
    workbook = load_workbook(io.BytesIO(response.content))
    programmes = list(workbook["Programmes"].iter_rows(min_row=3, values_only=True))
    assert [(row[0], row[3], row[4], row[5]) for row in programmes] == [(LEAD_PROGRAMME, "Red", "No staff", "Stalled")]
    [milestone] = workbook["Milestones"].iter_rows(min_row=3, values_only=True)
    assert milestone[1] == "Open two hubs"
    [measure_row] = workbook["Measures"].iter_rows(min_row=3, values_only=True)
    assert measure_row[1] == "Families reached" and measure_row[8] == 120 and measure_row[10] == "Off track"
    indicators = list(workbook["Indicators"].iter_rows(min_row=3, values_only=True))
    assert [row[1][:2] for row in indicators] == ["3.", "4."]


def test_gap_flags_say_update_due_while_a_round_is_open_and_flag_measures_off_track(
        programme_lead_user, business_user):
    programme = lead_programme()
    assert programme.name in {f.subject for f in gaps(kinds=["programme_no_update"])}
    period = open_period()
    assert not gaps(kinds=["programme_no_update"])  # replaced by "update due" while a round is open
    due = gaps(kinds=["update_due"])
    # Every running programme but the repeated Careers Hub row (3/10), which reports on the row it repeats.
    running = Programme.objects.exclude(status__in=["completed", "withdrawn"]).filter(repeats=None).count()
    assert len(due) == len({f.pk for f in due}) == running
    measure = add_measure(programme)
    update = UPDATES.submit(UPDATES.return_for(period, programme, programme_lead_user), programme_lead_user,
                             {"rag": "green", "narrative": "ok", "actuals": {measure.pk: 110}})
    assert programme.name not in {f.subject for f in gaps(kinds=["update_due"])}
    UPDATES.approve(update, business_user)
    [flag] = gaps(kinds=["measure_off_track"])
    assert flag.subject == programme.name and "Families reached was 110" in flag.sentence


def test_the_measures_page_draws_actuals_against_the_line_and_quotes_the_plan(board_client, business_user,
                                                                              programme_lead_user):
    period, programme = open_period(), lead_programme()
    measure = add_measure(programme)
    MeasureActual.objects.create(measure=measure, period=period, value=260)
    response = board_client.get(reverse("programme-measures", args=[programme.pk]))
    page = response.content.decode()
    assert "<svg" in page and "Increase the number of families reached" in page and "On track" in page
    assert reverse("programme-measures", args=[programme.pk]) in board_client.get(
        programme.get_absolute_url()).content.decode()


def test_the_home_page_shows_each_themes_reporting_round(board_client, programme_lead_user):
    period = open_period()
    UPDATES.submit(UPDATES.return_for(period, lead_programme(), programme_lead_user), programme_lead_user,
                    {"rag": "green"})
    page = squashed(board_client.get(reverse("home")))
    assert '<th class="nhsuk-table__header" scope="col">2026-27 Q3 updates</th>' in page
    assert "1 of 11 in, 0 approved" in page


def grow(period, lead):
    add_programmes(60)
    for programme in Programme.objects.filter(name__startswith="Extra programme")[:30]:
        ProgrammeLead.objects.create(user=lead, programme=programme)
        UPDATES.submit(UPDATES.return_for(period, programme, lead), lead, {"rag": "green", "narrative": "x"})
        Measure.objects.create(programme=programme, what="Counted", baseline_value=1, baseline_date=TODAY,
                               target_value=2, target_date=TODAY + datetime.timedelta(days=9), source_text="q")
        Milestone.objects.create(programme=programme, description="m", due_date=TODAY)


# The review queue asks once whether the user signs off (the request's access object), then reads each registered
# kind's returns once: programme updates, anchor evidence, plan assessments, prevention investment and evidence
# records. The pack reads the approved prevention returns once for the partnership's figure, and asks once for the
# board's last meeting ("since the last meeting": none recorded here; tests/test_since.py reads it with one).
@pytest.mark.parametrize(("who", "page", "queries"), [
    ("programme_lead_client", "home", 8), ("programme_lead_client", "form", 8),
    ("business_client", "review", 8), ("board_client", "completeness", 9), ("board_client", "pack", 14),
    ("board_client", "measures", 7),
])
def test_reporting_page_query_counts_are_fixed_whatever_the_data(request, django_assert_num_queries, who, page,
                                                                 queries, programme_lead_user, business_user):
    client = request.getfixturevalue(who)
    period = open_period()
    programme = lead_programme()
    MeasureActual.objects.create(measure=add_measure(programme), period=period, value=1)
    urls = {
        "home": reverse("reporting-home"), "form": form_url(period, programme),
        "review": reverse("reporting-review"), "completeness": reverse("reporting-completeness", args=[period.pk]),
        "pack": reverse("reporting-board-pack", args=[period.pk, "transforming-care-operational-board"]),
        "measures": reverse("programme-measures", args=[programme.pk]),
    }
    client.get(urls[page])
    with django_assert_num_queries(queries):
        assert client.get(urls[page]).status_code == 200
    grow(period, programme_lead_user)
    for extra in Programme.objects.filter(name__startswith="Extra programme")[:30]:
        extra.boards.add(Board.objects.get(slug="transforming-care-operational-board"))
    for measure in Measure.objects.all()[:5]:
        measure.pk = None
        measure.programme = programme
        measure.save()
    with django_assert_num_queries(queries):
        assert client.get(urls[page]).status_code == 200


def test_programme_leads_read_the_portal_like_board_members_and_change_nothing(programme_lead_client,
                                                                               programme_lead_user):
    pages = (reverse("home"), reverse("gap-list"), reverse("programme-list"), reverse("reporting-home"))
    assert [heading(programme_lead_client.get(url)) for url in pages] == [
        "All Together Fairer: the eight Marmot themes", "Gap flags", "Delivery plan programmes", "Reporting rounds"]
    assert not programme_lead_user.has_perm("programmes.change_programme")
    assert not programme_lead_user.has_perm("reporting.change_update")


def test_the_home_page_query_count_stays_fixed_while_a_round_is_open(board_client, django_assert_num_queries,
                                                                     programme_lead_user, no_page_cache):
    period = open_period()
    UPDATES.submit(UPDATES.return_for(period, lead_programme(), programme_lead_user), programme_lead_user,
                    {"rag": "green"})
    board_client.get(reverse("home"))
    # 33 with no round open (tests/test_dashboard_pages.py); then the round's programmes, and its updates for the
    # cards and for the flags.
    with django_assert_num_queries(36):
        board_client.get(reverse("home"))
    grow(period, programme_lead_user)
    with django_assert_num_queries(36):
        board_client.get(reverse("home"))
