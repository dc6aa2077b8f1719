import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from atf_portal.dashboard.gaps import gaps
from programmes.models import Action, Board, Milestone, Programme, ProgressUpdate
from programmes.monitoring import HEADER
from tests.html import squashed

from .conftest import heading, refused, sent_to_sign_in

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 22)


def family_hubs():
    return Programme.objects.get(source_ref="DP2024-25/1/03")


def subjects(kind, today=TODAY, **kwargs):
    return {flag.subject for flag in gaps(kinds=[kind], today=today, **kwargs)}


def test_an_overdue_milestone_is_flagged_until_it_is_done():
    milestone = Milestone.objects.create(programme=family_hubs(), description="Hubs open in all nine Places",
                                         due_date=datetime.date(2026, 9, 30), status=Milestone.Status.AT_RISK)
    [flag] = gaps(kinds=["milestone_overdue"], today=TODAY)
    assert flag.sentence == ("'Family Hubs / Children's Centres': the milestone 'Hubs open in all nine Places' was due "
                             "on 30 September 2026 and is not done.")
    assert subjects("milestone_overdue", today=datetime.date(2026, 9, 30)) == set()  # due today is not overdue
    milestone.status, milestone.done_on = Milestone.Status.DONE, datetime.date(2026, 10, 2)
    milestone.full_clean()
    milestone.save()
    assert subjects("milestone_overdue") == set()


@pytest.mark.parametrize("status", [s for s, _ in Milestone.Status.choices if s != "done"])
def test_every_status_but_done_counts_as_not_done(status):
    Milestone.objects.create(programme=family_hubs(), description="x", due_date=datetime.date(2026, 1, 1),
                             status=status)
    assert subjects("milestone_overdue") == {family_hubs().name}


def test_a_milestone_is_done_with_a_date_or_not_at_all():
    milestone = Milestone(programme=family_hubs(), description="x", due_date=TODAY, status=Milestone.Status.DONE)
    with pytest.raises(ValidationError, match="Give the date"):
        milestone.full_clean()
    milestone.status, milestone.done_on = Milestone.Status.ON_TRACK, TODAY
    with pytest.raises(ValidationError, match="Only a milestone that is done"):
        milestone.full_clean()


def test_programme_without_a_milestone_is_flagged_until_it_has_one():
    assert family_hubs().name in subjects("programme_no_milestone")
    Milestone.objects.create(programme=family_hubs(), description="x", due_date=TODAY)
    assert family_hubs().name not in subjects("programme_no_milestone")


def test_programme_without_a_recent_update_is_flagged(settings, business_user):
    settings.GAP_UPDATE_MONTHS = 3
    programme = family_hubs()
    assert programme.name in subjects("programme_no_update")
    ProgressUpdate.objects.create(programme=programme, date=datetime.date(2026, 6, 1), rag="amber",
                                  narrative="Slipping", author=business_user)
    [flag] = [f for f in gaps(kinds=["programme_no_update"], today=TODAY) if f.subject == programme.name]
    assert flag.sentence.endswith("has had no progress update since 01 June 2026.")
    ProgressUpdate.objects.create(programme=programme, date=datetime.date(2026, 11, 1), rag="green",
                                  narrative="Back on track", author=business_user)
    assert programme.name not in subjects("programme_no_update")
    programme.refresh_from_db()
    assert (programme.latest_rag, programme.last_update_on) == ("green", datetime.date(2026, 11, 1))


def test_an_open_action_past_its_due_date_is_flagged_until_closed():
    assert {s for s in subjects("action_overdue")} == {
        "Action 8", "Action 24", "Action 29", "Action 30", "Action 35", "Action 36", "Action 38"}
    Action.objects.filter(number=8).update(status=Action.Status.CLOSED)
    assert "Action 8" not in subjects("action_overdue")
    assert subjects("action_overdue", today=datetime.date(2023, 1, 1)) == set()


