"""Plan editions: the HCP Plan runs 2024-29 with a detailed Delivery Plan each year (000:10, 000:132, 001:5-7).
Each programme row belongs to one edition; a row carried into the next edition links back to its predecessor."""

from django.db import models

from atf_portal.core.models import UploadRecord


class PlanEditionQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True).first()


class PlanEdition(models.Model):
    """One year's Delivery Plan, e.g. "2024-25"."""

    start_year = models.PositiveSmallIntegerField(unique=True, help_text="The financial year it starts, e.g. 2024.")
    title = models.CharField(max_length=200, help_text="The plan's own title.")
    source = models.CharField(
        max_length=200, blank=True,
        help_text='Where the plan is, e.g. "001:5-7", or the decision that started the edition.')
    is_current = models.BooleanField(
        default=False, help_text="The edition pages show unless another is chosen; only one is current.")
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="carried_into",
        help_text="The edition this one was started from.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlanEditionQuerySet.as_manager()

    class Meta:
        ordering = ["-start_year"]
        constraints = [models.UniqueConstraint(fields=["is_current"], condition=models.Q(is_current=True),
                                               name="one_current_plan_edition")]

    def __str__(self):
        return f"Delivery Plan {self.years}"

    @property
    def years(self):
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @property
    def code(self):
        """The prefix of its rows' references: "DP2024-25"."""
        return f"DP{self.years}"


def current_edition_id():
    """A new programme row's default edition: the current one."""
    return PlanEdition.objects.filter(is_current=True).values_list("pk", flat=True).first()


def in_edition(prefix="", edition=None):
    """Filter keywords for rows of one edition, reached through `prefix` ("programme__"); without an edition, the
    current one's, by a join rather than a query of its own."""
    if edition is not None:
        return {f"{prefix}edition": edition}
    return {f"{prefix}edition__is_current": True}


class EditionChoice:
    """The edition a page shows: `?edition=2025` (its start year), else the current one; with every edition, for
    the switcher."""

    def __init__(self, request):
        self.editions = list(PlanEdition.objects.all())
        asked = request.GET.get("edition", "")
        current = next((e for e in self.editions if e.is_current), None)
        self.chosen = next((e for e in self.editions if str(e.start_year) == asked), current)

    @property
    def filtered_by(self):
        """The edition to read rows of: None for the current one, so `in_edition` reaches it by a join (SQLite plans
        an edition given by id through the edition index, walking every programme for each theme or
        recommendation)."""
        return None if self.chosen is None or self.chosen.is_current else self.chosen


class EditionUpload(UploadRecord):
    """A plan edition loaded from a workbook laid out as the plan's table."""

    edition = models.ForeignKey(PlanEdition, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                editable=False)
