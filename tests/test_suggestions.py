"""Suggested links (issue 17): the theme-cell rule, the shared-words ranking, accept and dismiss with history, the
command, and who may decide."""

import csv
import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from atf_portal.framework.models import MarmotRecommendation
from atf_portal.seed.bootstrap import DELIVERY_PLAN, read_fixture
from indicators.models import Indicator
from programmes import suggestions
from programmes.models import Programme, Suggestion
from programmes.similarity import Corpus, stem

from .conftest import client_for, make_user
from .html import squashed

pytestmark = pytest.mark.django_db
PLAN = read_fixture(DELIVERY_PLAN)


def open_for(programme, kind="indicator", reason=None):
    found = Suggestion.objects.open().filter(programme=programme, kind=kind)
    return found.filter(reason=reason) if reason else found


def suggestion_for(ref, indicator):
    return Suggestion.objects.get(programme__source_ref=ref, indicator__number=indicator)


def test_the_theme_cell_is_the_first_row_of_each_theme_table():
    cells = suggestions.theme_cells(PLAN)
    assert cells[6] == [18, 19, 7]
    assert cells[1] == [3, 4] and cells[5] == [17]


def test_the_theme_cell_rule_suggests_theme_6s_first_row_indicators_to_every_theme_6_programme():
    first, *others = Programme.objects.filter(theme__number=6).order_by("plan_order")
    assert {i.number for i in first.indicators.all()} == {7, 18, 19}
    assert not open_for(first, reason="theme_cell").exists()  # it has the links already
    for programme in others:
        cell = open_for(programme, reason="theme_cell")
        assert {s.indicator.number for s in cell} == {7, 18, 19}, programme.source_ref
        assert sorted(s.rank for s in cell) == [1, 2, 3]  # the plan's own cell before any shared words
        assert all("Beacon Indicator cell for theme 6 names it" in s.reason_sentence for s in cell)


def test_a_fresh_install_holds_open_suggestions_and_no_accepted_ones():
    assert Suggestion.objects.filter(state=Suggestion.State.OPEN).count() > 100
    assert not Suggestion.objects.exclude(state=Suggestion.State.OPEN).exists()
    assert Programme.recommendations.through.objects.count() == 0


def test_the_similarity_weighs_rare_shared_words_above_common_ones():
    corpus = Corpus({"programme": "Tackling loneliness and social isolation in older people's health",
                     "loneliness": "Percentage of loneliness in population", "health": "Health of older people",
                     "other": "Average health score", "fourth": "Health of children"})
    lonely, lonely_words = corpus.similarity("programme", "loneliness")
    healthy, _ = corpus.similarity("programme", "health")
    assert lonely_words[0] == "loneliness" and lonely > 0
    assert corpus.similarity("programme", "fourth")[0] < healthy
    assert stem("employment") == stem("employments") and stem("households") == "household"


def test_a_programme_whose_words_share_a_rare_word_with_an_indicator_is_offered_it_with_the_words():
    programme = Programme.objects.get(source_ref="DP2024-25/6/04")
    programme.outline = "Reducing loneliness through befriending and community groups."
    programme.save()
    suggestions.refresh(PLAN)
    found = open_for(programme).get(indicator__number=19)
    assert found.reason == Suggestion.Reason.THEME_CELL  # the cell names it too; the words are added to its reason
    assert "loneliness" in found.words.split(", ")
    assert found.reason_sentence.endswith(f"share these words with it: {found.words}.")
    wordy = Programme.objects.create(theme=programme.theme, name="Befriending", outline=programme.outline)
    suggestions.refresh(PLAN)
    mine = open_for(wordy).get(indicator__number=19)
    assert mine.rank == 1  # the cell's three come first, ordered by the words they share: 19 leads


def test_accepting_adds_the_link_and_records_who_when_and_which_suggestion(business_user):
    suggestion = suggestion_for("DP2024-25/6/02", 18)
    suggestions.accept(suggestion, business_user)
    programme = suggestion.programme
    assert programme.indicators.filter(number=18).exists()
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.decided_by) == (Suggestion.State.ACCEPTED, business_user)
    assert suggestion.decided_at is not None
    record = programme.history.first()
    assert record.history_user == business_user
    assert record.history_change_reason == f"Accepted suggestion {suggestion.pk}: indicator 18"
    assert 18 in {link.indicator.number for link in record.indicators.all()}  # the link is in the history
    assert [h.state for h in suggestion.history.order_by("history_id")] == ["open", "accepted"]


