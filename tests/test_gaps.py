import csv
import datetime
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from atf_portal.dashboard.gaps import GapKind, gaps
from atf_portal.framework.models import Theme
from indicators.models import Indicator
from programmes.models import Board, Programme
from stocktake.services import import_file

from .dashboard_data import add_series
from .stocktake_files import consolidated, row, single_return

pytestmark = pytest.mark.django_db
PLACES = {"E08000012": (60.0, 59.0, 61.0, 600, 1000), "E92000001": (55.0, 54.9, 55.1, 55000, 100000)}


def subjects(kind, **kwargs):
    return {flag.subject for flag in gaps(kinds=[kind], **kwargs)}


def test_live_indicator_without_data_is_flagged_until_figures_arrive():
    indicator = Indicator.objects.get(number=3)
    assert f"Indicator 3: {indicator.title}" in subjects("indicator_no_data")
    add_series(indicator, PLACES)
    assert f"Indicator 3: {indicator.title}" not in subjects("indicator_no_data")


def test_old_figures_are_flagged_as_out_of_date(settings):
    settings.GAP_STALE_YEARS = 3
    indicator = Indicator.objects.get(number=3)
    add_series(indicator, PLACES, years=range(2015, 2019))  # latest period 2018/19, ending 2019
    today = datetime.date(2026, 11, 22)
    assert f"Indicator 3: {indicator.title}" in subjects("indicator_stale", today=today)
    assert f"Indicator 3: {indicator.title}" not in subjects("indicator_stale", today=datetime.date(2021, 1, 1))
    add_series(indicator, PLACES, years=[2023])  # 2023/24 ends 2024, within three years of 2026
    assert f"Indicator 3: {indicator.title}" not in subjects("indicator_stale", today=today)


def test_indicators_not_live_are_flagged_until_they_go_live():
    assert {s.split(":")[0] for s in subjects("indicator_not_live")} == {
        "Indicator 12", "Indicator 15", "Indicator 20", "Indicator 21"
    }
    Indicator.objects.filter(number=12).update(status=Indicator.Status.LIVE)
    assert "Indicator 12" not in {s.split(":")[0] for s in subjects("indicator_not_live")}


def test_indicator_no_programme_acts_on_is_flagged_until_one_is_linked():
    life_expectancy = Indicator.objects.get(number=1)
    assert f"Indicator 1: {life_expectancy.title}" in subjects("indicator_no_programme")
    Programme.objects.get(source_ref="DP2024-25/6/02").indicators.add(life_expectancy)
    assert f"Indicator 1: {life_expectancy.title}" not in subjects("indicator_no_programme")


def test_unlinked_action_is_flagged_until_linked():
    family_hubs = Programme.objects.get(source_ref="DP2024-25/1/03")
    assert family_hubs.name in subjects("programme_unlinked")
    family_hubs.indicators.add(Indicator.objects.get(number=4))
    assert family_hubs.name not in subjects("programme_unlinked")
    assert "Economies for Healthier Lives" not in subjects("programme_unlinked")


def test_programme_missing_information_says_what_is_missing_until_it_is_complete():
    young_carers = Programme.objects.get(name="Young Carers")
    [flag] = [f for f in gaps(kinds=["programme_incomplete"]) if f.subject == "Young Carers"]
    assert flag.sentence == "'Young Carers' is pending information, has no accountable board and has no measures."
    assert flag.fix_url == f"/admin/programmes/programme/{young_carers.pk}/change/"
    young_carers.status = Programme.Status.ACTIVE
    young_carers.measures = "Number of young carers supported"
    young_carers.save()
    young_carers.boards.add(Board.objects.first())
    assert "Young Carers" not in subjects("programme_incomplete")


def test_theme_without_programmes_is_flagged_until_one_is_added():
    assert subjects("theme_no_programme") == set()
    theme7, theme8 = Theme.objects.get(number=7), Theme.objects.get(number=8)
    moved = list(theme7.programmes.values_list("pk", flat=True))
    Programme.objects.filter(pk__in=moved).update(theme=theme8)
    assert subjects("theme_no_programme") == {f"Theme 7: {theme7.title}"}
    Programme.objects.filter(pk=moved[0]).update(theme=theme7)
    assert subjects("theme_no_programme") == set()


