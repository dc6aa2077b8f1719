"""What the public may read: a year's outcomes report as a frozen snapshot, the business team's commentary on each
theme, and the approved programme updates the team marks for publication.

The public pages and the public API read only `OutcomesReport.content`, built from official figures when the team
publishes (snapshot.py), so nothing from the signed-in portal can reach them by a later change of a live record.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from atf_portal.framework.models import Theme
from programmes.reporting.models import Update


class OutcomesReportQuerySet(models.QuerySet):
    def current(self):
        """The newest version of each year's report."""
        newest = OutcomesReport.objects.filter(year=models.OuterRef("year")).order_by("-version").values("version")[:1]
        return self.filter(version=models.Subquery(newest)).order_by("-year")


class OutcomesReport(models.Model):
    """One published version of a year's report. A correction is a new version listing what changed; earlier
    versions stay readable at their own address."""

    year = models.PositiveSmallIntegerField(help_text="The year the report covers, e.g. 2025.")
    version = models.PositiveSmallIntegerField(editable=False)
    published_at = models.DateTimeField(auto_now_add=True)
    changes = models.TextField(
        "what changed", blank=True, help_text="For a correction: what differs from the previous version.")
    content = models.JSONField(default=dict, editable=False, help_text="The frozen report (snapshot.py).")

    objects = OutcomesReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-version"]
        constraints = [models.UniqueConstraint(fields=["year", "version"], name="one_outcomes_report_version")]

    def __str__(self):
        return f"Outcomes report {self.year}, version {self.version}"

    def get_absolute_url(self):
        return reverse("outcomes-version", args=[self.year, self.version])

    def clean(self):
        if self.year and self.version is None and OutcomesReport.objects.filter(year=self.year).exists() \
                and not self.changes.strip():
            raise ValidationError({"changes": "Say what this correction changes."})


class Commentary(models.Model):
    """The business team's words on one theme for a year's report, copied into the report when it is published."""

    year = models.PositiveSmallIntegerField()
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "theme__number"]
        verbose_name_plural = "commentaries"
        constraints = [models.UniqueConstraint(fields=["year", "theme"], name="one_commentary_per_theme_and_year")]

    def __str__(self):
        return f"Commentary on theme {self.theme.number}, {self.year}"


class PublishedUpdate(models.Model):
    """An approved programme update the business team marks for the public report; a later change of the update's
    state takes it out again (only approved updates are ever copied)."""

    update = models.OneToOneField(Update, on_delete=models.CASCADE, related_name="+")
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-marked_at"]

    def __str__(self):
        return f"Published: {self.update}"

    def clean(self):
        if self.update_id and self.update.state != Update.State.APPROVED:
            raise ValidationError({"update": "Only an approved update can be published."})
