"""The coherence matrix, its three figures per theme (page, home cards, workbook), its gap flags and its query
counts (issue 17), against a hand-built set of links and stocktake activity."""

import io
from collections import Counter

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from atf_portal.dashboard.coherence import matrix
from atf_portal.dashboard.gaps import gaps
from atf_portal.framework.models import MarmotRecommendation, SystemRecommendation, Theme
from indicators.models import Indicator
from programmes.models import Programme, Suggestion
from stocktake.services import import_file
from tests.html import squashed

from .dashboard_data import add_programmes
from .stocktake_files import consolidated, row

pytestmark = pytest.mark.django_db


def recommendation(reference):
    theme, order = reference.split(".")
    return MarmotRecommendation.objects.get(theme__number=theme, order=order)


def recommendation_kinds(subjects):
    """How many of the gap flags' subjects are Marmot recommendations and how many system recommendations."""
    return Counter("system" if subject.startswith("System recommendation") else "Marmot" for subject in subjects)


def hand_built():
    """Theme 7: 7/02 carries out 7.5 and 7.8, 7/04 carries out 7.5 and acts on indicator 20 (7/01 already does).
    Theme 4: activity recorded against the theme at Liverpool and Halton, no programme tied to a recommendation.
    System recommendations: 7/02 carries out SR2; SR3 has activity at Wirral; the other five have nothing."""
    race, leder = Programme.objects.get(source_ref="DP2024-25/7/02"), Programme.objects.get(source_ref="DP2024-25/7/04")
    race.recommendations.add(recommendation("7.5"), recommendation("7.8"))
    race.system_recommendations.add(SystemRecommendation.objects.get(number=2))
    leder.recommendations.add(recommendation("7.5"))
    leder.indicators.add(Indicator.objects.get(number=20))
    plan = import_file("stocktake.xlsx", consolidated([
        row("Theme 4", l8="Advice network\nFuel poverty fund", l6="Halton hub"),
        row("System recommendation 3", l11="Wirral leadership programme"),
    ]))
    assert plan.ok, plan.errors
    return race, leder


def test_the_matrix_counts_match_a_hand_built_dataset():
    race, leder = hand_built()
    themes, systems = matrix()
    theme7 = next(group for group in themes if group.theme.number == 7)
    rows = {r.reference: r for r in theme7.rows}
    assert len(rows) == 8 and theme7.activity == []
    assert [p.name for p in rows["7.5"].programmes] == [race.name, leder.name]
    assert [p.name for p in rows["7.8"].programmes] == [race.name]
    assert [i.number for i in rows["7.5"].indicators] == [20] and rows["7.8"].indicators == []
    assert sorted(ref for ref, r in rows.items() if r.has_nothing) == ["7.1", "7.2", "7.3", "7.4", "7.6", "7.7"]
    assert theme7.indicators_alone == []  # indicator 20 has 7/01 and 7/04

    theme4 = next(group for group in themes if group.theme.number == 4)
    assert [(level.name, n) for level, n in theme4.activity] == [("Halton", 1), ("Liverpool", 2)]
    assert all(r.activity == theme4.activity and not r.programmes and not r.has_nothing for r in theme4.rows)
    assert theme4.indicators_alone == []  # its first row acts on 14, 15 and 16

    by_reference = {r.reference: r for r in systems}
    assert [p.name for p in by_reference["SR2"].programmes] == [race.name]
    assert [(level.name, n) for level, n in by_reference["SR3"].activity] == [("Wirral", 1)]
    assert sorted(ref for ref, r in by_reference.items() if r.has_nothing) == ["SR1", "SR4", "SR5", "SR6", "SR7"]

    Programme.objects.get(source_ref="DP2024-25/6/01").indicators.remove(Indicator.objects.get(number=19))
    theme6 = next(group for group in matrix()[0] if group.theme.number == 6)
    assert [i.number for i in theme6.indicators_alone] == [19]


def test_the_three_figures_per_theme():
    hand_built()
    themes = {group.theme.number: group.theme for group in matrix()[0]}
    figures = {n: (t.recommendations_covered, t.recommendation_count, t.recommendations_with_programme,
                   t.indicators_acted_on, t.indicator_count, t.programmes_linked, t.programme_count)
               for n, t in themes.items()}
    # Theme 7: 7.5 and 7.8 of 8; indicator 20 acted on; 7/01 and now 7/04 linked to it, of its 5 rows.
    assert figures[7] == (2, 8, 2, 1, 1, 2, 5)
    # Theme 4: every recommendation has the theme's activity, none a programme; its first row names 14-16.
    assert figures[4] == (10, 10, 0, 3, 3, 1, 5)
    # Theme 6, untouched: nothing against its 12 recommendations; its first row acts on 18 and 19 (and 7, of
    # theme 2), the only one of its 4 rows linked to an indicator.
    assert figures[6] == (0, 12, 0, 2, 2, 1, 4)


def test_the_home_cards_and_the_coherence_page_give_the_same_three_figures(board_client):
    hand_built()
    home = board_client.get(reverse("home"))
    theme7 = next(t for t in home.context["themes"] if t.number == 7)
    assert (theme7.recommendations_covered, theme7.indicators_acted_on, theme7.programmes_linked) == (2, 1, 2)
    sentence = ("<strong>2 of 8</strong> recommendations covered; <strong>1 of 1</strong> indicators acted on; "
                "<strong>2 of 5</strong> programmes linked")
    assert sentence in squashed(home)
    page = squashed(board_client.get(reverse("coherence")))
    assert "<strong>2 of 8</strong> recommendations with a programme or activity" in page
    assert "<strong>10 of 10</strong> recommendations with a programme or activity (0 with a programme)" in page


