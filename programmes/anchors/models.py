"""The Anchor Assembly's meetings (the rounds) and each signatory's evidence return for one (002:745-813).

The form's own questions are asked as written; the counts for Beacon Indicators 12, 20 and 21 are the portal's
additions, as their definitions (002:1028-1030) need a numerator and a denominator, not a percentage.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from atf_portal.returns.models import Return, Round
from programmes.models import Board, Organisation

ASSEMBLY_SLUG = "anchor-assembly"


class AnchorLead(models.Model):
    """A person who returns their organisation's evidence; one row per person and organisation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="anchor_leads")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="anchor_leads")

    class Meta:
        ordering = ["organisation", "user"]
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_anchor_lead_row")]
        verbose_name = "anchor lead"

    def __str__(self):
        return f"{self.user} returns evidence for {self.organisation}"


class AssemblyMeeting(Round):
    """A meeting of the Anchor Assembly: the signatories return their evidence ahead of it (002:724-726)."""

    assembly = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="meetings")
    name = models.CharField(max_length=60, unique=True, help_text='e.g. "Anchor Assembly, July 2025"')
    start = models.DateField(help_text="When returns may start.")
    end = models.DateField("meeting date", help_text="The day the Assembly meets.")
    due_date = models.DateField(help_text="Returns are due by this day.")

    history = HistoricalRecords()


class EvidenceReturn(Return):
    """One signatory's Anchor Institution Signatory Evidence for one meeting."""

    period = models.ForeignKey(AssemblyMeeting, on_delete=models.PROTECT, related_name="returns")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="evidence_returns")
    # Real living wage (002:749-757)
    living_wage_pct = models.FloatField(null=True, blank=True)
    agency_living_wage_pct = models.FloatField(null=True, blank=True)
    living_wage_narrative = models.TextField(blank=True)
    # Employ and purchase locally (002:759-767)
    workforce_local_pct = models.FloatField(null=True, blank=True)
    contracts_local_pct = models.FloatField(null=True, blank=True)
    local_narrative = models.TextField(blank=True)
    # Buildings as community assets (002:769-774)
    buildings_free_use = models.BooleanField(null=True, blank=True)
    buildings_narrative = models.TextField(blank=True)
    # Environment (002:776-781)
    green_plan = models.BooleanField(null=True, blank=True)
    environment_narrative = models.TextField(blank=True)
    # Social value (002:783-791)
    charter_signed = models.BooleanField(null=True, blank=True)
    award_achieved = models.BooleanField(null=True, blank=True)
    social_value_narrative = models.TextField(blank=True)
    # Health inequalities (002:793-805); the pledge is asked of NHS providers only
    prevention_pledge = models.BooleanField(null=True, blank=True)
    inequalities_initiatives = models.BooleanField(null=True, blank=True)
    marmot_aligned = models.BooleanField(null=True, blank=True)
    inequalities_narrative = models.TextField(blank=True)
    case_study = models.TextField(blank=True)
    submitter_name = models.CharField(max_length=200, blank=True)
    submitter_role = models.CharField(max_length=200, blank=True)
    # The portal's additions for Beacon Indicators 12, 20 and 21
    local_fte = models.FloatField(null=True, blank=True)
    contract_fte = models.FloatField(null=True, blank=True)
    minority_by_band = models.JSONField(default=list, blank=True,
                                        help_text='[{"band": "Band 5", "minority": 40, "all": 210}, ...]')
    local_spend = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    contract_spend = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["period", "organisation"]
        constraints = [models.UniqueConstraint(fields=["period", "organisation"], name="one_return_per_meeting")]

    def __str__(self):
        return f"{self.organisation} - {self.period}"

    def get_absolute_url(self):
        return reverse("anchor-return", args=[self.pk])