def test_a_dismissed_suggestion_never_comes_back(business_user, capsys):
    suggestion = suggestion_for("DP2024-25/6/02", 19)
    suggestions.dismiss(suggestion, business_user)
    assert suggestions.refresh(PLAN) == {"created": 0, "removed": 0}
    suggestion.refresh_from_db()
    assert suggestion.state == Suggestion.State.DISMISSED and suggestion.decided_by == business_user
    assert not open_for(suggestion.programme).filter(indicator__number=19).exists()
    assert not suggestion.programme.indicators.filter(number=19).exists()
    call_command("suggest_links", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert ("DP2024-25/6/02", "indicator", "19") not in {(r["programme_ref"], r["suggestion_kind"], r["suggestion"])
                                                          for r in rows}


def test_recomputing_never_adds_a_link_or_reopens_a_decision(business_user):
    accepted, dismissed = suggestion_for("DP2024-25/6/03", 7), suggestion_for("DP2024-25/6/03", 19)
    suggestions.accept(accepted, business_user)
    suggestions.dismiss(dismissed, business_user)
    links = Programme.indicators.through.objects.count()
    suggestions.refresh(PLAN)
    suggestions.refresh(PLAN)
    assert Programme.indicators.through.objects.count() == links
    assert {s.pk: s.state for s in Suggestion.objects.filter(pk__in=[accepted.pk, dismissed.pk])} == {
        accepted.pk: "accepted", dismissed.pk: "dismissed"}


def test_the_rest_move_up_when_the_best_is_dismissed(business_user):
    programme = Programme.objects.get(source_ref="DP2024-25/6/04")
    best = open_for(programme).get(rank=1)
    suggestions.dismiss(best, business_user)
    assert sorted(open_for(programme).values_list("rank", flat=True)) == [1, 2]


def test_a_link_made_in_the_admin_closes_its_suggestion():
    suggestion = suggestion_for("DP2024-25/6/02", 7)
    suggestion.programme.indicators.add(Indicator.objects.get(number=7))
    assert not Suggestion.objects.open().filter(pk=suggestion.pk).exists()
    with pytest.raises(suggestions.AlreadyDecided):
        suggestions.accept(suggestion, None)


def test_suggest_links_prints_every_open_suggestion_as_csv(capsys):
    call_command("suggest_links", "--format", "csv")
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "programme_ref,suggestion_kind,suggestion,reason,rank"
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == Suggestion.objects.open().count()
    theme6 = {(r["suggestion"], r["rank"]) for r in rows
              if r["programme_ref"] == "DP2024-25/6/02" and r["suggestion_kind"] == "indicator"}
    assert {target for target, _ in theme6} >= {"7", "18", "19"}
    assert {r["suggestion_kind"] for r in rows} == {"indicator", "recommendation"}
    for ref, kind in {(r["programme_ref"], r["suggestion_kind"]) for r in rows}:
        ranks = sorted(int(r["rank"]) for r in rows if (r["programme_ref"], r["suggestion_kind"]) == (ref, kind))
        assert ranks == list(range(1, len(ranks) + 1)), (ref, kind)
    recommendations = {r["suggestion"] for r in rows if r["suggestion_kind"] == "recommendation"}
    assert all(re.fullmatch(r"\d\.\d+|SR\d", ref) for ref in recommendations)


def test_accepting_a_recommendation_links_the_programme_to_it(business_user):
    suggestion = Suggestion.objects.open().filter(recommendation__isnull=False).first()
    suggestions.accept(suggestion, business_user)
    assert suggestion.programme.recommendations.filter(pk=suggestion.recommendation_id).exists()
    assert isinstance(suggestion.target, MarmotRecommendation) and suggestion.reference == suggestion.target.reference


def test_the_business_team_accepts_in_one_click_from_a_cached_programme_page(django_user_model):
    """The page is cached for everyone with the same permissions; each reader's form still carries their own
    CSRF token, so a second member of the team can accept from the first one's cached page."""
    suggestion = suggestion_for("DP2024-25/6/02", 18)
    url = reverse("programme-detail", args=[suggestion.programme_id])
    first = client_for(make_user(django_user_model, "business-1", "HCP business team", is_staff=True))
    assert "Suggested links" in first.get(url).content.decode()
    second = Client(enforce_csrf_checks=True)
    second.force_login(make_user(django_user_model, "business-2", "HCP business team", is_staff=True))
    page = second.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = second.post(reverse("suggestion-accept", args=[suggestion.pk]),
                           {"csrfmiddlewaretoken": token, "next": url})
    assert response.status_code == 302 and response["Location"] == url
    assert suggestion.programme.indicators.filter(number=18).exists()
    assert "Linked:" in second.get(url).content.decode()


def test_the_review_list_dismisses_in_one_click_and_says_so_when_already_decided(business_client):
    page = business_client.get(reverse("suggestion-review"))
    assert page.context["total"] == Suggestion.objects.open().count()
    suggestion = suggestion_for("DP2024-25/6/03", 7)
    dismiss = reverse("suggestion-dismiss", args=[suggestion.pk])
    response = business_client.post(dismiss, {"next": reverse("suggestion-review")}, follow=True)
    assert "Dismissed:" in response.content.decode()
    again = business_client.post(dismiss, {"next": "https://evil.example/"})
    assert again["Location"] == suggestion.programme.get_absolute_url()  # never back to another site
    assert Suggestion.objects.get(pk=suggestion.pk).state == "dismissed"


def test_the_review_list_shows_ten_programmes_a_page_with_each_programmes_suggestions_whole(business_client):
    waiting = Suggestion.objects.open()
    programmes = set(waiting.values_list("programme", flat=True))
    assert len(programmes) > 20  # the seeded plan gives more than two pages
    pages, seen = -(-len(programmes) // 10), []
    for number in range(1, pages + 1):
        page = business_client.get(reverse("suggestion-review"), {"page": number})
        shown = page.context["by_programme"]
        assert len(shown) == (10 if number < pages else len(programmes) - 10 * (pages - 1))
        for programme, rows in shown:
            assert len(rows) == waiting.filter(programme=programme).count()  # never split across pages
        seen += [programme.pk for programme, _ in shown]
        html = squashed(page)
        assert (f'href="?page={number + 1}"' in html) == (number < pages)
        assert f"Page {number + 1} of {pages}" in html if number < pages else f"Page {number - 1} of {pages}" in html
    assert sorted(seen) == sorted(programmes) and page.context["total"] == waiting.count()
    beyond = business_client.get(reverse("suggestion-review"), {"page": pages + 5})
    assert beyond.context["page"].number == pages  # all of a last page decided: the new last page, not an error


@pytest.mark.parametrize("who", ["board_client", "lead_client", "outsider_client", "programme_lead_client"])
def test_only_the_business_team_decides_suggestions(request, who, client):
    suggestion = suggestion_for("DP2024-25/6/02", 7)
    for name in ("suggestion-accept", "suggestion-dismiss"):
        url = reverse(name, args=[suggestion.pk])
        assert request.getfixturevalue(who).post(url).status_code == 403
        assert client.post(url)["Location"].startswith(reverse("login"))  # anonymous: sign in first
    assert Suggestion.objects.get(pk=suggestion.pk).state == "open"
    programme_page = request.getfixturevalue(who).get(reverse("programme-detail", args=[suggestion.programme_id]))
    assert "Suggested links" not in programme_page.content.decode()


def test_deciding_is_by_post_only(business_client):
    suggestion = suggestion_for("DP2024-25/6/02", 7)
    assert business_client.get(reverse("suggestion-accept", args=[suggestion.pk])).status_code == 405


def test_the_admin_shows_decisions_read_only_and_edits_recommendation_links(business_client, business_user):
    suggestions.dismiss(suggestion_for("DP2024-25/6/02", 7), business_user)
    listing = business_client.get(reverse("admin:programmes_suggestion_changelist"), {"state": "dismissed"})
    assert listing.status_code == 200 and "business" in listing.content.decode()
    programme = Programme.objects.get(source_ref="DP2024-25/6/02")
    form = business_client.get(reverse("admin:programmes_programme_change", args=[programme.pk])).content.decode()
    assert 'name="recommendations"' in form and 'name="system_recommendations"' in form
