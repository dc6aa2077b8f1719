"""A Place's plans (its Place plan, its Neighbourhood Health Plans), the neighbourhoods they cover, the rounds in
which the Place assesses each plan against the Neighbourhoods framework (004:62-236), and each plan's engagement
measures (004:218). The Place's own local indicators are in local.py.

Nothing here is seeded: a Place records its plans, names its neighbourhoods and reports its measures itself.
"""

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from atf_portal.core.documents import Document
from atf_portal.framework.models import FrameworkItem
from atf_portal.returns.models import LeadTie, Return, Round
from places.models import Area

PLACES = {"kind": Area.Kind.PLACE}
# The framework items a plan is held against, in the order 004 gives them.
FRAMEWORK_KINDS = [FrameworkItem.Kind.NEIGHBOURHOOD_OBJECTIVE, FrameworkItem.Kind.NEIGHBOURHOOD_PRINCIPLE,
                   FrameworkItem.Kind.NEIGHBOURHOOD_ENABLER]


def framework_items():
    """The 8 objectives, 6 guiding principles and 6 enablers, objectives first."""
    order = {kind: i for i, kind in enumerate(FRAMEWORK_KINDS)}
    return sorted(FrameworkItem.objects.filter(kind__in=FRAMEWORK_KINDS), key=lambda i: (order[i.kind], i.order))


class Neighbourhood(models.Model):
    """An area within a Place, as the Place names it; the portal invents none."""

    place = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="neighbourhoods", limit_choices_to=PLACES)
    name = models.CharField(max_length=120)
    code = models.CharField("ONS or PCN code", max_length=20, blank=True,
                            help_text="Optional: its ONS or Primary Care Network code, if it has one.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["place__sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["place", "name"], name="one_neighbourhood_name_per_place")]

    def __str__(self):
        return f"{self.name} ({self.place})"


class PlanQuerySet(models.QuerySet):
    def neighbourhood_health_plans(self):
        return self.filter(kind=Plan.Kind.NEIGHBOURHOOD)


class Plan(Document):
    """One of a Place's plans, with its document (kept in the database or linked; served only as a download)."""

    class Kind(models.TextChoices):
        PLACE = "place", "Place Partnership Delivery Plan"  # 000:465, 003:49-50
        NEIGHBOURHOOD = "neighbourhood", "Neighbourhood Health Plan"  # 004:54

    class Stage(models.TextChoices):
        DEVELOPMENT = "development", "In development"
        AGREED = "agreed", "Agreed"
        DELIVERY = "delivery", "In delivery"
        REVIEW = "review", "Under review"

    place = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="plans", limit_choices_to=PLACES)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    owner = models.CharField("owner body", max_length=200, help_text="Who owns the plan: for a Neighbourhood Health "
                             "Plan, the Health and Wellbeing Board that leads it (004:54).")
    period = models.CharField(max_length=60, help_text="The years the plan covers, as it states them, e.g. "
                              "2026 to 2029.")
    stage = models.CharField(max_length=20, choices=Stage.choices, help_text="As the Place reports it.")
    neighbourhoods = models.ManyToManyField(Neighbourhood, blank=True, related_name="plans")
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["content"], m2m_fields=[neighbourhoods])
    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["place__sort_order", "kind", "title"]

    def __str__(self):
        return f"{self.title} ({self.place})"

    def get_absolute_url(self):
        return reverse("plan-detail", args=[self.pk])


class PlanLead(LeadTie):
    """A person the admin names to assess one plan, beside the Place's Marmot lead."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="leads")
    respondent_field = "plan"

    class Meta:
        ordering = ["plan", "user"]
        constraints = [models.UniqueConstraint(fields=["user", "plan"], name="one_plan_lead_row")]
        verbose_name = "plan lead"


class AssessmentRound(Round):
    """A round the business team opens: each Place assesses each of its plans against the framework."""

    name = models.CharField(max_length=60, unique=True, help_text='e.g. "Plans assessment, autumn 2026"')

    history = HistoricalRecords()


class Rating(models.TextChoices):
    """The portal's own scale (the framework has none): how far a plan embodies an objective, principle or
    enabler, as the Place judges it. No rating is "nothing said"."""

    NOT_ADDRESSED = "not_addressed", "Not addressed"
    PLANNED = "planned", "Planned"
    PARTLY = "partly", "Partly embodied"
    FULLY = "fully", "Fully embodied"


RATING_ORDER = [Rating.NOT_ADDRESSED, Rating.PLANNED, Rating.PARTLY, Rating.FULLY]
RATING_COLOURS = {Rating.NOT_ADDRESSED: "red", Rating.PLANNED: "yellow", Rating.PARTLY: "blue", Rating.FULLY: "green"}
NOTHING_SAID = "Nothing said"


class Assessment(Return):
    """A plan's self-assessment for one round: per framework item (by its pk) how the plan embodies it, a rating and
    the evidence; per engagement measure (by its pk) the round's actual."""

    period = models.ForeignKey(AssessmentRound, on_delete=models.PROTECT, related_name="assessments")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="assessments")
    answers = models.JSONField(default=dict, blank=True,
                               help_text='{"<item pk>": {"rating": "partly", "text": "...", "evidence": "..."}}')
    actuals = models.JSONField(default=dict, blank=True, help_text='{"<measure pk>": 120}')

    history = HistoricalRecords()

    class Meta:
        ordering = ["period", "plan"]
        constraints = [models.UniqueConstraint(fields=["period", "plan"], name="one_assessment_per_round")]

    def __str__(self):
        return f"{self.plan} - {self.period}"

    def get_absolute_url(self):
        return reverse("plan-assessment", args=[self.pk])

    def rating_of(self, item):
        return (self.answers.get(str(item.pk)) or {}).get("rating") or ""

    def actual_of(self, measure):
        return self.actuals.get(str(measure.pk))


class EngagementMeasure(models.Model):
    """A structured measure of a plan's engagement (004:218: e.g. residents reached, co-design sessions held,
    VCFSE partners in governance), reported in the plan's assessment rounds against its target."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    title = models.CharField(max_length=200)
    unit = models.CharField(max_length=60, blank=True, help_text="e.g. residents, sessions, partners.")
    target = models.FloatField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "title"]

    def __str__(self):
        return self.title
from .local import LocalIndicator, LocalUpload, LocalValue  # noqa: E402, F401  (their tables belong to this app)