def test_the_action_log_is_seeded_as_written_in_the_january_2024_pack():
    actions = {a.number: a for a in Action.objects.prefetch_related("updates")}
    assert list(actions) == [8, 24, 29, 30, 35, 36, 37, 38]
    assert all(a.status == "open" for a in actions.values())
    assert (actions[8].meeting_date, actions[8].owner, actions[8].due_date) == (
        datetime.date(2022, 11, 8), "Maria Austin / Clare Watson", datetime.date(2023, 1, 1))
    assert actions[8].text == "To develop a comms plan for the HCP"
    assert [a.agenda_item for a in actions.values()] == [
        "", "", "HCP/07/23/08", "HCP/07/23/08", "HCP/19/09/04", "HCP/11/23/05", "HCP/11/23/07", "HCP/11/23/07"]
    assert (actions[37].due_date, actions[37].due_text, actions[37].owner) == (None, "TBC", "LGi")
    assert [a.updates.count() for a in actions.values()] == [7, 2, 2, 2, 1, 2, 0, 1]
    last = list(actions[8].updates.all())[-1]
    assert (last.date_text, last.text) == (
        "06.12.23", "TCW sent to LG/RJ/EL for review and sign-off to send to rest of HCP Group.")


def test_a_progress_update_is_never_overwritten(business_user):
    update = ProgressUpdate.objects.create(programme=family_hubs(), date=TODAY, rag="red", narrative="As written",
                                           author=business_user)
    update.narrative = "Rewritten"
    with pytest.raises(ValueError, match="kept as written"):
        update.save()
    assert ProgressUpdate.objects.get().narrative == "As written"


def test_the_admin_adds_updates_but_never_changes_earlier_ones(business_client, business_user):
    programme = family_hubs()
    first = ProgressUpdate.objects.create(programme=programme, date=datetime.date(2026, 10, 1), rag="amber",
                                          narrative="First", author=business_user)
    from .test_programme_pages import admin_form_data

    data = admin_form_data(programme)
    data.update({
        "updates-TOTAL_FORMS": "2", "updates-INITIAL_FORMS": "1",
        "updates-0-id": str(first.pk), "updates-0-programme": str(programme.pk),
        "updates-0-date": "2026-10-01", "updates-0-rag": "green", "updates-0-narrative": "Tampered",
        "updates-1-programme": str(programme.pk), "updates-1-date": "2026-11-20", "updates-1-rag": "green",
        "updates-1-narrative": "Second",
    })
    response = business_client.post(reverse("admin:programmes_programme_change", args=[programme.pk]), data)
    assert response.status_code == 302
    assert list(programme.updates.values_list("narrative", "rag")) == [("Second", "green"), ("First", "amber")]
    assert programme.updates.get(narrative="Second").author == business_user


def test_board_members_read_the_monitoring_pages_but_cannot_edit(board_client):
    assert heading(board_client.get(reverse("monitoring"))) == (
        "Monitoring: themes, programmes, milestones and outcome indicators")
    actions = board_client.get(reverse("action-list"))
    assert heading(actions) == "HCP action log"
    assert len(actions.context["table"].rows) == Action.objects.count() == 8  # the January 2024 log's eight
    action = Action.objects.get(number=8)
    change = reverse("admin:programmes_action_change", args=[action.pk])
    board_client.post(change, {"number": 8, "text": "Changed", "status": "closed"})
    action.refresh_from_db()
    assert (action.text, action.status) == ("To develop a comms plan for the HCP", "open")


def test_monitoring_pages_are_closed_to_anonymous_visitors_and_outsiders(client, outsider_client):
    for url in [reverse("monitoring"), reverse("action-list")]:
        assert sent_to_sign_in(client.get(url), url), url
        assert refused(outsider_client.get(url)), url


