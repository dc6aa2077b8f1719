"""Background tasks in-process: the job's record, refusal of a second fetch, failure and retry, interruption, the
schedule and the worker's health. tests/test_worker.py runs the same against real worker processes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from atf_portal.jobs import runner, schedule
from atf_portal.jobs.models import Job, ScheduledJob
from indicators import tasks
from indicators.models import Indicator, IndicatorValue, Upload

from .conftest import run_worker_once, schedule_just_ran
from .indicator_files import template_xlsx
from .test_fingertips_fetch import DATA, params, stub_api

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_indicator():
    Indicator.objects.exclude(number=4).update(fingertips_id=None)


run_worker = run_worker_once


def test_a_fetch_runs_as_a_job_that_records_who_started_it_its_steps_and_its_result(http, business_client,
                                                                                   business_user, one_indicator):
    stub_api(http)
    location = business_client.post(reverse("indicator-fetch-fingertips"))["Location"]
    job = Job.objects.get()
    assert location == reverse("job-detail", args=[job.pk])
    assert (job.status, job.started_by, job.exclusive) == ("queued", business_user, True)
    assert business_client.get(reverse("job-progress", args=[job.pk])).json()["status"] == "queued"
    run_worker()
    progress = business_client.get(reverse("job-progress", args=[job.pk])).json()
    assert (progress["status"], progress["done"], progress["total"], progress["finished"]) == ("succeeded", 4, 4, True)
    assert progress["result"][0].startswith("Fetched 1 indicators from the Fingertips API: 8 new figures")
    assert Upload.objects.get().uploaded_by == business_user
    listing = business_client.get(reverse("job-list")).content.decode()
    assert "Fetch from the Fingertips API" in listing and "business" in listing and "Finished" in listing


def test_a_second_fetch_is_refused_while_the_first_is_waiting_or_running(business_client, one_indicator):
    url = reverse("indicator-fetch-fingertips")
    business_client.post(url)
    refused = business_client.post(url, follow=True).content.decode()
    assert "Fetch from the Fingertips API is already waiting to start (started by business at" in refused
    assert Job.objects.count() == 1
    Job.objects.update(status=Job.Status.RUNNING, heartbeat_at=timezone.now())
    assert "already running" in business_client.post(url, follow=True).content.decode()


def test_a_failed_fetch_changes_nothing_says_why_and_can_be_started_again(http, business_client, one_indicator):
    http.get(DATA, body=b"Not found", status=404, match=params(502))
    business_client.post(reverse("indicator-fetch-fingertips"))
    run_worker()
    failed = Job.objects.get()
    assert failed.status == "failed" and "answered HTTP 404" in failed.error
    assert IndicatorValue.objects.count() == 0 and Upload.objects.count() == 0
    page = business_client.get(reverse("job-detail", args=[failed.pk])).content.decode()
    assert "answered HTTP 404" in page and "Start it again" in page

    http.reset()
    stub_api(http)
    location = business_client.post(reverse("job-retry", args=[failed.pk]))["Location"]
    again = Job.objects.exclude(pk=failed.pk).get()
    assert location == reverse("job-detail", args=[again.pk]) and again.retry_of == failed
    run_worker()
    again.refresh_from_db()
    assert again.status == "succeeded" and IndicatorValue.objects.filter(indicator__number=4).count() == 8


def test_only_the_business_team_may_start_a_job_again(board_client, business_client):
    job = Job.objects.create(task="indicators.tasks.refresh_summaries", label="Refresh", status=Job.Status.FAILED)
    assert board_client.post(reverse("job-retry", args=[job.pk])).status_code == 403
    assert business_client.get(reverse("job-retry", args=[job.pk])).status_code == 405
    assert Job.objects.count() == 1


def test_a_finished_job_cannot_be_started_again(business_client):
    job = Job.objects.create(task="indicators.tasks.refresh_summaries", label="Refresh", status=Job.Status.SUCCEEDED)
    business_client.post(reverse("job-retry", args=[job.pk]))
    assert Job.objects.count() == 1


def test_a_running_job_whose_worker_fell_silent_is_interrupted_and_no_longer_blocks_a_fetch(
        settings, business_client, one_indicator):
    settings.JOB_STALE_SECONDS = 60
    silent = Job.objects.create(task=tasks.fetch_fingertips.module_path, label=tasks.FETCH_LABEL, exclusive=True,
                                status=Job.Status.RUNNING, heartbeat_at=timezone.now() - datetime.timedelta(seconds=61))
    page = business_client.get(reverse("job-detail", args=[silent.pk])).content.decode()
    assert "Interrupted: nothing was changed" in page and "Start it again" in page
    business_client.post(reverse("indicator-fetch-fingertips"))
    assert Job.objects.active().count() == 1


def test_a_job_still_heard_from_is_not_interrupted(settings):
    settings.JOB_STALE_SECONDS = 60
    Job.objects.create(task="t", label="t", status=Job.Status.RUNNING,
                       heartbeat_at=timezone.now() - datetime.timedelta(seconds=59))
    assert runner.mark_interrupted() == 0


def test_a_summary_refresh_runs_as_a_job():
    job = runner.start(tasks.refresh_summaries, label="Refresh")
    run_worker()
    job.refresh_from_db()
    assert job.status == "succeeded" and job.result[0].startswith("Refreshed ")


def test_a_large_upload_is_imported_as_a_job(settings, business_client, business_user):
    settings.BACKGROUND_IMPORT_BYTES = 10
    content = template_xlsx([[1, "E08000012", "2022", "Persons", "All ages", 10.5]])
    upload = Upload.objects.create(file_name="values.xlsx", sha256="0" * 64, kind=Upload.Kind.TEMPLATE,
                                   uploaded_by=business_user, content=content)
    location = business_client.post(reverse("indicator-upload-preview", args=[upload.pk]))["Location"]
    job = Job.objects.get()
    assert location == reverse("job-detail", args=[job.pk]) and job.label == "Import values.xlsx"
    run_worker()
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    assert job.result == ["values.xlsx imported: 1 new figures, 0 updated, 0 unchanged."]


NIGHTLY = "nightly-fingertips"


def test_the_schedule_queues_a_due_job_once_and_not_again_until_it_is_due_again():
    entry = dict(schedule.entries())[NIGHTLY]
    now = timezone.make_aware(datetime.datetime(2026, 12, 3, 2, 45))
    assert schedule.last_due(entry, now) == timezone.make_aware(datetime.datetime(2026, 12, 3, 2, 30))
    ScheduledJob.objects.filter(name=NIGHTLY).update(last_run=now - datetime.timedelta(days=1))
    [job] = [j for j in schedule.run_due(now) if j.schedule == NIGHTLY]
    assert job.kwargs == {"changed_only": True} and job.started_by is None
    assert [j for j in schedule.run_due(now) if j.schedule == NIGHTLY] == []  # a second worker finds it taken
    assert ScheduledJob.objects.get(name=NIGHTLY).last_job == job


def test_a_weekly_job_is_due_on_its_day():
    entry = dict(schedule.entries())["weekly-summaries"]
    thursday = timezone.make_aware(datetime.datetime(2026, 12, 3, 12, 0))
    assert schedule.last_due(entry, thursday) == timezone.make_aware(datetime.datetime(2026, 11, 29, 3, 30))


def test_the_nightly_fetch_asks_only_for_indicators_fingertips_says_are_due(http, one_indicator):
    indicator = Indicator.objects.get(number=4)
    indicator.next_update, indicator.metadata_fetched_at = "November 2099", timezone.now()
    indicator.save()
    job = runner.start(tasks.fetch_fingertips, label="Nightly", changed_only=True)
    run_worker()
    job.refresh_from_db()
    assert job.result == ["No indicator is due an update by Fingertips' metadata: nothing was fetched."]


@pytest.mark.parametrize(("text", "fetched", "due"), [
    ("November 2025", "2025-10-01", True), ("November 2025", "2025-11-02", False), ("12 Jan 2027", "2026-01-01", False),
    ("TBC", "2025-10-01", True), ("", None, True),
])
def test_an_indicator_is_due_an_update_when_fingertips_next_update_date_has_come(text, fetched, due):
    indicator = Indicator(next_update=text, metadata_fetched_at=fetched and timezone.make_aware(
        datetime.datetime.fromisoformat(fetched)))
    assert indicator.fingertips_update_due(datetime.date(2026, 12, 3)) is due


def test_the_health_check_fails_when_a_scheduled_job_is_late(client, settings):
    # No grace, so the test holds at any time of day: in the grace just after the nightly job's due moment it is not
    # late yet, however long ago it last ran.
    settings.SCHEDULE_GRACE_MINUTES = 0
    schedule_just_ran()
    assert client.get(reverse("health"), HTTP_ACCEPT="application/json").status_code == 200
    ScheduledJob.objects.filter(name=NIGHTLY).update(last_run=timezone.now() - datetime.timedelta(days=3))
    response = client.get(reverse("health"), HTTP_ACCEPT="application/json")
    assert response.status_code == 500
    assert "has not run" in response.json()["Worker()"]


def test_each_request_and_each_task_gives_one_json_log_line_when_asked(business_client, caplog):
    import json
    import logging

    from atf_portal.logformat import JsonFormatter

    with caplog.at_level(logging.INFO):
        business_client.get(reverse("job-list"))
        runner.start(tasks.refresh_summaries, label="Refresh")
        run_worker()
    lines = [json.loads(JsonFormatter().format(r)) for r in caplog.records
             if r.name in ("atf_portal.requests", "atf_portal.jobs")]
    request, task = lines
    assert {k: request[k] for k in ("method", "path", "user", "status")} == {
        "method": "GET", "path": "/tasks/", "user": "business", "status": 200}
    assert {k: task[k] for k in ("task", "status", "started_by")} == {
        "task": "indicators.tasks.refresh_summaries", "status": "succeeded", "started_by": "-"}
    assert isinstance(task["ms"], int)


def test_a_leads_large_stocktake_is_imported_as_a_job_only_they_and_the_business_team_may_follow(
        settings, lead_client, board_client, business_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from stocktake.models import Activity

    from .stocktake_files import single_return

    settings.BACKGROUND_IMPORT_BYTES = 10
    content = single_return([["Theme 1: Give every child the best start", "Family hubs"]], title="Liverpool")
    preview = lead_client.post(reverse("stocktake-upload"), {"file": SimpleUploadedFile("liverpool.xlsx", content)})
    location = lead_client.post(preview["Location"])["Location"]
    job = Job.objects.get()
    assert location == reverse("job-detail", args=[job.pk]) and not Activity.objects.exists()
    run_worker()
    assert "liverpool.xlsx imported: 1 activities recorded." in lead_client.get(location).content.decode()
    assert business_client.get(location).status_code == 200
    assert board_client.get(location).status_code == 403
    assert board_client.get(reverse("job-progress", args=[job.pk])).status_code == 403
    assert lead_client.get(reverse("job-list")).status_code == 403
