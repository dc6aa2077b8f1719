from django.db import models
from simple_history.models import HistoricalRecords


class Indicator(models.Model):
    """One of the 22 Beacon Indicators: the outcome measures the programme is judged by."""

    class Status(models.TextChoices):
        LIVE = "live", "Live"
        NOT_LIVE_ANCHOR = "not_live_anchor", "Not live: anchor institution indicator"
        NO_LONGER_AVAILABLE = "no_longer_available", "No longer available"

    class Polarity(models.TextChoices):
        HIGHER_IS_BETTER = "higher", "Higher is better"
        LOWER_IS_BETTER = "lower", "Lower is better"
        NO_JUDGEMENT = "none", "No judgement"

    number = models.PositiveSmallIntegerField(unique=True)
    theme = models.ForeignKey(
        "programmes.Theme", null=True, blank=True, on_delete=models.PROTECT, related_name="indicators",
        help_text="Blank for life expectancy and healthy life expectancy, which stand above the themes.",
    )
    title = models.CharField(max_length=300)
    footnote_marks = models.CharField(
        max_length=10, blank=True,
        help_text="Asterisks as printed in the indicator set; their notes are not in the documents.",
    )
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.LIVE)
    status_note = models.TextField(blank=True, help_text="What the December 2023 review said about the data.")
    polarity = models.CharField(
        max_length=10, choices=Polarity.choices, default=Polarity.NO_JUDGEMENT,
        help_text="Which direction is an improvement; decides Better/Worse in comparisons.",
    )
    unit = models.CharField(max_length=60, blank=True)
    fingertips_id = models.PositiveIntegerField(
        "Fingertips indicator ID", null=True, blank=True, unique=True,
        help_text="Set this to match rows of a Fingertips CSV export to this indicator.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.title}{self.footnote_marks}"


    @property
    def is_live(self):
        return self.status == self.Status.LIVE
