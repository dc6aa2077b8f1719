"""Stocktake work that runs in the background (atf_portal/jobs): the import of a large workbook. It writes in one
transaction at its end (the shared import flow), so a failure, or a worker killed half-way, changes nothing."""

from django_tasks import task

from atf_portal.jobs.runner import JobFailed, run
from stocktake import services
from stocktake.models import StocktakeUpload


@task()
def import_upload(job_id, upload_id):
    return run(job_id, confirm, upload_id=upload_id)


def confirm(progress, upload_id):
    upload = StocktakeUpload.objects.get(pk=upload_id)
    progress(f"Reading {upload.file_name} again and saving it", 0, 1)
    plan = services.confirm_upload(upload, progress.user)
    if not plan.ok:
        raise JobFailed(f"{upload.file_name}: nothing saved.", *plan.errors[:20])
    progress("Done", 1, 1)
    replaced = f" It replaced {plan.replaced_text()}." if plan.replaced else ""
    return [f"{upload.file_name} imported: {len(plan.activities)} activities recorded.{replaced}"]