def test_recommendations_with_nothing_against_them_stand_out_in_words(board_client):
    hand_built()
    page = squashed(board_client.get(reverse("coherence")))
    themes, system = page.split('<h2 id="system">')
    # The 88 Marmot recommendations less theme 4's 10 (activity) and 7.5 and 7.8; 5 of the 7 system recommendations.
    assert themes.count("No programme and no stocktake activity.") == 76
    assert system.count("No programme and no stocktake activity.") == 5
    assert "Recorded against the whole theme:" in page


def test_the_workbook_holds_every_recommendation_and_the_figures(board_client):
    hand_built()
    response = board_client.get(reverse("coherence"), {"_export": "xlsx"})
    assert response["Content-Disposition"] == 'attachment; filename="atf-coherence.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook["Coherence"].iter_rows(values_only=True))
    assert rows[0][0] == "Theme"
    assert Counter("system" if r[0] == "System recommendations" else "Marmot" for r in rows[1:]) == {
        "Marmot": 88, "system": 7}
    by_reference = {r[1]: r for r in rows[1:]}
    assert by_reference["7.5"][3].splitlines() == [Programme.objects.get(source_ref=ref).name
                                                  for ref in ("DP2024-25/7/02", "DP2024-25/7/04")]
    assert by_reference["7.5"][5].startswith("20. ")
    assert by_reference["7.1"][6] == "Nothing: no programme and no stocktake activity"
    assert by_reference["4.1"][4] == "recorded against the whole theme: Halton 1; Liverpool 2"
    figures = list(workbook["Figures"].iter_rows(values_only=True))
    theme7 = next(r for r in figures if str(r[0]).startswith("Theme 7"))
    assert theme7[1:] == (2, 8, 1, 1, 2, 5)


def test_coherence_flags_follow_the_links_and_the_decisions(business_user):
    subjects = {f.subject for f in gaps(kinds=["recommendation_uncovered"])}
    # A fresh install: no programme carries any out, no stocktake yet.
    assert recommendation_kinds(subjects) == {"Marmot": 88, "system": 7}
    race, _ = hand_built()
    flagged = {f.subject for f in gaps(kinds=["recommendation_uncovered"])}
    # Theme 4's 10 (activity), 7.5 and 7.8 are covered; SR2 (a programme) and SR3 (activity) too.
    assert recommendation_kinds(flagged) == {"Marmot": 88 - 10 - 2, "system": 5} and "Recommendation 7.5" not in flagged
    assert "Recommendation 7.1" in flagged and "System recommendation 1" in flagged
    assert "System recommendation 1" not in {f.subject for f in gaps(theme=7, kinds=["recommendation_uncovered"])}

    unlinked = {f.pk for f in gaps(kinds=["programme_no_recommendation"])}
    assert race.pk not in unlinked and len(unlinked) == 58 - 2

    from programmes import suggestions

    waiting = [f for f in gaps(kinds=["suggestions_open"]) if f.pk == race.pk]
    assert len(waiting) == 1  # one flag, however many suggestions
    for suggestion in Suggestion.objects.open().filter(programme=race):
        suggestions.dismiss(suggestion, business_user)
    assert not [f for f in gaps(kinds=["suggestions_open"]) if f.pk == race.pk]


def grow():
    """Ten times the programmes, each tied to a recommendation and an indicator, and stocktake under every theme."""
    add_programmes(Programme.objects.count() * 9)
    through = Programme.recommendations.through
    recommendations = list(MarmotRecommendation.objects.all())
    extra = Programme.objects.filter(source_ref__isnull=True)
    through.objects.bulk_create(through(programme=p, marmotrecommendation=recommendations[i % len(recommendations)])
                                for i, p in enumerate(extra))
    Programme.indicators.through.objects.bulk_create(
        Programme.indicators.through(programme=p, indicator_id=Indicator.objects.get(number=4).pk) for p in extra)
    import_file("grown.xlsx", consolidated([row(f"Theme {n}", l8="x", l3="y") for n in range(1, 9)]))


@pytest.mark.parametrize("query", [{}, {"_export": "xlsx"}])
def test_the_coherence_query_count_is_fixed_whatever_the_data(board_client, django_assert_num_queries, query,
                                                              no_page_cache):
    # 16, page or workbook: session, user and permissions (4); the plan editions (for the switcher); then the themes
    # with their figures, the levels, the activity counts, the indicators, the programmes' links to indicators,
    # recommendations and system recommendations (3) and the programmes those rows show, the approved evidence per
    # recommendation, the recommendations and the system recommendations.
    board_client.get(reverse("coherence"), query)
    with django_assert_num_queries(16):
        board_client.get(reverse("coherence"), query)
    grow()
    with django_assert_num_queries(16):
        board_client.get(reverse("coherence"), query)


def test_the_coherence_matrix_filters_to_one_theme_and_its_download_follows(board_client):
    page = board_client.get(reverse("coherence"), {"theme": 4})
    assert [group.theme.number for group in page.context["matrices"]] == [4]
    html = squashed(page)
    assert 'id="theme-4"' in html and 'id="theme-5"' not in html and 'id="system"' not in html
    assert '<a href="?theme=4&amp;_export=xlsx">' in html
    whole = board_client.get(reverse("coherence"), {"_export": "xlsx"})
    one = board_client.get(reverse("coherence"), {"theme": 4, "_export": "xlsx"})
    assert len(one.content) < len(whole.content)


def test_a_coherence_filter_naming_no_theme_shows_them_all(board_client):
    page = board_client.get(reverse("coherence"), {"theme": 99})
    assert len(page.context["matrices"]) == Theme.objects.count()
    assert page.context["systems"]
