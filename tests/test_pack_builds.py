"""A board pack's spreadsheet is built as a background task when asked for from the pack's page: the page sends the
person to the task's page, which links the file once it is built, for that person only. The printable page stays."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from atf_portal.jobs.models import Job, JobFile
from programmes.models import Board
from programmes.reporting.models import ReportingPeriod

from .conftest import run_worker_once

pytestmark = pytest.mark.django_db


@pytest.fixture
def pack_url():
    period = ReportingPeriod.quarter(2026, 3)
    period.save()
    board = Board.objects.filter(programmes__isnull=False).first()
    return reverse("reporting-board-pack", args=[period.pk, board.slug])


def progress(client, job):
    return client.get(reverse("job-progress", args=[job.pk])).json()


def test_asking_for_the_spreadsheet_queues_a_task_and_sends_the_person_to_its_page(board_client, board_user, pack_url):
    location = board_client.post(pack_url)["Location"]
    job = Job.objects.get()
    assert location == reverse("job-detail", args=[job.pk])
    assert (job.status, job.started_by) == ("queued", board_user)
    assert job.task == "programmes.reporting.tasks.build_board_pack"
    assert progress(board_client, job)["download"] == "" and not JobFile.objects.exists()
    assert board_client.get(pack_url).status_code == 200  # the printable page is drawn as before


def test_once_built_the_task_page_links_the_spreadsheet_for_the_person_who_asked(board_client, pack_url):
    board_client.post(pack_url)
    run_worker_once()
    job = Job.objects.get()
    state = progress(board_client, job)
    assert (state["status"], state["done"], state["total"]) == ("succeeded", 2, 2)
    assert state["result"][0].startswith("The board pack for ") and state["download"] == reverse("job-file",
                                                                                                    args=[job.pk])
    assert f'href="{state["download"]}"' in board_client.get(reverse("job-detail", args=[job.pk])).content.decode()
    response = board_client.get(state["download"])
    assert response["Content-Disposition"].startswith('attachment; filename="atf-pack-')
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["Programmes", "Milestones", "Measures",
                                                                      "Indicators", "Prevention"]


def test_the_built_spreadsheet_is_served_to_no_one_but_the_person_who_asked(
        board_client, business_client, lead_client, pack_url):
    board_client.post(pack_url)
    run_worker_once()
    job = Job.objects.get()
    file_url = reverse("job-file", args=[job.pk])
    assert business_client.get(reverse("job-detail", args=[job.pk])).status_code == 200  # the team follows tasks,
    assert progress(business_client, job)["download"] == ""  # but is not offered the file,
    assert business_client.get(file_url).status_code == 404  # nor given it
    assert lead_client.get(file_url).status_code == 404
    assert board_client.get(file_url).status_code == 200


def test_a_build_that_fails_offers_no_file_and_can_be_started_again(board_client, business_client, pack_url,
                                                                    monkeypatch):
    def broken(*args):
        raise ValueError("the workbook could not be written")

    monkeypatch.setattr("programmes.reporting.tasks.board_pack_xlsx", broken)
    board_client.post(pack_url)
    run_worker_once()
    job = Job.objects.get()
    state = progress(board_client, job)
    assert state["status"] == "failed" and state["download"] == "" and not JobFile.objects.exists()
    assert board_client.get(reverse("job-file", args=[job.pk])).status_code == 404
    monkeypatch.undo()
    again = business_client.post(reverse("job-retry", args=[job.pk]))["Location"]
    run_worker_once()
    retried = Job.objects.get(retry_of=job)
    assert again == reverse("job-detail", args=[retried.pk]) and retried.status == "succeeded"
    assert JobFile.objects.get().job == retried
