from django.db import models

from atf_portal.core.models import UploadRecord


class StocktakeUpload(UploadRecord):
    """One stocktake workbook as uploaded: kept for good, whether or not it was imported."""

    class Kind(models.TextChoices):
        CONSOLIDATED = "consolidated", "Consolidated workbook (all levels)"
        SINGLE = "single", "One Place's return"

    size = models.PositiveIntegerField(help_text="Bytes.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    chosen_place = models.ForeignKey(
        "places.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The Place chosen on the form for a single return.",
    )

class ActivityQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)

    def counts_by_row_and_level(self):
        """{(row_kind, row_number): {level id: activities}}: how many activities each level recorded under each
        row, in one query. The one count the coverage matrix, the coherence tables, the gap rules and the theme and
        Place pages read."""
        counts = {}
        rows = self.values_list("row_kind", "row_number", "level").annotate(n=models.Count("pk")).order_by()
        for kind, number, level, n in rows:
            counts.setdefault((kind, number), {})[level] = n
        return counts

    def counts_by_level(self, row_kind, row_number):
        """{level id: activities} under one row."""
        rows = self.filter(row_kind=row_kind, row_number=row_number).counts_by_row_and_level()
        return rows.get((row_kind, row_number), {})

    def counts_by_row(self, level):
        """{(row_kind, row_number): activities} one level recorded."""
        return {row: levels[level.pk] for row, levels in self.filter(level=level).counts_by_row_and_level().items()}


class Activity(models.Model):
    """One activity a level recorded under one stocktake row (a theme, system recommendation or indicator)."""

    class RowKind(models.TextChoices):
        THEME = "theme", "Marmot theme"
        SYSTEM_RECOMMENDATION = "system", "System recommendation"
        INDICATOR = "indicator", "Beacon Indicator"

    upload = models.ForeignKey(StocktakeUpload, on_delete=models.PROTECT, related_name="activities")
    level = models.ForeignKey("places.Area", on_delete=models.PROTECT, related_name="activities")
    row_kind = models.CharField(max_length=20, choices=RowKind.choices)
    row_number = models.PositiveSmallIntegerField()
    order = models.PositiveIntegerField(default=0, help_text="Position in the workbook.")
    text = models.TextField(help_text="As written in the workbook.")
    cell = models.CharField(max_length=20, help_text="Sheet and cell the activity came from.")
    # A newer upload for a level retires that level's activities; they stay, viewable with their upload.
    is_current = models.BooleanField(default=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["row_kind", "row_number", "level__sort_order", "order"]
        indexes = [models.Index(fields=["is_current", "level", "row_kind", "row_number"])]
        verbose_name_plural = "activities"

    def __str__(self):
        return f"{self.level}, {self.get_row_kind_display()} {self.row_number}: {self.text[:60]}"
