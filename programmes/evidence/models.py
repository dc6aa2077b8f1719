"""What works: evaluations, health equity assessments, case studies and practice notes, each tied to the programmes,
recommendations, Places and indicators it concerns; the assessments the documents ask for; and the yearly rounds
the team opens, in which each record is reviewed on the return engine before anyone else sees it.

A record is the respondent of its own review (`EvidenceReview`, one per record): a lead adds any number of records
in a round, and each is submitted, returned or approved on its own.
"""

from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, When
from django.urls import reverse
from simple_history.models import HistoricalRecords

from atf_portal.core.documents import Document
from atf_portal.framework.models import MarmotRecommendation
from atf_portal.returns.models import Return, Round, State
from indicators.models import Indicator
from places.models import Area
from programmes.models import Programme

PLACE = {"kind": Area.Kind.PLACE}


class EvidenceRound(Round):
    """A standing round the team opens, e.g. "Evidence 2026": records are added and reviewed while it is open."""

    name = models.CharField(max_length=60, unique=True, help_text='e.g. "Evidence 2026"')

    history = HistoricalRecords()


class Kind(models.TextChoices):
    EVALUATION = "evaluation", "Evaluation"
    ASSESSMENT = "assessment", "Health equity assessment"
    CASE_STUDY = "case_study", "Case study"
    PRACTICE_NOTE = "practice_note", "Practice note"


class Verdict(models.TextChoices):
    # The portal's own working categories; every one is shown the same way, as a tag with its words.
    WORKED = "worked", "Worked"
    MIXED = "mixed", "Mixed"
    DID_NOT_WORK = "did_not_work", "Did not work"
    TOO_EARLY = "too_early", "Too early to say"


class Recommends(models.TextChoices):
    SCALE_UP = "scale_up", "Scale up"
    CHANGE = "change", "Change"
    STOP = "stop", "Stop"
    CONTINUE = "continue", "Continue"


class RecordQuerySet(models.QuerySet):
    def shown(self):
        """What others may read: approved in review, or quoted from the partnership's own published documents."""
        return self.filter(Q(review__state=State.APPROVED) | Q(review__isnull=True, source__gt=""))

    def published(self):
        """Shown and marked by the business team for the public outcomes pages."""
        return self.shown().filter(publish=True)


class EvidenceRecord(Document):
    """One piece of evidence about what works. Its owner (a programme, a Place, or neither for the business team)
    says who may change it; what it concerns is its four links."""

    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=300)
    for_programme = models.ForeignKey(Programme, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="evidence_owned", help_text="The programme whose lead added it.")
    for_place = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT, limit_choices_to=PLACE,
                                  related_name="evidence_owned", help_text="The Place whose Marmot lead added it.")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    programmes = models.ManyToManyField(Programme, blank=True, related_name="evidence")
    recommendations = models.ManyToManyField(MarmotRecommendation, blank=True, related_name="evidence")
    places = models.ManyToManyField(Area, blank=True, limit_choices_to=PLACE, related_name="evidence")
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="evidence")
    done_by = models.CharField("who did it", max_length=300, blank=True)
    done_on = models.DateField("when", null=True, blank=True)
    method = models.TextField(blank=True)
    findings = models.TextField(help_text="In the author's words.")
    recommends = models.CharField("what it recommends", max_length=10, choices=Recommends.choices, blank=True)
    verdict = models.CharField(max_length=20, choices=Verdict.choices, blank=True)
    spend = models.DecimalField("spend (£)", max_digits=14, decimal_places=2, null=True, blank=True)
    outcome_figures = models.TextField(blank=True, help_text="The outcome figures the evaluation gives, as written.")
    publish = models.BooleanField("on the public outcomes pages", default=False)
    source = models.CharField(max_length=40, blank=True, help_text='Where the documents give it, e.g. "000:281-285".')
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RecordQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[programmes, recommendations, places, indicators],
                                excluded_fields=["content"])

    class Meta:
        ordering = ["-done_on", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("evidence-record", args=[self.pk])


class EvidenceReview(Return):
    """A record's way through review: draft, submitted, returned or approved, in the round it was added in."""

    period = models.ForeignKey(EvidenceRound, on_delete=models.PROTECT, related_name="reviews")
    record = models.OneToOneField(EvidenceRecord, on_delete=models.CASCADE, related_name="review")

    history = HistoricalRecords()

    def __str__(self):
        return f"Review of {self.record} ({self.period})"

    def get_absolute_url(self):
        return self.record.get_absolute_url()


class ExpectedQuerySet(models.QuerySet):
    def with_met(self):
        """Each row with `met`: whether a shown evaluation or assessment concerns its recommendation (and its Place,
        when it names one) or its programme. One query, whatever the number of rows."""
        shown = EvidenceRecord.objects.shown().filter(kind__in=[Kind.EVALUATION, Kind.ASSESSMENT])
        recommendation = shown.filter(recommendations=OuterRef("recommendation"))
        return self.annotate(met=Case(
            When(place__isnull=False, then=Exists(recommendation.filter(places=OuterRef("place")))),
            When(recommendation__isnull=False, then=Exists(recommendation)),
            default=Exists(shown.filter(programmes=OuterRef("programme"))), output_field=models.BooleanField()))


class ExpectedEvidence(models.Model):
    """An assessment or evaluation the documents ask for, quoted with its line: a gap until a record meets it."""

    class Why(models.TextChoices):
        ASKED = "asked", "Asked by a recommendation"
        AWAITED = "awaited", "Programme awaiting evaluation"
        PILOT = "pilot", "Pilot"

    why = models.CharField(max_length=10, choices=Why.choices)
    recommendation = models.ForeignKey(MarmotRecommendation, null=True, blank=True, on_delete=models.CASCADE,
                                       related_name="expected_evidence")
    place = models.ForeignKey(Area, null=True, blank=True, on_delete=models.CASCADE, limit_choices_to=PLACE,
                              related_name="expected_evidence")
    programme = models.ForeignKey(Programme, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="expected_evidence")
    what = models.CharField(max_length=300, help_text="What is asked for, in short.")
    quote = models.TextField(help_text="The document's words.")
    source = models.CharField(max_length=40, help_text='e.g. "001:792".')
    pilot_start = models.DateField(null=True, blank=True,
                                   help_text="When the pilot started: a year on with no evaluation, it is flagged.")

    objects = ExpectedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["source", "what"]
        verbose_name_plural = "expected evidence"

    def __str__(self):
        return self.what
