"""Background tasks for real: the portal's server and worker processes on one database, a Fingertips stand-in on
127.0.0.1, and the business team in Chromium. The fetch's page shows its progress and then its result without
reloading; a worker killed half-way changes nothing and the fetch can be started again; two workers that find a
scheduled job due at once queue it once."""

import os
import signal
import subprocess
import sys

import pytest
from django.conf import settings

from .browser import BUSINESS, sign_in, wait_until
from .fingertips_standin import StandIn

COUNTS = ("from indicators.models import IndicatorValue, Upload; "
          "print(IndicatorValue.objects.count(), Upload.objects.count())")


@pytest.fixture(scope="module")
def standin():
    found = StandIn()
    yield found
    found.close()


@pytest.fixture(scope="module")
def portal(browser_database, tmp_path_factory, standin):
    from .browser import serve

    env = {"FINGERTIPS_API_URL": standin.url, "FINGERTIPS_BACKOFF_SECONDS": "0", "JOB_HEARTBEAT_SECONDS": "1",
           "JOB_STALE_SECONDS": "3"}
    server_gen = serve(browser_database, tmp_path_factory, env)
    server = next(server_gen)
    # One indicator to fetch; no scheduled job due (tests/conftest.py, schedule_just_ran) but those a test makes due.
    server.python("from indicators.models import Indicator; "
                  "Indicator.objects.exclude(number=4).update(fingertips_id=None); "
                  "from tests.conftest import schedule_just_ran; schedule_just_ran()")
    yield server
    next(server_gen, None)


def start_worker(portal, *args):
    return subprocess.Popen([sys.executable, "manage.py", "run_worker", "--interval", "0.2", *args],
                            cwd=settings.BASE_DIR, env=portal.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)


@pytest.fixture
def worker(portal):
    process = start_worker(portal)
    yield process
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


@pytest.fixture
def page(browser, portal):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, portal, BUSINESS)
    yield page
    page.close()


def start_fetch(page, portal):
    page.goto(f"{portal}/indicators/upload/")
    page.click("text=Fetch from Fingertips now")
    page.wait_for_url("**/tasks/*/")
    page.evaluate("window.notReloaded = true")


def text(page, selector):
    return page.locator(selector).inner_text()


def test_a_fetch_started_from_the_page_shows_its_progress_then_its_result(page, portal, standin, worker):
    standin.hold()
    start_fetch(page, portal)
    assert standin.asked_metadata.wait(30), "the worker never asked for the metadata"
    assert wait_until(page, "() => document.getElementById('job-step').textContent.includes('metadata')")
    assert text(page, "#job-status") == "Running"
    assert page.evaluate("document.getElementById('job-progress').value") == 1
    standin.release.set()
    assert wait_until(page, "() => document.getElementById('job-status').textContent === 'Finished'", timeout=30)
    assert "Fetched 1 indicators from the Fingertips API" in text(page, "#job-result")
    assert page.evaluate("document.getElementById('job-progress').value") == 4
    assert page.evaluate("window.notReloaded === true")  # it updated in place
    assert not page.errors


def test_a_worker_killed_half_way_changes_nothing_and_the_fetch_can_be_started_again(page, portal, standin, worker):
    before = portal.python(COUNTS)
    standin.hold()
    start_fetch(page, portal)
    assert standin.asked_metadata.wait(30)
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)
    standin.release.set()
    assert portal.python(COUNTS) == before
    assert wait_until(page, "() => document.getElementById('job-status').textContent.startsWith('Interrupted')",
                      timeout=30)
    assert portal.python(COUNTS) == before

    again = start_worker(portal)
    try:
        page.click("text=Start it again")
        page.wait_for_url("**/tasks/*/")
        assert wait_until(page, "() => document.getElementById('job-status').textContent === 'Finished'", timeout=30)
        assert "Fetched 1 indicators from the Fingertips API" in text(page, "#job-result")
        uploads = int(portal.python(COUNTS).split()[1])
        assert uploads == int(before.split()[1]) + 1
    finally:
        os.killpg(again.pid, signal.SIGTERM)
        again.wait(timeout=30)


def test_two_workers_that_find_a_scheduled_job_due_at_once_queue_it_once(portal):
    portal.python("import datetime; from django.utils import timezone; "
                  "from atf_portal.jobs.models import ScheduledJob; "
                  "ScheduledJob.objects.filter(name='weekly-summaries')"
                  ".update(last_run=timezone.now() - datetime.timedelta(days=8))")
    workers = [start_worker(portal, "--once") for _ in range(2)]
    for process in workers:
        assert process.wait(timeout=120) == 0, process.stderr.read()
    runs = portal.python("from atf_portal.jobs.models import Job; print(list(Job.objects.filter("
                         "schedule='weekly-summaries').values_list('status', flat=True)))")
    assert runs.strip() == "['succeeded']"
