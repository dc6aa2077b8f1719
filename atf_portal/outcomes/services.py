"""Publishing a year's outcomes report: a new frozen version each time, the earlier ones kept."""

from django.db import transaction
from django.db.models import Max

from . import snapshot
from .models import OutcomesReport


@transaction.atomic
def publish(year, changes=""):
    """Freeze the official figures, the team's commentary and the marked updates as the next version of `year`'s
    report. A correction (any version after the first) says what changed."""
    latest = OutcomesReport.objects.select_for_update().filter(year=year).aggregate(Max("version"))["version__max"]
    if latest and not changes.strip():
        raise ValueError("A correction must say what changed.")
    version = (latest or 0) + 1
    report = OutcomesReport(year=year, version=version, changes=changes.strip())
    report.content = {**snapshot.build(year), "version": version}
    report.save()
    return report
