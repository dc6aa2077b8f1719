"""Bodies that change: a board or organisation has a start, an end and a successor, with the document or decision
that says so; a programme left with an ended body and no successor is flagged; accountability moves when the team
says so, kept in history."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from atf_portal.dashboard.gaps import GapKind, gaps
from programmes import carry, services
from programmes.models import Board, Organisation, PlanEdition, Programme

pytestmark = pytest.mark.django_db

ENDED = datetime.date(2026, 3, 31)
DECISION = "HCP board, 20 March 2026, item 4"


def ended(slug, successor=None):
    board = Board.objects.get(slug=slug)
    board.ended_on, board.successor, board.change_source = ENDED, successor, DECISION
    board.full_clean()
    board.save()
    return board


def test_a_body_ended_without_a_successor_flags_each_programme_it_is_accountable_for(board_client):
    board = ended("cvd-prevention-board")
    [flag] = gaps(kinds=[GapKind.BODY_ENDED])
    cvd = Programme.objects.get(source_ref="DP2024-25/6/01")
    assert (flag.pk, flag.kind_label) == (cvd.pk, "Accountable body ended with no successor")
    assert ("its accountable body, CVD Prevention Board, ended on 31 March 2026 and no successor is named"
            in flag.sentence)
    page = board_client.get(board.get_absolute_url()).content.decode()
    assert "Ended on 31 March 2026, with no" in page and DECISION in page


def test_a_body_ended_with_a_successor_is_not_flagged_and_its_page_names_the_successor(board_client):
    successor = Board.objects.create(name="Cheshire and Merseyside Cardiovascular Board", slug="cm-cardiovascular")
    board = ended("cvd-prevention-board", successor)
    assert gaps(kinds=[GapKind.BODY_ENDED]) == []
    page = board_client.get(board.get_absolute_url()).content.decode()
    assert "Ended on 31 March 2026, succeeded by" in page and successor.get_absolute_url() in page
    assert "Succeeded <a href" in board_client.get(successor.get_absolute_url()).content.decode()


def test_accountability_moves_to_the_successor_only_when_the_team_says_so_and_is_kept_in_history(business_user):
    successor = Board.objects.create(name="Cheshire and Merseyside Cardiovascular Board", slug="cm-cardiovascular")
    board = ended("cvd-prevention-board", successor)
    cvd = Programme.objects.get(source_ref="DP2024-25/6/01")
    assert list(cvd.boards.all()) == [board]  # nothing moves by itself
    assert services.move_accountability(board, business_user) == [cvd]
    assert list(cvd.boards.all()) == [successor]
    record = cvd.history.first()
    assert record.history_change_reason == (
        f"Accountability moved from CVD Prevention Board (ended 31 March 2026) to {successor}: {DECISION}")
    assert record.history_user == business_user
    assert set(record.prev_record.boards.values_list("board_id", flat=True)) == {board.pk}


def test_accountability_moves_only_in_the_current_edition():
    successor = Board.objects.create(name="Cheshire and Merseyside Cardiovascular Board", slug="cm-cardiovascular")
    source = PlanEdition.objects.get(start_year=2024)
    carry.start_edition(source, 2025, "Plan 2025-26", DECISION, list(source.programmes.values_list("pk", flat=True)),
                        None, make_current=True)
    board = ended("cvd-prevention-board", successor)
    services.move_accountability(board, None)
    assert list(Programme.objects.get(source_ref="DP2025-26/6/01").boards.all()) == [successor]
    assert list(Programme.objects.get(source_ref="DP2024-25/6/01").boards.all()) == [board]


def test_a_body_without_an_end_and_successor_refuses_to_move():
    with pytest.raises(services.NoSuccessor):
        services.move_accountability(Board.objects.get(slug="cvd-prevention-board"), None)


def test_an_end_or_successor_needs_the_document_or_decision_that_says_so():
    board = Board.objects.get(slug="cvd-prevention-board")
    board.ended_on = ENDED
    with pytest.raises(ValidationError, match="Say which document or decision"):
        board.full_clean()
    organisation = Organisation.objects.first()
    organisation.successor = Organisation.objects.last()
    with pytest.raises(ValidationError, match="Give the date the body ended"):
        organisation.full_clean()


def test_the_hcps_planned_dissolution_is_recorded_from_its_document_without_an_invented_date(board_client):
    hcp = Board.objects.get(slug="cheshire-and-merseyside-health-and-care-partnership")
    assert hcp.ended_on is None and hcp.change_source.startswith("004:170")
    page = board_client.get(reverse("board-detail", args=[hcp.slug])).content.decode()
    assert "will dissolve in March 2026" in page
