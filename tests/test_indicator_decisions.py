"""The indicator set's own decisions: open questions seeded from the documents (never as answers), decisions with
what, why, when, by whom and their source; "replaced by" that keeps the old indicator's data; a retired status; the
set's five-yearly review."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from atf_portal.dashboard.gaps import GapKind, gaps
from atf_portal.seed.bootstrap import bootstrap
from indicators.models import Indicator, IndicatorDecision, IndicatorSetReview, IndicatorValue
from places.models import Area

pytestmark = pytest.mark.django_db

Decision = IndicatorDecision


def test_what_the_review_asks_to_decide_is_seeded_as_open_questions_with_their_lines():
    questions = {(d.indicator.number, d.source) for d in Decision.objects.select_related("indicator")}
    assert questions == {(12, "002:1026"), (20, "002:1026"), (21, "002:1026"), (15, "002:1034"), (22, "002:1079")}
    assert set(Decision.objects.values_list("state", "kind", "what")) == {(Decision.State.OPEN, "", "")}
    assert Decision.objects.get(indicator__number=15).question.startswith(
        "One of the agreed indicators is no longer available at the local level")


def test_an_open_question_the_team_decided_is_not_asked_again_and_bootstrap_keeps_the_decision():
    question = Decision.objects.get(indicator__number=15)
    question.state, question.kind = Decision.State.DECIDED, Decision.Kind.REMOVE
    question.what, question.why = "Remove indicator 15", "No local data since 2023"
    question.decided_on, question.decided_by = datetime.date(2026, 6, 1), "ATF Board"
    question.full_clean()
    question.save()
    assert bootstrap()["indicator questions"] == 0
    assert Decision.objects.filter(indicator__number=15).count() == 1


def test_a_decision_says_what_why_when_and_by_whom():
    decision = Decision(indicator=Indicator.objects.get(number=15), state=Decision.State.DECIDED, source="002:1034",
                        kind=Decision.Kind.REMOVE)
    with pytest.raises(ValidationError) as refused:
        decision.full_clean()
    assert set(refused.value.message_dict) == {"what", "why", "decided_on", "decided_by"}


def test_an_indicator_replaced_keeps_its_data_and_history_and_both_pages_link(board_client):
    old = Indicator.objects.get(number=15)
    IndicatorValue.objects.create(indicator=old, area=Area.objects.get(slug="liverpool"), period="2021/22",
                                  period_start=2021, period_end=2022, value=21.5)
    new = Indicator.objects.create(number=23, title="Children in relative low income families", theme=old.theme)
    old.replaced_by, old.status = new, Indicator.Status.RETIRED
    old.save()
    assert IndicatorValue.objects.filter(indicator=old).count() == 1  # the data stays with the old indicator
    assert old.history.count() >= 2 and old.history.first().replaced_by_id == new.pk
    page = board_client.get(old.get_absolute_url()).content.decode()
    assert f'Replaced by <a href="{new.get_absolute_url()}">' in page and "keeps its figures" in page
    assert f'Replaces <a href="{old.get_absolute_url()}">' in board_client.get(new.get_absolute_url()).content.decode()


def test_a_retired_indicator_is_no_longer_flagged_but_keeps_its_page(board_client):
    anchor = Indicator.objects.get(number=12)
    assert anchor.pk in {f.pk for f in gaps(kinds=[GapKind.INDICATOR_NOT_LIVE])}
    anchor.status = Indicator.Status.RETIRED
    anchor.save()
    assert anchor.pk not in {f.pk for f in gaps(kinds=[GapKind.INDICATOR_NOT_LIVE, GapKind.INDICATOR_NO_PROGRAMME])}
    page = board_client.get(anchor.get_absolute_url()).content.decode()
    assert "Retired from the set." in page and "It has left the Beacon set" in page


def test_the_indicator_page_lists_its_open_questions_with_their_source(board_client):
    page = board_client.get(Indicator.objects.get(number=22).get_absolute_url()).content.decode()
    assert "Open question" in page and "walking for travel (93439) or cycling for travel (93440)" in page
    assert "HCP meeting pack, January 2024, line 1079" in page


def test_the_sets_review_is_five_yearly_from_december_2023(board_client):
    review = IndicatorSetReview.objects.get()
    assert (review.last_reviewed, review.cycle_years, review.cycle_source) == (datetime.date(2023, 12, 1), 5,
                                                                               "003:2398")
    assert review.next_review_by == datetime.date(2028, 12, 1)
    page = board_client.get(reverse("indicator-list")).content.decode()
    assert "last reviewed in December 2023" in page and "next review is due by\n  December 2028" in page
