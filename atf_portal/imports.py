"""One import flow for every kind of upload, the pretix way.

`plan` reads and checks the whole file and works out what importing it would do, writing nothing; `preview`
keeps the file with its plan for the uploader to read; `confirm` plans it again (the data may have changed
since the preview) and writes everything in one transaction, or nothing. The checks every file passes before
it is read (its size, and an .xlsx archive's expanded size before anything expands it) are made here, once.
Each kind of upload supplies `check` (read the file into the plan) and `write` (store the plan's rows).
"""

import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from . import pagecache
from .forms import size_problem
from .uploads import xlsx_archive_problem


@dataclass
class Plan:
    """What importing a file would do: the errors that stop it, the warnings a person should read."""

    file_name: str
    sha256: str
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors

    def summary(self):
        return {"errors": self.errors, "warnings": self.warnings}


class ImportFlow:
    upload_model = None  # an atf_portal.models.UploadRecord
    plan_class = Plan
    limit_size = True  # refuse files over MAX_UPLOAD_BYTES whichever way they arrive

    def check(self, plan, content, user, **options):
        """Read the file into the plan, adding its errors and warnings. Writes nothing."""
        raise NotImplementedError

    def write(self, plan, upload, user):
        """Store the plan's rows; runs inside the import's transaction."""
        raise NotImplementedError

    def finish(self, plan):
        """Anything that must follow the write in the same transaction (e.g. stored summaries)."""

    def upload_fields(self, plan, **options):
        return {}

    def options_of(self, upload):
        """The options a kept preview was planned with, to plan it again on confirmation."""
        return {}

    def plan(self, file_name, content, user=None, **options):
        plan = self.plan_class(file_name=file_name, sha256=hashlib.sha256(content).hexdigest())
        too_big = self.limit_size and size_problem(file_name, len(content))
        problem = too_big or xlsx_archive_problem(file_name, content)
        if problem:
            plan.errors.append(problem)
        else:
            self.check(plan, content, user, **options)
        return plan

    def import_file(self, file_name, content, user=None, dry_run=False, **options):
        """Check a file and, unless dry_run or it has errors, import it (the command line's path)."""
        plan = self.plan(file_name, content, user, **options)
        if plan.ok and not dry_run:
            self.commit(plan, self.new_upload(plan, user, **options), user)
        return plan

    def preview(self, file_name, content, user, **options):
        """Check an uploaded file and keep it for confirmation; returns (plan, upload or None)."""
        plan = self.plan(file_name, content, user, **options)
        return plan, (self.new_upload(plan, user, content=content, **options) if plan.ok else None)

    def confirm(self, upload, user):
        plan = self.plan(upload.file_name, bytes(upload.content), user, **self.options_of(upload))
        if plan.ok:
            self.commit(plan, upload, user)
        return plan

    def new_upload(self, plan, user, content=None, **options):
        return self.upload_model.objects.create(
            file_name=plan.file_name, sha256=plan.sha256, uploaded_by=user, content=content,
            summary=plan.summary(), **self.upload_fields(plan, **options),
        )

    @transaction.atomic
    def commit(self, plan, upload, user):
        self.write(plan, upload, user)
        upload.status = upload.Status.IMPORTED
        upload.imported_at = timezone.now()
        upload.content = None  # kept only between preview and confirmation
        upload.summary = plan.summary()
        upload.save()
        self.finish(plan)
        pagecache.bump()  # bulk writes send no signal
