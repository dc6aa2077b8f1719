"""One home per rule: each rule is tested once, where it is written, and against the pages that read it."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from atf_portal.core.access import AccessMiddleware, access_of
from atf_portal.core.exports import export_asked
from atf_portal.dashboard.coherence import covered, matrix
from atf_portal.dashboard.gaps import GapKind, gaps
from atf_portal.framework.models import MarmotRecommendation, SystemRecommendation
from indicators.models import Indicator, IndicatorSummary
from places.access import may_act_for, own_place
from places.models import Area
from programmes.models import Action, Programme
from programmes.reporting.access import is_lead, may_report_on, may_review
from programmes.reporting.models import ProgrammeLead
from stocktake.models import Activity
from stocktake.services import import_file

from .conftest import client_for, make_user
from .stocktake_files import consolidated, row

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 2)


# Who someone is: core/access.py

def test_every_roles_group_reads_the_portal_and_an_outsider_does_not(business_user, board_user, lead_user,
                                                                     programme_lead_user, outsider):
    readers = [business_user, board_user, lead_user, programme_lead_user]
    assert [access_of(user).reads_portal for user in readers] == [True] * 4
    assert not access_of(outsider).reads_portal and not access_of(None).reads_portal


def test_the_business_team_is_its_group_or_a_superuser_and_no_permission_makes_it(business_user, board_user,
                                                                                  django_user_model):
    superuser = django_user_model.objects.create_superuser("super", "super@example.org", "not-used")
    board_user.user_permissions.add(Permission.objects.get(codename="change_programme"))
    assert access_of(business_user).is_business_team and access_of(superuser).is_business_team
    assert not access_of(board_user).is_business_team and not access_of(None).is_business_team


def test_a_request_asks_each_question_about_its_user_once(lead_user, django_assert_num_queries):
    liverpool, halton = Area.objects.get(slug="liverpool"), Area.objects.get(slug="halton")

    def view(request):
        with django_assert_num_queries(3):  # the business-team check, the PlaceLead with its Place, led programmes
            for _ in range(100):
                assert may_act_for(request.user, liverpool) and not may_act_for(request.user, halton)
                assert own_place(request.user) == liverpool and not may_review(request.user)
                assert not may_report_on(request.user, 1) and not is_lead(request.user)
        return HttpResponse()

    request = RequestFactory().get("/")
    request.user = lead_user
    AccessMiddleware(view)(request)


def test_a_user_outside_a_request_is_never_answered_from_stale_roles(programme_lead_user):
    programme = Programme.objects.exclude(leads__user=programme_lead_user).first()
    assert not may_report_on(programme_lead_user, programme)
    ProgrammeLead.objects.create(user=programme_lead_user, programme=programme)
    assert may_report_on(programme_lead_user, programme) and may_report_on(programme_lead_user, programme.pk)


def test_the_command_line_acts_for_every_level_and_reports_on_no_programme():
    assert may_act_for(None, Area.objects.get(slug="halton")) and own_place(None) is None
    assert not may_report_on(None, Programme.objects.first()) and not may_review(None)


def test_a_user_given_the_change_programme_permission_is_offered_no_fix_links(board_user, business_client):
    board_user.user_permissions.add(Permission.objects.get(codename="change_programme"))
    assert "Fix it" not in client_for(board_user).get(reverse("gap-list")).content.decode()
    assert "Fix it" in business_client.get(reverse("gap-list")).content.decode()


def test_a_signed_in_user_with_no_role_reads_nothing_and_leads_nothing(django_user_model):
    outsider_lead = make_user(django_user_model, "lead-without-a-role")
    assert not access_of(outsider_lead).reads_portal and not access_of(outsider_lead).led_programme_ids


# Activity counts by row and level: stocktake/models.py

def test_activity_is_counted_by_row_and_level_from_current_activities_only():
    import_file("old.xlsx", consolidated([row("Theme 1", l8="old")]))
    import_file("new.xlsx", consolidated([row("Theme 1", l8="a\nb", l6="c"), row("System recommendation 2", l8="d")]))
    liverpool, halton = Area.objects.get(slug="liverpool"), Area.objects.get(slug="halton")
    current = Activity.objects.current()
    assert current.counts_by_row_and_level() == {("theme", 1): {liverpool.pk: 2, halton.pk: 1},
                                                 ("system", 2): {liverpool.pk: 1}}
    assert current.counts_by_level("theme", 1) == {liverpool.pk: 2, halton.pk: 1}
    assert current.counts_by_row(liverpool) == {("theme", 1): 2, ("system", 2): 1}


# Recommendation covered: atf_portal/dashboard/coherence.py

def covered_ones(kind):
    return set(kind.objects.annotate(covered=covered(kind)).filter(covered=True).values_list("pk", flat=True))


def test_a_recommendation_is_covered_by_a_programme_or_by_stocktake_activity_for_it():
    assert covered_ones(MarmotRecommendation) == set() and covered_ones(SystemRecommendation) == set()
    carried = MarmotRecommendation.objects.get(theme__number=7, order=5)
    Programme.objects.first().recommendations.add(carried)
    import_file("s.xlsx", consolidated([row("Theme 4", l8="Advice network"), row("System recommendation 3", l11="x")]))
    theme_4 = set(MarmotRecommendation.objects.filter(theme__number=4).values_list("pk", flat=True))
    assert covered_ones(MarmotRecommendation) == {carried.pk} | theme_4
    assert covered_ones(SystemRecommendation) == {SystemRecommendation.objects.get(number=3).pk}


def test_the_matrix_the_theme_figures_and_the_gap_flags_read_the_same_rule():
    import_file("s.xlsx", consolidated([row("Theme 4", l8="Advice network")]))
    matrices, systems = matrix()
    uncovered = {flag.pk for flag in gaps(kinds=[GapKind.RECOMMENDATION_UNCOVERED]) if flag.theme is not None}
    for theme_matrix in matrices:
        theme = theme_matrix.theme
        assert theme.recommendations_covered == sum(not r.has_nothing for r in theme_matrix.rows)
        assert (theme.number == 4) == (theme.recommendations_covered == theme.recommendation_count > 0)
    expected = set(MarmotRecommendation.objects.exclude(theme__number=4).values_list("pk", flat=True))
    assert uncovered == expected


# Unit wording: Indicator

@pytest.mark.parametrize(("unit", "figure", "difference"), [
    ("%", "%", " percentage points"), ("per 100,000", " per 100,000", " per 100,000"), ("", "", ""),
])
def test_a_unit_is_written_once_for_a_figure_and_once_for_a_difference(unit, figure, difference):
    indicator = Indicator(unit=unit)
    assert (indicator.unit_suffix, indicator.difference_suffix) == (figure, difference)


# The illustrative banner: IndicatorSummary

def test_a_page_is_illustrative_when_any_summary_it_shows_was_drawn_from_made_up_values():
    real, made_up = IndicatorSummary(illustrative=False), IndicatorSummary(illustrative=True)
    assert not IndicatorSummary.any_illustrative([None, real])
    assert IndicatorSummary.any_illustrative(summary for summary in [real, None, made_up])


# Action overdue: ActionQuerySet

def test_an_action_is_overdue_only_while_open_and_past_its_due_date():
    day, mine = datetime.timedelta(days=1), {"number__gt": 900}  # the seeded log's actions left aside
    for number, status, due in [(901, "open", TODAY - day), (902, "open", TODAY), (903, "closed", TODAY - day),
                                (904, "open", None)]:
        Action.objects.create(number=number, meeting_date=TODAY, text="a", owner="o", status=status, due_date=due)
    assert list(Action.objects.filter(**mine).overdue(TODAY).values_list("number", flat=True)) == [901]
    marked = {a.number: bool(a.overdue) for a in Action.objects.filter(**mine).with_overdue(TODAY)}
    assert marked == {901: True, 902: False, 903: False, 904: False}


# Downloads: one parameter

def test_a_download_is_asked_for_with_one_parameter_and_an_unknown_format_is_the_page():
    factory = RequestFactory()
    assert export_asked(factory.get("/", {"_export": "xlsx"})) == "xlsx"
    assert export_asked(factory.get("/", {"_export": "pdf"})) is None
    assert export_asked(factory.get("/", {"format": "xlsx"})) is None


@pytest.mark.parametrize("name", ["coherence", "monitoring"])
def test_every_page_download_answers_the_same_parameter(board_client, name):
    response = board_client.get(reverse(name), {"_export": "xlsx"})
    assert response["Content-Disposition"] == f'attachment; filename="atf-{name}.xlsx"'
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
