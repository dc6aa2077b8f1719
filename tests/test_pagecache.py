"""The page cache never shows stale data, never shows one role's page to another, never caches a person."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from atf_portal.core import pagecache
from atf_portal.framework.models import FrameworkItem
from indicators.models import Indicator
from programmes.models import Milestone, Programme, ProgressUpdate
from stocktake.services import import_file as import_stocktake
from tests.html import squashed

from .conftest import client_for
from .dashboard_data import add_series
from .stocktake_files import consolidated, row
from .test_programme_pages import admin_form_data

pytestmark = pytest.mark.django_db
PLACES = {"E08000012": (60.0, 59.0, 61.0, 600, 1000), "E92000001": (55.0, 54.9, 55.1, 55000, 100000)}


def page(client, name, *args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return squashed(response)


def test_a_second_request_is_served_from_the_cache(board_client, django_assert_num_queries):
    page(board_client, "home")
    # session, user, the user's permissions (directly and through groups), the data version with the page
    with django_assert_num_queries(4):
        assert "Theme 3" in page(board_client, "home")


def test_an_admin_edit_shows_on_the_very_next_request(board_client, business_client):
    programme = Programme.objects.get(source_ref="DP2024-25/3/01")
    assert programme.name in page(board_client, "theme-detail", 3)
    response = business_client.post(reverse("admin:programmes_programme_change", args=[programme.pk]),
                                    admin_form_data(programme, name="Renamed by the business team"))
    assert response.status_code == 302
    assert "Renamed by the business team" in page(board_client, "theme-detail", 3)
    assert "Renamed by the business team" in page(board_client, "programme-detail", programme.pk)


def test_an_indicator_import_or_refresh_shows_on_the_very_next_request(board_client):
    nothing = "No Place has been compared with England on any indicator yet."
    assert nothing in page(board_client, "home")
    add_series(Indicator.objects.get(number=3), PLACES)  # a bulk write, then refresh_summaries
    home = page(board_client, "home")
    assert nothing not in home and "None of the 9 Places is worse than England on any indicator compared." in home


def test_a_stocktake_import_shows_on_the_very_next_request(board_client):
    assert "Family hubs" not in page(board_client, "stocktake-activities")
    import_stocktake("s.xlsx", consolidated([row("Theme 1", l8="Family hubs")]))
    assert "Family hubs" in page(board_client, "stocktake-activities")


def test_demo_values_loaded_and_removed_show_on_the_very_next_request(board_client):
    assert "Illustrative data" not in page(board_client, "home")
    call_command("load_demo_values", stdout=open("/dev/null", "w"))
    assert "Illustrative data" in page(board_client, "home")
    call_command("load_demo_values", "--remove", stdout=open("/dev/null", "w"))
    assert "Illustrative data" not in page(board_client, "home")


def test_bootstrap_shows_on_the_very_next_request(board_client):
    aim = FrameworkItem.objects.filter(kind=FrameworkItem.Kind.AIM).first()
    aim.delete()
    assert aim.text[:60] not in page(board_client, "framework")
    call_command("bootstrap", stdout=open("/dev/null", "w"))
    assert aim.text[:60] in page(board_client, "framework")


def test_a_progress_update_shows_on_the_very_next_request(board_client, business_user):
    programme = Programme.objects.get(source_ref="DP2024-25/3/01")
    assert "Amber" not in page(board_client, "monitoring")
    # Saving an update copies its RAG onto the programme with update(), which sends no signal of its own.
    ProgressUpdate.objects.create(programme=programme, date="2026-11-01", rag="amber", narrative="n",
                                  author=business_user)
    assert "Amber" in page(board_client, "monitoring")


def test_a_business_team_page_never_reaches_a_board_member_from_the_cache(business_client, board_client):
    assert "Fix in the admin" in page(business_client, "gap-list")
    assert "Fix in the admin" not in page(board_client, "gap-list")
    assert "Fix in the admin" in page(business_client, "gap-list")


def test_the_cache_never_holds_a_persons_name_or_messages(board_client, board_user, business_client):
    page(board_client, "home")
    cached = [value for key, value in _entries() if key.startswith("atf:page:")]
    assert cached and all(b"board" not in content for _, content, _ in cached)
    assert ">business<" in page(business_client, "home") and ">board<" not in page(business_client, "home")


def test_a_lost_version_starts_a_new_one_rather_than_an_old_one(board_client):
    page(board_client, "home")
    old = cache.get(pagecache.VERSION_KEY)
    cache.delete(pagecache.VERSION_KEY)
    page(board_client, "home")
    assert cache.get(pagecache.VERSION_KEY) not in (old, None)


def test_a_page_drawn_at_an_older_version_is_drawn_afresh(board_client):
    programme = Programme.objects.get(source_ref="DP2024-25/3/01")
    page(board_client, "theme-detail", 3)
    old = cache.get(pagecache.VERSION_KEY)
    Programme.objects.filter(pk=programme.pk).update(name="Renamed without a signal")
    assert "Renamed without a signal" not in page(board_client, "theme-detail", 3)
    pagecache.bump()
    assert "Renamed without a signal" in page(board_client, "theme-detail", 3)
    cache.set(pagecache.VERSION_KEY, old, None)  # an old version back (say, a restored cache) draws afresh again
    Programme.objects.filter(pk=programme.pk).update(name="Renamed again")
    assert "Renamed again" in page(board_client, "theme-detail", 3)


def _entries():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM atf_cache")
        keys = [key.split(":", 2)[-1] for key, _ in cursor.fetchall()]
    return [(key, cache.get(key)) for key in keys]


def test_a_cached_page_is_keyed_by_the_groups_and_the_same_permissions_djangos_own_backend_finds(django_user_model):
    user = django_user_model.objects.create_user("keyed", password="x" * 12)
    group = Group.objects.create(name="Readers and editors")
    view, change, delete = Permission.objects.filter(content_type__app_label="programmes").order_by("pk")[:3]
    group.permissions.add(view, change)
    user.user_permissions.add(change, delete)
    user.groups.add(group)
    djangos = django_user_model.objects.get(pk=user.pk).get_all_permissions
    groups, permissions = pagecache.roles_of(user)
    assert (groups, _named(permissions)) == ([group.pk], djangos())
    user.groups.remove(group)
    djangos = django_user_model.objects.get(pk=user.pk).get_all_permissions
    groups, permissions = pagecache.roles_of(user)
    assert (groups, _named(permissions)) == ([], djangos())
    user.is_superuser = True
    assert pagecache.roles_of(user) == (["*"], ["*"])


def _named(permission_ids):
    assert permission_ids == sorted(set(permission_ids))
    found = Permission.objects.filter(pk__in=permission_ids).values_list("content_type__app_label", "codename")
    return {f"{app}.{codename}" for app, codename in found}


def _milestone(programme, description="Milestone"):
    return Milestone.objects.create(programme=programme, description=description, due_date="2027-03-31")


def _version_writes(queries):
    return [q["sql"] for q in queries if "atf_cache" in q["sql"] and q["sql"].startswith(("INSERT", "UPDATE"))]


def test_creating_one_milestone_costs_its_two_rows_and_one_version_bump(board_client, django_assert_num_queries):
    programme = Programme.objects.get(source_ref="DP2024-25/3/01")
    page(board_client, "monitoring")  # the version read by a page drawn in this transaction: the next write bumps
    # the milestone and its historical record, then the bump: the cache's count, a savepoint, its row, the write
    # and the savepoint's release (12 queries before: the historical record bumped too, five queries each)
    with django_assert_num_queries(7) as captured:
        _milestone(programme)
    assert len(_version_writes(captured.captured_queries)) == 1


def test_creating_one_milestone_through_the_admin_bumps_the_version_once(business_client, django_assert_num_queries):
    programme = Programme.objects.get(source_ref="DP2024-25/3/01")
    data = admin_form_data(programme)
    data.update({"milestones-TOTAL_FORMS": "1", "milestones-0-description": "Through the admin",
                 "milestones-0-due_date": "2027-03-31", "milestones-0-status": "not_started"})
    with CaptureQueriesContext(connection) as captured:
        response = business_client.post(reverse("admin:programmes_programme_change", args=[programme.pk]), data)
    assert response.status_code == 302
    assert programme.milestones.filter(description="Through the admin").exists()
    assert len(_version_writes(captured.captured_queries)) == 1


def test_a_transaction_that_saves_five_objects_bumps_once():
    programme = Programme.objects.get(source_ref="DP2024-25/3/01")
    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        for number in range(5):
            _milestone(programme, f"Milestone {number}")
    assert len(_version_writes(captured.captured_queries)) == 1


def test_a_page_drawn_inside_the_transaction_makes_the_next_write_bump_again(board_client):
    programme = Programme.objects.get(source_ref="DP2024-25/3/01")
    _milestone(programme, "First")
    assert "Renamed in the same transaction" not in page(board_client, "theme-detail", 3)
    programme.name = "Renamed in the same transaction"
    programme.save()
    assert "Renamed in the same transaction" in page(board_client, "theme-detail", 3)


def test_a_rolled_back_transaction_followed_by_a_new_write_still_bumps(board_client):
    programme = Programme.objects.get(source_ref="DP2024-25/3/01")
    page(board_client, "theme-detail", 3)
    drawn_at = cache.get(pagecache.VERSION_KEY)
    with pytest.raises(RuntimeError), transaction.atomic():
        _milestone(programme, "Rolled back")
        assert cache.get(pagecache.VERSION_KEY) != drawn_at
        raise RuntimeError
    assert cache.get(pagecache.VERSION_KEY) == drawn_at  # the bump went with the rollback
    programme.name = "Renamed after a rollback"
    programme.save()
    assert cache.get(pagecache.VERSION_KEY) != drawn_at
    assert "Renamed after a rollback" in page(board_client, "theme-detail", 3)


def test_historical_records_never_bump():
    milestone = _milestone(Programme.objects.get(source_ref="DP2024-25/3/01"))
    historical = milestone.history.first()
    pagecache.version_and_page("atf:page:none")  # a page drawn since the last bump: the next write must bump
    with CaptureQueriesContext(connection) as captured:
        historical.history_change_reason = "Saved again"
        historical.save()
    assert _version_writes(captured.captured_queries) == []
    with CaptureQueriesContext(connection) as captured:
        milestone.save()
    assert len(_version_writes(captured.captured_queries)) == 1


def test_holding_the_business_teams_permissions_without_its_group_is_not_served_its_cached_page(
        business_client, business_user, django_user_model):
    assert "Fix in the admin" in page(business_client, "gap-list")  # cached, with the business team's Fix links
    lookalike = django_user_model.objects.create_user("lookalike", password="x" * 12)
    lookalike.user_permissions.add(*Permission.objects.filter(group__user=business_user))
    lookalike_client = client_for(lookalike)
    assert "Fix in the admin" not in page(lookalike_client, "gap-list")


def test_a_write_in_a_transaction_bumps_the_version_again_once_it_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        pagecache.bump()
        before_commit = pagecache.bump()
    assert len(callbacks) == 1  # once per transaction, however many rows it saved
    assert cache.get(pagecache.VERSION_KEY) != before_commit  # a page drawn before the commit is not reused
