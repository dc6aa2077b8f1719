"""One import flow for every kind of upload, the pretix way.

`plan` reads and checks the whole file and works out what importing it would do, writing nothing; `preview`
keeps the file with its plan for the uploader to read; `confirm` plans it again (the data may have changed
since the preview) and writes everything in one transaction, or nothing; then `finish` does what follows from
the data (summaries) after the commit, so the transaction that holds the database's write lock is only the
write. The checks every file passes before it is read (its size, and an .xlsx archive's expanded size before
anything expands it) are made here, once. Each kind of upload supplies `check` (read the file into the plan)
and `write` (store the plan's rows).

Faults: if the database stops part-way through the write, the transaction takes everything back, the upload is
marked failed with the reason (in a fresh transaction) and the uploader is told. Two confirmations of the same
preview, or two uploads for the same rows, confirmed at once: the upload row is locked and re-read, so only one
import happens and the other is told who imported it; the rows an import replaces (a Place's level, an indicator)
are locked in a fixed order, so the second import waits, then works from what the first wrote.
"""

import hashlib
import logging
from dataclasses import dataclass, field

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from atf_portal.core import pagecache
from atf_portal.core.forms import size_problem
from atf_portal.core.uploads import xlsx_archive_problem

DATABASE_STOPPED = (
    "The database stopped part-way; nothing was imported. Everything is as it was before: upload the file "
    "again in a few minutes, and if this happens again, tell the portal team."
)


FINISH_FAILED = (
    "The figures were imported, but the summaries drawn from them could not be brought up to date; the pages may "
    "show the earlier comparisons and trends. Tell the portal team."
)
log = logging.getLogger(__name__)


class Refused(Exception):
    """The import cannot go ahead (e.g. someone else has just imported this upload); nothing was written."""


@dataclass
class Plan:
    """What importing a file would do: the errors that stop it, the warnings a person should read."""

    file_name: str
    sha256: str
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    stopped: bool = False  # the file was fine but the import was refused or failed: its errors are not the file's

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

    def rows_to_lock(self, plan):
        """A queryset of the rows whose data the import replaces (locked, in pk order, before the write), or None."""
        return None

    def recheck(self, plan):
        """Bring the plan up to date with what is in the database now that its rows are locked (another import may
        have written them since the plan was made); runs inside the import's transaction."""

    def finish(self, plan):
        """Work that follows a committed import, outside its transaction (e.g. refreshing stored summaries, which
        takes far longer than the write): the data is in whatever happens here, and no reader or writer waited."""

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
            self.commit_or_fail(plan, self.new_upload(plan, user, **options), user)
        return plan

    def preview(self, file_name, content, user, **options):
        """Check an uploaded file and keep it for confirmation; returns (plan, upload or None)."""
        plan = self.plan(file_name, content, user, **options)
        return plan, (self.new_upload(plan, user, content=content, **options) if plan.ok else None)

    def confirm(self, upload, user):
        refusal = self.refusal(type(upload).objects.get(pk=upload.pk))  # e.g. the same preview open in two tabs
        if refusal:
            return self.plan_class(file_name=upload.file_name, sha256=upload.sha256, errors=[refusal], stopped=True)
        plan = self.plan(upload.file_name, bytes(upload.content), user, **self.options_of(upload))
        if plan.ok:
            self.commit_or_fail(plan, upload, user)
        return plan

    def commit_or_fail(self, plan, upload, user):
        """Commit, or say why not: refused (nothing written), or the database failed part-way (all taken back, and
        the upload marked failed)."""
        try:
            self.commit(plan, upload, user)
        except Refused as refused:
            plan.stopped = True
            plan.errors.append(str(refused))
        except DatabaseError as exc:
            plan.stopped = True
            plan.errors.append(DATABASE_STOPPED)
            self.record_failure(plan, upload, exc)
        else:
            self.finish_or_warn(plan)

    def finish_or_warn(self, plan):
        """finish, after the commit; if it fails the import stands, and the uploader and the log are told."""
        try:
            self.finish(plan)
        except Exception:  # any failure: the data is committed and must be reported as imported
            log.exception("Work after importing %s failed", plan.file_name)
            plan.warnings.append(FINISH_FAILED)

    def record_failure(self, plan, upload, exc):
        """Mark the upload failed, with the reason, in a transaction of its own after the import's was rolled back.
        If the database is still away this cannot be recorded either; the stored upload then stays a preview."""
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()  # a dropped connection is reopened by the next query
        Status = upload.Status
        summary = {**plan.summary(), "errors": list(plan.errors), "reason": f"{type(exc).__name__}: {exc}".strip()}
        try:
            with transaction.atomic():
                updated = type(upload).objects.filter(pk=upload.pk, status=Status.PREVIEWED).update(
                    status=Status.FAILED, summary=summary, content=None, imported_at=None)
        except DatabaseError:
            updated = None  # the database is still away: the row stays a preview, but nothing was imported
        if updated != 0:  # 0: someone else imported it meanwhile; leave it as it is
            upload.status, upload.summary, upload.content, upload.imported_at = Status.FAILED, summary, None, None

    def claim(self, upload):
        """Lock the upload's row and re-read it: refuse if it is no longer a preview waiting to be imported (two
        confirmations at once: the second waits here for the first, then is told)."""
        refusal = self.refusal(type(upload).objects.select_for_update().get(pk=upload.pk))
        if refusal:
            raise Refused(refusal)

    def refusal(self, current):
        """Why an upload, as stored now, cannot be imported; "" when it can."""
        Status = current.Status
        if current.status == Status.PREVIEWED:
            return ""
        who = current.uploaded_by if current.uploaded_by_id else "someone"
        if current.status == Status.IMPORTED:
            when = timezone.localtime(current.imported_at)
            return (f"{current.file_name} was already imported by {who} at {when:%H:%M on %d %b %Y}; "
                    "it was not imported again.")
        return f"{current.file_name} was not imported ({current.get_status_display().lower()}); upload it again."

    def new_upload(self, plan, user, content=None, **options):
        return self.upload_model.objects.create(
            file_name=plan.file_name, sha256=plan.sha256, uploaded_by=user, content=content,
            summary=plan.summary(), **self.upload_fields(plan, **options),
        )

    @transaction.atomic
    def commit(self, plan, upload, user):
        self.claim(upload)
        rows = self.rows_to_lock(plan)
        if rows is not None:
            list(rows.select_for_update().order_by("pk").values_list("pk", flat=True))
        self.recheck(plan)
        self.write(plan, upload, user)
        upload.status = upload.Status.IMPORTED
        upload.imported_at = timezone.now()
        upload.content = None  # kept only between preview and confirmation
        upload.summary = plan.summary()
        upload.save()
        pagecache.data_changed()  # bulk writes send no signal
