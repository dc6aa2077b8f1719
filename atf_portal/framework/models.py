"""The Marmot framework that every app hangs from: the eight themes with their recommendations, the system
recommendations, the HCP Plan's principles and headline ambitions. The bottom layer, with the areas."""

from django.db import models
from django.urls import reverse

from atf_portal.core.text import lines


class Theme(models.Model):
    """One of the eight Marmot themes of All Together Fairer."""

    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("theme-detail", args=[self.number])

    @property
    def subject(self):
        return f"Theme {self.number}: {self.title}"


class MarmotRecommendation(models.Model):
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="recommendations")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()

    class Meta:
        ordering = ["theme__number", "order", "pk"]

    def __str__(self):
        return f"Theme {self.theme.number}, recommendation {self.order}"

    @property
    def reference(self):
        """As a reader cites it: "6.3" is theme 6's third recommendation (001, Appendix 1)."""
        return f"{self.theme.number}.{self.order}"


class SystemRecommendation(models.Model):
    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=300)

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"System recommendation {self.number}: {self.title}"

    @property
    def reference(self):
        """Written "SR3", so that it never reads like a theme recommendation's "6.3"."""
        return f"SR{self.number}"


class Principle(models.Model):
    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    commitments = models.TextField(blank=True, help_text='The "We will" commitments, one per line.')

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return self.title

    def commitment_list(self):
        return lines(self.commitments)

class HeadlineAmbition(models.Model):
    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=100, unique=True)
    statements = models.TextField(blank=True, help_text="The ambition's statements, one per line.")

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return self.title

    def statement_list(self):
        return lines(self.statements)


# The source documents by number, as fixtures cite them ("000:77" is line 77 of the HCP Plan).
DOCUMENTS = {
    "000": "HCP Plan 2024-29",
    "001": "Delivery Plan 2024-25",
    "002": "HCP meeting pack, January 2024",
    "003": "Marmot report",
    "004": "Neighbourhoods framework",
}


def cite(source):
    """A fixture's source in words: "000:77" -> "HCP Plan 2024-29, line 77";
    "001:232, 001:284-286" -> "Delivery Plan 2024-25, lines 232, 284-286"."""
    by_document = {}
    for part in (p.strip() for p in (source or "").split(",")):
        document, _, where = part.partition(":")
        if where:
            by_document.setdefault(document, []).append(where)
    cited = []
    for document, places in by_document.items():
        many = len(places) > 1 or "-" in places[0]
        cited.append(f"{DOCUMENTS.get(document, document)}, line{'s' if many else ''} {', '.join(places)}")
    return "; ".join(cited)


class FrameworkItem(models.Model):
    """One quoted piece of the framework documents: the vision, an aim, a focus programme, a stocktake finding..."""

    class Kind(models.TextChoices):
        VISION = "vision", "Vision"
        MISSION = "mission", "Mission"
        AIM = "aim", "Aim"
        FOCUS_PROGRAMME = "focus_programme", "Focus programme"
        CASE_STUDY = "case_study", "Case study"
        STOCKTAKE_FINDING = "stocktake_finding", "Stocktake finding"
        STOCKTAKE_POINT = "stocktake_point", "Stocktake finding point"
        BASELINE_PROPOSAL = "baseline_proposal", "Baseline proposal"
        INDICATOR_WORK = "indicator_work", "Indicator work needed"
        NEIGHBOURHOOD_AIM = "neighbourhood_aim", "Neighbourhoods aim"
        NEIGHBOURHOOD_OBJECTIVE = "neighbourhood_objective", "Neighbourhoods objective"
        NEIGHBOURHOOD_PRINCIPLE = "neighbourhood_principle", "Neighbourhoods guiding principle"
        NEIGHBOURHOOD_ENABLER = "neighbourhood_enabler", "Neighbourhoods enabler"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(default=0)
    number = models.CharField(max_length=10, blank=True, help_text='As the document numbers it, e.g. "3.2".')
    title = models.CharField(max_length=300, blank=True)
    text = models.TextField(blank=True)
    examples = models.JSONField(default=list, blank=True, help_text="The document's examples, as a list.")
    source = models.CharField(max_length=200, blank=True, help_text='Document and line, e.g. "000:77".')
    place = models.CharField(max_length=100, blank=True)
    lead = models.CharField("lead organisation", max_length=200, blank=True)
    note = models.TextField(blank=True, help_text="An editorial note, e.g. why a focus programme is not linked.")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="points")
    principle = models.ForeignKey(Principle, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="case_studies")
    themes = models.ManyToManyField(Theme, blank=True, related_name="framework_items")
    system_recommendations = models.ManyToManyField(SystemRecommendation, blank=True, related_name="framework_items")

    class Meta:
        ordering = ["kind", "order"]
        constraints = [models.UniqueConstraint(fields=["kind", "order"], name="framework_item_kind_order")]

    def __str__(self):
        label = self.title or self.text[:60]
        return f"{self.get_kind_display()} {self.number or self.order}: {label}"

    @property
    def citation(self):
        return cite(self.source)