def test_flags_for_one_theme_or_one_board():
    theme1 = gaps(theme=1)
    # Its 11 delivery-plan rows, its indicators 3 and 4 (no values, no targets) and its 7 recommendations, which
    # nothing carries out yet.
    assert Counter(flag.kind for flag in theme1) == {
        GapKind.PROGRAMME_UNLINKED: 9, GapKind.PROGRAMME_NO_MILESTONE: 11, GapKind.PROGRAMME_NO_UPDATE: 11,
        GapKind.PROGRAMME_INCOMPLETE: 1, GapKind.INDICATOR_NO_DATA: 2, GapKind.INDICATOR_NO_TARGET: 2,
        GapKind.PROGRAMME_NO_RECOMMENDATION: 11, GapKind.SUGGESTIONS_OPEN: 11, GapKind.RECOMMENDATION_UNCOVERED: 7,
    }
    assert {flag.theme for flag in theme1} == {1}
    assert "Young Carers" in {flag.subject for flag in theme1}
    board = Board.objects.get(slug="local-authorities-joint-committee")
    on_board = gaps(board=board)
    # Its 6 programmes, one of them the twin of a row the plan lists twice.
    assert Counter(flag.kind for flag in on_board) == {
        GapKind.PROGRAMME_NO_MILESTONE: 6, GapKind.PROGRAMME_NO_UPDATE: 6, GapKind.PROGRAMME_UNLINKED: 6,
        GapKind.PROGRAMME_REPEATED: 1, GapKind.PROGRAMME_NO_RECOMMENDATION: 6, GapKind.SUGGESTIONS_OPEN: 6,
    }
    assert {flag.subject for flag in on_board} == set(board.programmes.values_list("name", flat=True))
    assert all(flag.is_about_programme for flag in on_board)


def test_the_gaps_command_prints_the_same_list_as_csv(capsys):
    call_command("gaps", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["kind"], r["subject"]) for r in rows] == [(f.kind, f.subject) for f in gaps()]
    call_command("gaps", "--theme", "2")
    assert capsys.readouterr().out.strip().endswith(f"{len(gaps(theme=2))} gap flags.")


def test_with_no_stocktake_there_is_one_flag_saying_so():
    assert [f.sentence for f in gaps(kinds=["stocktake_missing"])] == [
        "No stocktake has been uploaded yet, so nothing is known of what each level is doing."]
    assert subjects("place_no_activity") == set()


def test_a_place_with_no_activity_under_a_theme_is_flagged_until_it_records_some():
    import_file("s.xlsx", consolidated([row("Theme 1", l8="Family hubs")]))
    assert "Halton, theme 1" in subjects("place_no_activity")
    assert "Liverpool, theme 1" not in subjects("place_no_activity")
    assert "Liverpool, theme 2" in subjects("place_no_activity")
    assert subjects("stocktake_missing") == set()
    import_file("h.xlsx", single_return([["Theme 1", "Halton hub"]], title="Halton"))
    assert "Halton, theme 1" not in subjects("place_no_activity")


def test_a_system_recommendation_with_no_borough_activity_is_flagged_until_a_borough_records_some():
    import_file("s.xlsx", consolidated([row("System recommendation 2", l0="ICS partnership board")]))
    assert "System recommendation 2" in subjects("system_no_borough_activity")
    import_file("s2.xlsx", consolidated([row("System recommendation 2", l10="Sefton partnership")]))
    assert "System recommendation 2" not in subjects("system_no_borough_activity")
    assert "System recommendation 1" in subjects("system_no_borough_activity")


def test_a_theme_whose_activity_is_all_at_one_level_is_flagged_until_another_level_joins():
    theme4 = Theme.objects.get(number=4)
    import_file("s.xlsx", consolidated([row("Theme 4", l0="Poverty truth commission\nAdvice network")]))
    [flag] = gaps(kinds=["theme_one_level"])
    assert flag.sentence == "All the activity recorded under theme 4 is at one level: Cheshire and Merseyside."
    assert flag.subject == f"Theme 4: {theme4.title}"
    import_file("s2.xlsx", consolidated([row("Theme 4", l8="Fuel poverty fund")]))
    assert subjects("theme_one_level") == set()


def test_stocktake_flags_cost_the_same_queries_however_many_themes_sit_at_one_level(django_assert_num_queries):
    import_file("one.xlsx", consolidated([row("Theme 4", l0="x")]))
    with CaptureQueriesContext(connection) as one:
        assert len(gaps(kinds=["theme_one_level"])) == 1
    import_file("many.xlsx", consolidated([row(f"Theme {n}", l1="y") for n in (1, 2, 3, 5, 6, 7, 8)]))
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(gaps(kinds=["theme_one_level"])) == 8