def test_the_monitoring_export_is_laid_out_like_the_mock_up(board_client):
    Milestone.objects.create(programme=family_hubs(), description="Hubs open", due_date=datetime.date(2027, 3, 31),
                             status=Milestone.Status.ON_TRACK)
    response = board_client.get(reverse("monitoring"), {"_export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert rows[1][0] == "Life expectancy" and rows[1][1] == "No programme acts on this"
    assert rows[1][3] == "1. Life expectancy, Female, Male\n2. Healthy life expectancy, Female, Male"
    theme1 = next(i for i, r in enumerate(rows) if r[0] and r[0].startswith("Theme 1."))
    theme2 = next(i for i, r in enumerate(rows) if r[0] and r[0].startswith("Theme 2."))
    assert [r[1] for r in rows[theme1:theme2]] == list(
        Programme.objects.filter(theme__number=1).values_list("name", flat=True))
    assert all(r[0] is None for r in rows[theme1 + 1:theme2])
    assert f"A{theme1 + 1}:A{theme2}" in {str(r) for r in sheet.merged_cells.ranges}
    hubs = next(r for r in rows if r[1] == "Family Hubs / Children's Centres")
    assert hubs[2] == "31 Mar 2027: Hubs open (On track)"


def test_monitoring_filters_by_board(board_client):
    board = Board.objects.get(slug="cheshire-and-warrington-joint-committee")
    response = board_client.get(reverse("monitoring"), {"board": board.pk})
    names = {row["programme"].name for group in response.context["groups"] for row in group["rows"]
             if row["programme"]}
    assert names == set(board.programmes.values_list("name", flat=True))


def test_action_log_lists_open_first_marks_overdue_and_exports(board_client):
    Action.objects.filter(number=24).update(status=Action.Status.CLOSED)
    response = board_client.get(reverse("action-list"))
    numbers = [row.record.number for row in response.context["table"].rows]
    assert numbers[-1] == 24 and numbers[-2] == 37  # closed last; TBC (no due date) last of the open ones
    assert response.content.decode().count(">Overdue</strong>") == 6
    export = board_client.get(reverse("action-list"), {"owner": "All", "_export": "csv"}).content.decode()
    rows = list(csv.DictReader(io.StringIO(export)))
    assert [r["No."] for r in rows] == ["29", "30", "38"]
    assert rows[0]["Update notes"].startswith("04.12.23: List of current signatories received from DS.")


def test_home_and_theme_pages_show_overdue_milestones_and_the_rag_spread(board_client, business_user):
    Milestone.objects.create(programme=family_hubs(), description="x", due_date=datetime.date(2020, 1, 1))
    ProgressUpdate.objects.create(programme=family_hubs(), date=TODAY, rag="amber", narrative="y",
                                  author=business_user)
    home = board_client.get(reverse("home"))
    theme1 = next(t for t in home.context["themes"] if t.number == 1)
    assert theme1.delivery["overdue"] == 1 and theme1.delivery["rag"] == {"amber": 1, "none": 10}
    assert "1 milestone overdue" in squashed(home)
    theme_page = squashed(board_client.get(reverse("theme-detail", args=[1])))
    assert "latest RAG: 0 green, 1 amber, 0 red, 10 with no update" in theme_page


@pytest.mark.parametrize("name", ["monitoring", "action-list"])
def test_monitoring_query_counts_do_not_grow(board_client, name, business_user, no_page_cache):
    url = reverse(name)
    board_client.get(url)
    with CaptureQueriesContext(connection) as small:
        board_client.get(url)
    for programme in Programme.objects.all():
        Milestone.objects.create(programme=programme, description="m", due_date=TODAY)
        ProgressUpdate.objects.create(programme=programme, date=TODAY, rag="green", narrative="n",
                                      author=business_user)
    for number in range(100, 140):
        Action.objects.create(number=number, meeting_date=TODAY, text="a", owner=f"Owner {number}")
    with CaptureQueriesContext(connection) as large:
        board_client.get(url)
    assert len(large) == len(small)
