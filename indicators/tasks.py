"""The indicator work that runs in the background (atf_portal/jobs): the Fingertips fetch, the summary refresh and
the import of a large upload. Each keeps the portal's all-or-nothing rule: it writes in one transaction at its
end, so a failure, or a worker killed half-way, changes nothing."""

from django.utils import timezone
from django_tasks import task

from atf_portal.jobs.runner import JobFailed, run
from indicators.imports import fingertips, services
from indicators.models import Indicator, IndicatorSummary, Upload
from indicators.summary.analysis import refresh_summaries as refresh_all

FETCH_LABEL = "Fetch from the Fingertips API"


@task()
def fetch_fingertips(job_id, numbers=None, changed_only=False):
    return run(job_id, fetch, numbers=numbers, changed_only=changed_only)


def fetch(progress, numbers=None, changed_only=False):
    if changed_only:
        today = timezone.localdate()
        numbers = [i.number for i in Indicator.objects.exclude(fingertips_id=None) if i.fingertips_update_due(today)]
        if not numbers:
            return ["No indicator is due an update by Fingertips' metadata: nothing was fetched."]
    try:
        result = services.fetch_fingertips(numbers, user=progress.user, progress=progress)
    except fingertips.FingertipsError as exc:
        raise JobFailed(str(exc)) from None
    plan = result.plan
    if not plan.ok:
        raise JobFailed("Nothing imported from the Fingertips API:", *plan.errors[:20],
                        *([f"(and {len(plan.errors) - 20} more)"] if len(plan.errors) > 20 else []))
    progress("Done", 4, 4)
    return [
        f"Fetched {len(result.indicators)} indicators from the Fingertips API: {len(plan.to_create)} new figures, "
        f"{len(plan.to_update)} updated, {plan.unchanged} unchanged, {len(plan.new_areas)} areas new to the "
        f"portal; metadata stored for {len(result.metadata)}.",
        *plan.warnings,
    ]


@task()
def refresh_summaries(job_id):
    return run(job_id, refresh)


def refresh(progress):
    progress("Working out every indicator's summary", 0, 1)
    refresh_all()
    progress("Done", 1, 1)
    return [f"Refreshed {IndicatorSummary.objects.count()} summaries of {Indicator.objects.count()} indicators."]


@task()
def import_upload(job_id, upload_id):
    return run(job_id, confirm, upload_id=upload_id)


def confirm(progress, upload_id):
    upload = Upload.objects.get(pk=upload_id)
    progress(f"Checking {upload.file_name} again and importing it", 0, 1)
    plan = services.confirm_upload(upload, progress.user)
    if not plan.ok:
        raise JobFailed(f"{upload.file_name}: nothing imported.", *plan.errors[:20])
    progress("Done", 1, 1)
    return [f"{upload.file_name} imported: {len(plan.to_create)} new figures, {len(plan.to_update)} updated, "
            f"{plan.unchanged} unchanged."]
