"""Each HCP member organisation's yearly prevention investment return (000:243-245), the business team's working
categories, its decision on how "1% every year" is read, and the population and deprivation figures per Place that
spend is held against, loaded from named sources."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from atf_portal.core.models import UploadRecord
from atf_portal.returns.models import LeadTie, Return, Round
from places.models import Area
from programmes.models import Organisation

from .commitment import READINGS


class FinanceLead(LeadTie):
    """A person who makes their organisation's prevention investment return; one row per person and organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="finance_leads")
    respondent_field = "organisation"

    class Meta:
        ordering = ["organisation", "user"]
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_finance_lead_row")]
        verbose_name = "finance lead"


class FinancialYear(Round):
    """A financial year, 1 April to 31 March: the round the members return their prevention investment for."""

    start_year = models.PositiveSmallIntegerField(unique=True, help_text="2024 for 2024-25.")

    history = HistoricalRecords()

    class Meta(Round.Meta):
        ordering = ["-start_year"]

    @classmethod
    def for_year(cls, start_year, due_date, is_open=False):
        """An unsaved year with its name, start and end worked out: "2024-25", 1 April 2024 to 31 March 2025."""
        return cls(name=f"{start_year}-{(start_year + 1) % 100:02d}", start_year=start_year,
                   start=datetime.date(start_year, 4, 1), end=datetime.date(start_year + 1, 3, 31),
                   due_date=due_date, is_open=is_open)

    def clean(self):
        super().clean()
        if self.start_year and self.start != datetime.date(self.start_year, 4, 1):
            raise ValidationError({"start": f"A financial year starts on 1 April {self.start_year}."})
        if self.start_year and self.end != datetime.date(self.start_year + 1, 3, 31):
            raise ValidationError({"end": f"A financial year ends on 31 March {self.start_year + 1}."})


class Category(models.Model):
    """A category the business team splits prevention spend by. The documents define none: these are the portal's
    working categories (seeded from the eight Marmot themes), labelled so wherever they are shown."""

    name = models.CharField(max_length=200, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_working = models.BooleanField("the portal's working category", default=True,
                                     help_text="Not from a document: the business team's or the portal's own.")
    is_active = models.BooleanField(default=True, help_text="Asked on the form.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name


class InvestmentReturn(Return):
    """One member organisation's prevention investment for one financial year, in pounds. `categories` is
    [{"category": id, "name", "amount": "1200.00", "narrative"}], `places` is [{"place": id, "name", "amount",
    "neighbourhoods": [{"name", "amount"}]}], written by the kind from the form."""

    period = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="returns")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="investment_returns")
    total_budget = models.DecimalField("total budget in scope", max_digits=14, decimal_places=2, null=True)
    prevention_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    categories = models.JSONField(default=list, blank=True)
    places = models.JSONField(default=list, blank=True)
    narrative = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["period", "organisation"]
        constraints = [models.UniqueConstraint(fields=["period", "organisation"], name="one_investment_return")]

    def __str__(self):
        return f"{self.organisation} - {self.period}"

    def get_absolute_url(self):
        return reverse("prevention-return", args=[self.pk])

    @property
    def share(self):
        if self.total_budget:
            return self.prevention_amount / self.total_budget
        return None

    def place_amounts(self):
        """{Place id: Decimal pounds}."""
        return {row["place"]: Decimal(row["amount"]) for row in self.places}


class Decision(models.Model):
    """The business team's record of which reading of "1% every year" the partnership means, and where it says so.
    The latest decision counts; earlier ones stay, with the history of each."""

    reading = models.CharField(max_length=10, choices=list(READINGS.items()))
    source = models.CharField(max_length=300, help_text="Where it was decided: a paper, minute or meeting, dated.")
    source_text = models.TextField(blank=True, help_text="The decision's words, as recorded there.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+", editable=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        get_latest_by = ["recorded_at", "pk"]

    def __str__(self):
        return f"{self.get_reading_display()} ({self.source})"


class NeedUpload(UploadRecord):
    """A file of population and deprivation figures per Place, as uploaded."""


class NeedFigure(models.Model):
    """One Place's population or deprivation for a period, with its named source; loaded, never typed in."""

    class Measure(models.TextChoices):
        POPULATION = "population", "Population (ONS mid-year estimate)"
        IMD_SCORE = "imd_2019_average_score", "IMD 2019 average score"

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="need_figures")
    measure = models.CharField(max_length=30, choices=Measure.choices)
    period = models.CharField(max_length=20)
    value = models.FloatField()
    source = models.CharField(max_length=300)
    upload = models.ForeignKey(NeedUpload, on_delete=models.PROTECT, related_name="figures")

    class Meta:
        ordering = ["area", "measure", "period"]
        constraints = [models.UniqueConstraint(fields=["area", "measure", "period"], name="one_need_figure")]

    def __str__(self):
        return f"{self.area} {self.get_measure_display()} {self.period}: {self.value:g}"
