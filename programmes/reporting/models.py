"""Reporting rounds: each quarter the programme leads report, the business team signs off.

Only an approved update reaches the programme (as a `ProgressUpdate`, with its milestone statuses and measure
actuals), so the dashboards see what was signed off and nothing else.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from atf_portal.framework.models import cite
from atf_portal.returns.models import LeadTie, Return, Round
from programmes.editions import PlanEdition, current_edition_id
from programmes.models import Programme, ProgressUpdate

RUNNING = Programme.RUNNING


class ProgrammeLead(LeadTie):
    """A person who reports on a programme; one row per person and programme. Board members may be leads too."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="leads")
    respondent_field = "programme"

    class Meta:
        ordering = ["programme", "user"]
        constraints = [models.UniqueConstraint(fields=["user", "programme"], name="one_lead_row_per_programme")]
        verbose_name = "programme lead"

    def __str__(self):
        return f"{self.user} leads {self.programme}"


def quarter_of(day):
    """(financial year start, quarter 1-4) of a date: Q1 is April to June."""
    start_year = day.year if day.month >= 4 else day.year - 1
    return start_year, (day.month - 4) % 12 // 3 + 1


def quarter_dates(start_year, quarter):
    first_month = 4 + 3 * (quarter - 1)
    year = start_year + (first_month - 1) // 12
    month = (first_month - 1) % 12 + 1
    start = datetime.date(year, month, 1)
    next_start = datetime.date(year + (month + 2) // 12, (month + 2) % 12 + 1, 1)
    return start, next_start - datetime.timedelta(days=1)


class ReportingPeriod(Round):
    """A reporting round: by default a financial-year quarter, due a set time after it ends."""

    DUE_DAYS_AFTER_END = 15

    name = models.CharField(max_length=60, unique=True, help_text='e.g. "2026-27 Q3"')
    edition = models.ForeignKey(
        PlanEdition, on_delete=models.PROTECT, related_name="reporting_periods", default=current_edition_id,
        help_text="The plan edition whose programmes report in this round.")

    history = HistoricalRecords()

    @classmethod
    def quarter(cls, start_year, quarter):
        start, end = quarter_dates(start_year, quarter)
        name = f"{start_year}-{str(start_year + 1)[2:]} Q{quarter}"
        return cls(name=name, start=start, end=end, due_date=end + datetime.timedelta(days=cls.DUE_DAYS_AFTER_END))

    @classmethod
    def create_next_quarter(cls, today):
        """The quarter after the latest one held (or the current quarter when none is), created closed."""
        latest = cls.objects.order_by("-end").first()
        year, quarter = quarter_of(latest.end + datetime.timedelta(days=1) if latest else today)
        period = cls.quarter(year, quarter)
        existing = cls.objects.filter(name=period.name).first()
        if existing:
            return existing, False
        period.save()
        return period, True


class Measure(models.Model):
    """A structured measure of a programme, from the plan's own words: entered by the business team, or proposed
    from the plan's quantified aims for the team to agree. The plan rarely gives a baseline; a measure without one
    is judged against its target alone."""

    class Direction(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"

    class State(models.TextChoices):
        PROPOSED = "proposed", "Proposed from the plan"
        AGREED = "agreed", "Agreed"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="structured_measures")
    what = models.CharField("what is counted", max_length=300)
    unit = models.CharField(max_length=60, blank=True)
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    baseline_value = models.FloatField(null=True, blank=True, help_text="Blank where the plan gives none.")
    baseline_date = models.DateField(null=True, blank=True)
    target_value = models.FloatField()
    target_date = models.DateField(null=True, blank=True, help_text="Blank where the plan gives no date.")
    source_text = models.TextField(help_text="The plan's words this measure is taken from, quoted exactly.")
    source = models.CharField(max_length=40, blank=True, help_text='Where those words are, e.g. "001:291".')
    state = models.CharField(max_length=10, choices=State.choices, default=State.AGREED)

    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "pk"]

    def __str__(self):
        return self.what

    @property
    def has_line(self):
        """A baseline and a target date: a straight line to judge actuals against."""
        return self.baseline_value is not None and self.baseline_date is not None and self.target_date is not None

    @property
    def citation(self):
        return cite(self.source)

    def clean(self):
        if (self.baseline_value is None) != (self.baseline_date is None):
            raise ValidationError({"baseline_date": "Give a baseline's value and its date, or neither."})

    def expected_at(self, day):
        """The value on the straight line from baseline to target at `day` (held at either end); without a
        baseline, the target itself."""
        if not self.has_line:
            return self.target_value
        span = (self.target_date - self.baseline_date).days
        if span <= 0 or day >= self.target_date:
            return self.target_value
        if day <= self.baseline_date:
            return self.baseline_value
        share = (day - self.baseline_date).days / span
        return self.baseline_value + share * (self.target_value - self.baseline_value)

    def is_off_track(self, value, day):
        """Against the line; without one, against the target alone, once its date has passed (with no date, a
        measure is never called off track: there is nothing to say it is late)."""
        if not self.has_line and (self.target_date is None or day < self.target_date):
            return False
        expected = self.expected_at(day)
        return value < expected if self.direction == self.Direction.HIGHER else value > expected


class Update(Return):
    """A programme's report for one period, from draft to approved. Every change of state is kept in history."""

    NEEDS_REASON = [ProgressUpdate.Rag.AMBER, ProgressUpdate.Rag.RED]

    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="updates")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="period_updates")
    rag = models.CharField("RAG rating", max_length=10, choices=ProgressUpdate.Rag.choices, blank=True)
    reason = models.TextField("reason for the rating", blank=True)
    narrative = models.TextField(blank=True)
    milestone_statuses = models.JSONField(default=dict, blank=True, help_text="{milestone id: status}")
    actuals = models.JSONField(default=dict, blank=True, help_text="{measure id: value}")
    progress_update = models.OneToOneField(ProgressUpdate, null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="+", editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["period", "programme"]
        constraints = [models.UniqueConstraint(fields=["period", "programme"], name="one_update_per_programme")]

    def __str__(self):
        return f"{self.programme} - {self.period}"

    def get_absolute_url(self):
        return reverse("reporting-update", args=[self.pk])

    @property
    def rag_colour(self):
        return ProgressUpdate.RAG_COLOURS.get(self.rag, "grey")


class MeasureActual(models.Model):
    """A measure's value for a period, from an approved update (or entered by the business team)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="actuals")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="actuals")
    value = models.FloatField()
    update = models.ForeignKey(Update, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "period__end"]
        constraints = [models.UniqueConstraint(fields=["measure", "period"], name="one_actual_per_period")]

    def __str__(self):
        return f"{self.measure}: {self.value:g} ({self.period})"

    @property
    def on_date(self):
        return self.period.end

    @property
    def off_track(self):
        return self.measure.is_off_track(self.value, self.period.end)
