"""Faults: the database stopping part-way through an import, two confirmations at once, two admin tabs."""

import threading

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from atf_portal.core import roles
from indicators.imports import services as indicator_services
from indicators.models import Indicator, IndicatorValue, Upload
from programmes.models import Programme
from stocktake import services as stocktake_services
from stocktake.models import Activity, StocktakeUpload

from .conftest import client_for, make_user
from .indicator_files import fingertips_csv, fingertips_row
from .stocktake_files import consolidated, row, single_return
from .test_programme_pages import admin_form_data

FID = 90631
LIVERPOOL = "E08000012"
CONNECTION_LOST = "server closed the connection unexpectedly"


def current_activities():
    return sorted(Activity.objects.current().values_list("level__name", "text"))


def liverpool_return(text):
    return single_return([["Theme 1", text]], title="Liverpool return")


@pytest.fixture
def indicator(db):
    indicator = Indicator.objects.get(number=4)
    indicator.fingertips_id = FID
    indicator.save()
    return indicator


def figures():
    return sorted(IndicatorValue.objects.values_list("area__code", "period", "value"))


# The database stops part-way --------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_stocktake_import_cut_off_part_way_leaves_the_previous_activities_and_marks_the_upload_failed(
        monkeypatch, business_user):
    stocktake_services.import_file("v1.xlsx", consolidated([row("Theme 1", l8="Family hubs", l6="Halton hub")]))
    before = current_activities()
    history_rows = Activity.objects.count()
    content = consolidated([row("Theme 1", l8="New hubs", l6="New Halton hub"), row("Theme 2", l8="Schools")])
    plan, upload = stocktake_services.preview_upload("v2.xlsx", content, business_user)
    real_bulk_create = Activity.objects.bulk_create

    def half_then_drop(objs, **kwargs):
        objs = list(objs)
        real_bulk_create(objs[: len(objs) // 2], **kwargs)  # a real partial insert
        assert Activity.objects.count() > history_rows
        raise OperationalError(CONNECTION_LOST)

    monkeypatch.setattr(Activity.objects, "bulk_create", half_then_drop)
    plan = stocktake_services.confirm_upload(upload, business_user)

    assert not plan.ok and plan.stopped
    assert plan.errors[0].startswith("The database stopped part-way; nothing was imported.")
    assert current_activities() == before
    assert Activity.objects.count() == history_rows
    upload.refresh_from_db()
    assert upload.status == StocktakeUpload.Status.FAILED
    assert upload.summary["errors"][0].startswith("The database stopped part-way")
    assert CONNECTION_LOST in upload.summary["reason"]
    assert upload.content is None and upload.imported_at is None
    # The uploader's page for it says what happened, and a second confirmation does nothing.
    response = client_for(business_user).get(reverse("stocktake-upload-detail", args=[upload.pk]))
    assert response.status_code == 200
    assert b"nothing imported" in response.content and b"The database stopped part-way" in response.content
    monkeypatch.undo()
    assert client_for(business_user).post(reverse("stocktake-upload-detail", args=[upload.pk])).status_code == 404
    assert current_activities() == before


@pytest.mark.django_db
def test_an_indicator_import_cut_off_part_way_writes_nothing_and_marks_the_upload_failed(
        monkeypatch, indicator, business_user):
    indicator_services.import_file("first.csv", fingertips_csv([fingertips_row(FID, LIVERPOOL, "2020/21", "60.0")]))
    before, history = figures(), IndicatorValue.history.count()
    content = fingertips_csv([fingertips_row(FID, LIVERPOOL, "2020/21", "61.0"),  # an update
                              fingertips_row(FID, LIVERPOOL, "2021/22", "62.0")])  # a new figure
    plan, upload = indicator_services.preview_upload("second.csv", content, business_user)

    def drop(*args, **kwargs):  # after the new figure and its history are really written, before the update
        assert IndicatorValue.objects.count() == len(before) + 1
        raise OperationalError(CONNECTION_LOST)

    monkeypatch.setattr(indicator_services, "write_updates", drop)
    plan = indicator_services.confirm_upload(upload, business_user)

    assert not plan.ok and plan.stopped
    assert figures() == before
    assert IndicatorValue.history.count() == history
    upload.refresh_from_db()
    assert (upload.status, upload.content) == (Upload.Status.FAILED, None)
    assert upload.summary["errors"][0].startswith("The database stopped part-way")
    response = client_for(business_user).get(reverse("indicator-upload-preview", args=[upload.pk]))
    assert response.status_code == 200
    assert b"nothing imported" in response.content and b"The database stopped part-way" in response.content


@pytest.mark.django_db
def test_the_command_line_import_cut_off_part_way_is_recorded_as_failed(monkeypatch):
    def drop(*args, **kwargs):
        raise OperationalError(CONNECTION_LOST)

    monkeypatch.setattr(Activity.objects, "bulk_create", drop)
    plan = stocktake_services.import_file("v1.xlsx", consolidated([row("Theme 1", l8="Family hubs")]))
    assert plan.stopped and not Activity.objects.exists()
    assert StocktakeUpload.objects.get().status == StocktakeUpload.Status.FAILED


@pytest.mark.django_db
def test_a_failed_stocktake_upload_page_shows_whether_or_not_its_content_was_kept(business_user):
    content = consolidated([row("Theme 1", l8="Family hubs")])
    for kept in (content, None):
        upload = StocktakeUpload.objects.create(
            file_name="f.xlsx", sha256="0" * 64, size=len(content), kind=StocktakeUpload.Kind.CONSOLIDATED,
            uploaded_by=business_user, content=kept, status=StocktakeUpload.Status.FAILED, summary={},
        )
        response = client_for(business_user).get(reverse("stocktake-upload-detail", args=[upload.pk]))
        assert response.status_code == 200 and b"nothing imported" in response.content


# Two confirmations at once ----------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_same_preview_confirmed_twice_imports_once_and_tells_the_second(business_user):
    plan, upload = stocktake_services.preview_upload("v1.xlsx", liverpool_return("Family hubs"), business_user)
    second_tab = StocktakeUpload.objects.get(pk=upload.pk)  # loaded before the first confirmation
    assert stocktake_services.confirm_upload(upload, business_user).ok
    activities = Activity.objects.count()

    plan = stocktake_services.confirm_upload(second_tab, business_user)
    assert not plan.ok and plan.stopped
    assert "v1.xlsx was already imported by business at" in plan.errors[0]
    assert Activity.objects.count() == activities
    assert StocktakeUpload.objects.get(pk=upload.pk).status == StocktakeUpload.Status.IMPORTED


@pytest.mark.django_db
def test_the_same_indicator_preview_confirmed_twice_imports_once(indicator, business_user):
    content = fingertips_csv([fingertips_row(FID, LIVERPOOL, "2021/22", "62.0")])
    plan, upload = indicator_services.preview_upload("values.csv", content, business_user)
    second_tab = Upload.objects.get(pk=upload.pk)
    assert indicator_services.confirm_upload(upload, business_user).ok
    history = IndicatorValue.history.count()
    plan = indicator_services.confirm_upload(second_tab, business_user)
    assert "values.csv was already imported by business at" in plan.errors[0]
    assert IndicatorValue.history.count() == history
    response = client_for(business_user).post(reverse("indicator-upload-preview", args=[upload.pk]))
    assert response.status_code == 404  # no longer a preview


@pytest.mark.django_db
def test_a_second_upload_for_a_place_is_told_what_it_replaced(business_user):
    first = stocktake_services.import_file("v1.xlsx", liverpool_return("Family hubs"), user=business_user)
    assert first.replaced == []
    second = stocktake_services.import_file("v2.xlsx", liverpool_return("Family hubs, expanded"), user=business_user)
    assert "Liverpool's activities from v1.xlsx (business," in second.replaced_text()


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite has no row locks and the in-memory test database is not shared between threads")
def test_two_confirmations_racing_on_postgresql_one_wins_and_the_level_ends_consistent(committed_db,
                                                                                         django_user_model):
    user = make_user(django_user_model, "racer", roles.BUSINESS_TEAM, is_staff=True)
    uploads = [stocktake_services.preview_upload(f"v{n}.xlsx", liverpool_return(f"Version {n}"), user)[1]
               for n in (1, 2)]

    def race(tasks):
        barrier = threading.Barrier(len(tasks))
        results = [None] * len(tasks)

        def run(i, upload):
            try:
                barrier.wait()
                results[i] = stocktake_services.confirm_upload(upload, user)
            finally:
                connection.close()

        threads = [threading.Thread(target=run, args=(i, upload)) for i, upload in enumerate(tasks)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        return results

    # Two different uploads for Liverpool: both import, the later replaces the earlier and says so.
    plans = race(uploads)
    assert all(plan.ok for plan in plans), [plan.errors for plan in plans]
    assert Activity.objects.current().filter(level__slug="liverpool").count() == 1
    assert sorted(len(plan.replaced) for plan in plans) == [0, 1]
    winner = next(plan for plan in plans if plan.replaced)
    assert winner.replaced[0][1].file_name != winner.file_name
    current = Activity.objects.current().get(level__slug="liverpool")
    assert current.upload.file_name == winner.file_name

    # The same upload confirmed twice at once (it was imported above: a fresh one).
    same = stocktake_services.preview_upload("v3.xlsx", liverpool_return("Version 3"), user)[1]
    plans = race([same, StocktakeUpload.objects.get(pk=same.pk)])
    assert sorted(plan.ok for plan in plans) == [False, True]
    loser = next(plan for plan in plans if not plan.ok)
    # Whichever check the second confirmation meets first refuses it: the upload's own state (imported by the
    # racer) or the same content already imported; either way nothing is imported twice.
    assert ("v3.xlsx was already imported by racer at" in loser.errors[0]
            or "v3.xlsx: this exact file was already imported on" in loser.errors[0]), loser.errors
    assert Activity.objects.filter(upload=same).count() == 1
    assert list(Activity.objects.current().filter(level__slug="liverpool").values_list("text", flat=True)) == [
        "Version 3"]


# Two admin tabs ---------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_programme_saved_in_another_tab_is_not_overwritten(business_client, business_user):
    obj = Programme.objects.get(source_ref="DP2024-25/3/01")
    change_url = reverse("admin:programmes_programme_change", args=[obj.pk])
    page = business_client.get(change_url)
    assert f'name="loaded_updated_at" value="{obj.updated_at.isoformat()}"' in page.content.decode()
    opened = obj.updated_at.isoformat()
    history = obj.history.count()

    first = business_client.post(change_url, admin_form_data(obj, measures="First tab", loaded_updated_at=opened))
    assert first.status_code == 302, first.content
    saved = Programme.objects.get(pk=obj.pk)

    second = business_client.post(change_url, admin_form_data(obj, measures="Second tab", loaded_updated_at=opened))
    assert second.status_code == 200
    message = second.context["adminform"].form.non_field_errors()[0]
    assert message.startswith("This programme was changed by business at ")
    assert message.endswith("after you opened it; your changes were not saved. Reload the page to see theirs.")
    after = Programme.objects.get(pk=obj.pk)
    assert (after.measures, after.updated_at) == ("First tab", saved.updated_at)
    assert after.history.count() == history + 1  # the first tab's save only

    # Reloaded, the page carries the new time and the save goes through.
    reloaded = admin_form_data(after, measures="Second tab", loaded_updated_at=after.updated_at.isoformat())
    assert business_client.post(change_url, reloaded).status_code == 302
    assert Programme.objects.get(pk=obj.pk).measures == "Second tab"


@pytest.mark.django_db
def test_when_the_failure_cannot_be_recorded_either_the_uploader_is_still_told_nothing_was_imported(
        monkeypatch, business_user):
    plan, upload = stocktake_services.preview_upload("v1.xlsx", liverpool_return("Family hubs"), business_user)

    def drop(*args, **kwargs):
        raise OperationalError(CONNECTION_LOST)

    monkeypatch.setattr(Activity.objects, "bulk_create", drop)
    monkeypatch.setattr(StocktakeUpload.objects, "filter", drop)  # the failure's own record cannot be written
    plan = stocktake_services.confirm_upload(upload, business_user)
    monkeypatch.undo()
    assert plan.stopped and plan.errors[0].startswith("The database stopped part-way")
    assert upload.status == StocktakeUpload.Status.FAILED  # as the page shows it
    assert StocktakeUpload.objects.get(pk=upload.pk).status == StocktakeUpload.Status.PREVIEWED  # may be tried again
    assert not Activity.objects.exists()
