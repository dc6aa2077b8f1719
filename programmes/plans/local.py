"""A Place's own indicators beside the Beacon set (004:152), and their values, loaded through the shared import
flow. They are a separate table from the 22 Beacon Indicators, so no Beacon count, table or flag can include them.
"""

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from atf_portal.core.models import UploadRecord
from places.models import Area


class LocalIndicator(models.Model):
    class Polarity(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"
        NONE = "none", "No judgement"

    place = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="local_indicators",
                              limit_choices_to={"kind": Area.Kind.PLACE})
    title = models.CharField(max_length=200)
    definition = models.TextField()
    source = models.CharField(max_length=300, help_text="Where the figures come from.")
    unit = models.CharField(max_length=60, blank=True, help_text="e.g. %, per 100,000.")
    polarity = models.CharField(max_length=10, choices=Polarity.choices, default=Polarity.NONE)

    history = HistoricalRecords()

    class Meta:
        ordering = ["place__sort_order", "title"]
        constraints = [models.UniqueConstraint(fields=["place", "title"], name="one_local_indicator_title")]

    def __str__(self):
        return f"{self.title} ({self.place})"

    def get_absolute_url(self):
        return reverse("local-indicator", args=[self.pk])

    @property
    def reference(self):
        """How the import template names it: "L" and its number, as its page shows."""
        return f"L{self.pk}"


class LocalUpload(UploadRecord):
    """A file of local indicator values, kept for audit."""


class LocalValue(models.Model):
    """One value of a local indicator for the Place (no neighbourhood) or one of its neighbourhoods."""

    indicator = models.ForeignKey(LocalIndicator, on_delete=models.CASCADE, related_name="values")
    neighbourhood = models.ForeignKey("plans.Neighbourhood", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="local_values")
    period = models.CharField(max_length=40)
    value = models.FloatField()
    lower = models.FloatField("lower 95% limit", null=True, blank=True)
    upper = models.FloatField("upper 95% limit", null=True, blank=True)
    count = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    upload = models.ForeignKey(LocalUpload, null=True, blank=True, on_delete=models.SET_NULL, related_name="values")

    class Meta:
        ordering = ["indicator", "period", "neighbourhood"]
        constraints = [models.UniqueConstraint(fields=["indicator", "neighbourhood", "period"],
                                               name="one_local_value_per_period", nulls_distinct=False)]

    def __str__(self):
        return f"{self.indicator.title}, {self.period}: {self.value:g}"
