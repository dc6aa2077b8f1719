import json

import pytest
from django.contrib.auth.models import Group

from atf_portal.core import roles
from atf_portal.framework.models import HeadlineAmbition, MarmotRecommendation, Principle, SystemRecommendation, Theme
from atf_portal.seed.bootstrap import FIXTURES, bootstrap
from indicators.models import Indicator
from places.models import Area
from programmes.models import (
    Board,
    Organisation,
    Programme,
)

pytestmark = pytest.mark.django_db

ALL_MODELS = [
    Area, Theme, MarmotRecommendation, SystemRecommendation, Principle, HeadlineAmbition, Board, Organisation,
    Programme, Indicator, Programme.history.model, Indicator.history.model, Group,
]


def snapshot():
    return {model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in ALL_MODELS}


def test_the_documents_reference_counts_are_loaded():
    assert Theme.objects.count() == 8
    assert Area.objects.places().count() == 9
    assert Indicator.objects.count() == 22
    assert Indicator.objects.filter(status=Indicator.Status.LIVE).count() == 18
    assert HeadlineAmbition.objects.count() == 6
    assert Principle.objects.count() == 3


def test_system_recommendations_are_the_seven_named_in_the_delivery_plan_appendix():
    # DOMAIN.md expected six, but the appendix's last line (no trailing newline) names a seventh.
    titles = list(SystemRecommendation.objects.values_list("title", flat=True))
    assert len(titles) == 7
    assert titles[0] == "Increase and make equitable funding for social determinants of health and prevention"
    assert titles[6] == "Develop social determinants of health in all policies and implement Marmot Beacon Indicators"


def test_indicator_statuses_match_the_december_2023_review():
    not_live = dict(Indicator.objects.exclude(status=Indicator.Status.LIVE).values_list("number", "status"))
    assert not_live == {
        12: Indicator.Status.NOT_LIVE_ANCHOR,
        15: Indicator.Status.NO_LONGER_AVAILABLE,
        20: Indicator.Status.NOT_LIVE_ANCHOR,
        21: Indicator.Status.NOT_LIVE_ANCHOR,
    }


def test_indicators_sit_under_the_themes_the_review_gives_them():
    themes = dict(Indicator.objects.values_list("number", "theme__number"))
    assert themes[1] is None and themes[2] is None
    assert [n for n, t in themes.items() if t == 2] == [5, 6, 7, 8, 9]
    assert [n for n, t in themes.items() if t == 8] == [21, 22]
    assert Indicator.objects.get(number=17).footnote_marks == "****"


def test_places_carry_their_ons_codes_and_sub_regions():
    liverpool = Area.objects.get(slug="liverpool")
    assert (liverpool.code, liverpool.parent.name) == ("E08000012", "Liverpool City Region")
    assert Area.objects.get(slug="warrington").parent.slug == "cheshire-and-warrington"
    assert Area.objects.get(code="E92000001").name == "England"
    assert Area.objects.get(slug="cheshire-and-warrington").code is None


def test_every_theme_has_its_marmot_recommendations():
    counts = {
        theme.number: theme.recommendations.count() for theme in Theme.objects.all()
    }
    assert counts == {1: 7, 2: 13, 3: 10, 4: 10, 5: 21, 6: 12, 7: 8, 8: 7}


def test_bootstrap_twice_changes_nothing():
    before = snapshot()
    counts = bootstrap()
    assert sum(counts.values()) == 0
    assert snapshot() == before


def test_a_programme_the_team_deleted_is_not_brought_back_by_bootstrap():
    programme = Programme.objects.get(source_ref="DP2024-25/3/01")
    programme.delete()
    bootstrap()
    assert not Programme.objects.filter(source_ref="DP2024-25/3/01").exists()


def test_roles_exist_with_the_right_powers():
    business = Group.objects.get(name=roles.BUSINESS_TEAM)
    board = Group.objects.get(name=roles.BOARD_MEMBERS)
    assert business.permissions.filter(codename="change_programme").exists()
    assert business.permissions.filter(codename="add_indicator").exists()
    assert not business.permissions.filter(codename="delete_programme").exists()
    assert set(board.permissions.values_list("codename", flat=True)) >= {"view_programme", "view_indicator"}
    assert not board.permissions.exclude(codename__startswith="view_").exists()
    assert Group.objects.filter(name=roles.MARMOT_LEADS).exists()


def test_boards_are_one_record_per_real_body():
    names = [name.lower() for name in Board.objects.values_list("name", flat=True)]
    assert len(names) == len(set(names))
    plan = json.loads((FIXTURES / "delivery_plan_2024_25.json").read_text())
    used = {slug for row in plan for slug in row["boards"]}
    assert used <= set(Board.objects.values_list("slug", flat=True))
