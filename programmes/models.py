from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from atf_portal.core.text import lines
from atf_portal.framework.models import (
    FrameworkItem,
    HeadlineAmbition,
    MarmotRecommendation,
    SystemRecommendation,
    Theme,
    cite,
)

from .editions import EditionUpload, PlanEdition, current_edition_id, in_edition  # noqa: F401 (models of this app)


class Lifespan(models.Model):
    """A body's start, end and successor, with the document or decision that says so: bodies change over the
    plan's five years (the Integrated Care Partnership "will dissolve in March 2026", 004:170)."""

    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    successor = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="predecessors",
                                  help_text="The body that took over when this one ended.")
    change_source = models.CharField(
        "where the change is recorded", max_length=300, blank=True,
        help_text='The document line or decision that says the body started, ends or is succeeded, e.g. "004:170".')

    class Meta:
        abstract = True

    @property
    def has_ended(self):
        return self.ended_on is not None

    def clean(self):
        if self.successor_id and self.successor_id == self.pk:
            raise ValidationError({"successor": "A body cannot succeed itself."})
        if self.successor_id and not self.ended_on:
            raise ValidationError({"ended_on": "Give the date the body ended before naming its successor."})
        if (self.ended_on or self.successor_id) and not self.change_source:
            raise ValidationError({"change_source": "Say which document or decision records the change."})


class Board(Lifespan):
    """An accountable board or organisation: one record per real body, however the plan spells it."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    aliases = models.TextField(blank=True, help_text="Other spellings of this body in the documents, one per line.")
    reports_to = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="reporting_bodies",
        help_text="The bodies the documents say this one reports to.",
    )
    source = models.CharField(max_length=200, blank=True, help_text='Where the documents name it, e.g. "001:232".')
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("board-detail", args=[self.slug])

    def alias_list(self):
        return lines(self.aliases)

    @property
    def citation(self):
        return cite(self.source)


class OrganisationQuerySet(models.QuerySet):
    def signatories(self):
        return self.filter(anchor_signatory=True)

    def members(self):
        return self.filter(hcp_member=True)


class Organisation(Lifespan):
    """A partner leading on or contributing to programmes, and an anchor institution when it signs the Anchor
    Framework. What the team enters about it is theirs: no document lists the HCP's members or their sectors."""

    class Sector(models.TextChoices):
        NHS_PROVIDER = "nhs_provider", "NHS provider"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        VCFSE = "vcfse", "VCFSE"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    hcp_member = models.BooleanField("HCP member", default=False,
                                     help_text="A member organisation of the Health and Care Partnership.")
    sector = models.CharField(max_length=20, choices=Sector.choices, blank=True,
                              help_text="Blank until the team enters it.")
    anchor_signatory = models.BooleanField("Anchor Framework signatory", default=False)
    signatory_since = models.DateField("signatory since", null=True, blank=True)
    signatory_source = models.CharField(max_length=200, blank=True,
                                        help_text='Where a document says it signed, e.g. "002:686".')
    social_value_charter = models.BooleanField("Social Value Charter signatory", null=True, blank=True,
                                               help_text="Blank: not known.")
    social_value_award = models.BooleanField("Social Value Award", null=True, blank=True,
                                             help_text="Blank: not known.")

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_nhs_provider(self):
        return self.sector == self.Sector.NHS_PROVIDER

    @property
    def signatory_citation(self):
        return cite(self.signatory_source)

class ProgrammeQuerySet(models.QuerySet):
    def unlinked(self):
        """Programmes linked to no Beacon Indicator: actions the indicators cannot see."""
        return self.filter(indicators__isnull=True)

    def linked(self):
        return self.filter(indicators__isnull=False).distinct()

    def in_edition(self, edition=None):
        """The rows of one edition; without one, the current edition's."""
        return self.filter(**in_edition(edition=edition))

    def with_related(self):
        return self.select_related("theme", "edition").prefetch_related(
            "boards", "partners", "ambitions", "indicators", "places"
        )

    def for_table(self, places):
        """What the programme table (tables.py) names of each, as plain lists (`listed_boards` and so on): its
        bodies', partners' and ambitions' names and its indicators' titles, nothing more of them; its Places only for
        a download (`places`), where they are a column. Lists, not the related managers: Django builds a new manager
        at each reading, which for a page of the table's cells cost more than the reading itself."""
        shown = {"boards": ["name"], "partners": ["name"], "ambitions": ["title"],
                 "indicators": ["number", "title", "footnote_marks"], **({"places": ["name"]} if places else {})}
        return self.select_related("theme", "edition").prefetch_related(*(
            models.Prefetch(name, queryset=self.model._meta.get_field(name).related_model.objects.only(*fields),
                            to_attr=f"listed_{name}")
            for name, fields in shown.items()))

    def with_links(self):
        """Whether each is linked to a Beacon Indicator, an accountable body, a milestone, a Marmot recommendation
        and a system recommendation, read with the programmes themselves however many there are."""
        here = models.OuterRef("pk")
        return self.annotate(
            has_indicator=models.Exists(Programme.indicators.through.objects.filter(programme=here)),
            has_board=models.Exists(Programme.boards.through.objects.filter(programme=here)),
            has_milestone=models.Exists(Milestone.objects.filter(programme=here)),
            has_recommendation=models.Exists(Programme.recommendations.through.objects.filter(programme=here)),
            has_system_recommendation=models.Exists(
                Programme.system_recommendations.through.objects.filter(programme=here)),
        )

    def with_ended_body(self):
        """The name and end date of an accountable body of each that has ended with no successor named (the one that
        ended first), or None: nobody is known to answer for the programme."""
        ended = Programme.boards.through.objects.filter(
            programme=models.OuterRef("pk"), board__ended_on__isnull=False, board__successor__isnull=True
        ).order_by("board__ended_on", "board__name")
        return self.annotate(ended_body=models.Subquery(ended.values("board__name")[:1]),
                             ended_body_on=models.Subquery(ended.values("board__ended_on")[:1]))


# Kept by name so a loader can write one "created" record after setting the many-to-many links.
PROGRAMME_LINKS = ["boards", "partners", "ambitions", "indicators", "places", "reports_to", "recommendations",
                   "system_recommendations"]
PROGRAMME_HISTORY = HistoricalRecords(m2m_fields=PROGRAMME_LINKS)


class Programme(models.Model):
    """One row of the annual Delivery Plan: a programme of investment or activity under a theme."""

    class Status(models.TextChoices):
        # What the plan's own words say about a row's stage; "Not stated" when they say nothing.
        NOT_STATED = "not_stated", "Not stated"
        SCOPING = "scoping", "Scoping"
        PENDING_APPROVAL = "pending_approval", "Pending approval"
        AWAITING_FUNDING = "awaiting_funding", "Awaiting funding"
        PLANNED = "planned", "Planned"
        PENDING = "pending", "Pending information"
        BOARD_BEING_ESTABLISHED = "board_being_established", "Board being established"
        # The row states its stage in words that fit none of the categories above: shown as the plan words it.
        AS_WRITTEN = "as_written", "Stage as the plan words it"
        # Set by the business team as programmes report.
        ACTIVE = "active", "In delivery"
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    STATUS_COLOURS = {  # NHS.UK tag colours; blue otherwise
        Status.NOT_STATED: "grey",
        Status.SCOPING: "purple",
        Status.PENDING_APPROVAL: "yellow",
        Status.AWAITING_FUNDING: "orange",
        Status.PLANNED: "aqua-green",
        Status.PENDING: "orange",
        Status.BOARD_BEING_ESTABLISHED: "purple",
        Status.COMPLETED: "green",
        Status.WITHDRAWN: "red",
    }
    # Still expected to report (whatever the plan said of its stage), until the team marks it ended.
    RUNNING = sorted(set(Status) - {Status.COMPLETED, Status.WITHDRAWN})

    edition = models.ForeignKey(PlanEdition, on_delete=models.PROTECT, related_name="programmes",
                                default=current_edition_id)
    predecessor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="successors",
        help_text="This programme's row in the edition before, which it was carried forward from.")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="programmes")
    name = models.CharField(max_length=300)
    outline = models.TextField(blank=True)
    economic_contribution = models.BooleanField(
        default=False, help_text='The plan tags this row "Economic Contribution".'
    )
    outcomes = models.TextField(blank=True)
    measures = models.TextField(blank=True)
    boards = models.ManyToManyField(
        Board, blank=True, related_name="programmes", verbose_name="accountable boards / organisations"
    )
    board_text = models.TextField(
        "accountable board as written", blank=True, help_text="The plan's accountable board cell as written."
    )
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="programmes", verbose_name="leading and contributing partners"
    )
    partners_text = models.TextField(
        "partners as written", blank=True,
        help_text="The plan's partners cell as written, including named people.",
    )
    ambitions = models.ManyToManyField(
        HeadlineAmbition, blank=True, related_name="programmes", verbose_name="headline ambitions"
    )
    indicators = models.ManyToManyField(
        "indicators.Indicator", blank=True, related_name="programmes", verbose_name="Beacon Indicators"
    )
    recommendations = models.ManyToManyField(
        MarmotRecommendation, blank=True, related_name="programmes", verbose_name="Marmot recommendations",
        help_text="The recommendations of the Marmot report (001, Appendix 1) this programme carries out.",
    )
    system_recommendations = models.ManyToManyField(
        SystemRecommendation, blank=True, related_name="programmes",
        help_text="The system recommendations this programme carries out.",
    )
    places = models.ManyToManyField(
        "places.Area", blank=True, related_name="programmes", limit_choices_to={"kind": "place"},
        help_text="Only where the plan says the programme covers particular Places.",
    )
    hcp_led = models.BooleanField("HCP-led", default=False)
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.NOT_STATED)
    status_quote = models.TextField(blank=True, help_text="The plan's own words about the row's stage.")
    status_source = models.CharField(max_length=40, blank=True, help_text='Where those words are, e.g. "001:222".')
    reports_to = models.ManyToManyField(
        Board, blank=True, related_name="reporting_programmes",
        help_text="The bodies the row says it reports through (apart from its accountable boards).",
    )
    focus_programmes = models.ManyToManyField(
        FrameworkItem, blank=True, related_name="programmes",
        limit_choices_to={"kind": FrameworkItem.Kind.FOCUS_PROGRAMME},
        help_text="The HCP Plan's focus programmes this row carries.",
    )
    repeats = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="repeated_by",
        help_text="The row this one repeats, where the plan prints a programme twice.",
    )
    damaged_fields = models.CharField(
        max_length=200, blank=True, help_text="Fields whose source text is cut or garbled, comma-separated."
    )
    damage_note = models.TextField(blank=True)
    headline_cell = models.TextField(
        "headline ambition cell as written", blank=True,
        help_text="The plan's Headline Ambition cell where it names none of the six ambitions.",
    )
    plan_order = models.PositiveSmallIntegerField(default=0, help_text="Position within its theme in the plan.")
    source_ref = models.CharField(
        max_length=40, unique=True, null=True, blank=True, editable=False,
        help_text="The delivery-plan row this record was loaded from.",
    )
    # Copied from the newest progress update when one is added, so tables need no subquery to show it.
    latest_rag = models.CharField("latest RAG", max_length=10, blank=True, editable=False)
    last_update_on = models.DateField("latest progress update", null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        editable=False,
    )

    history = PROGRAMME_HISTORY
    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["theme__number", "plan_order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programme-detail", args=[self.pk])

    @property
    def reference(self):
        """A stable reference naming its edition: the plan's row ("DP2024-25/6/01"), or for a row the team added,
        the edition and its number here ("DP2025-26/#71")."""
        return self.source_ref or f"{self.edition.code}/#{self.pk}"

    @property
    def status_colour(self):
        return self.STATUS_COLOURS.get(self.status, "blue")

    @property
    def status_citation(self):
        return cite(self.status_source)

    def damaged_field_labels(self):
        """The damaged fields in words, e.g. ["name", "outline"]."""
        names = [name.strip() for name in self.damaged_fields.split(",") if name.strip()]
        return [str(self._meta.get_field(name).verbose_name).removesuffix(" as written") for name in names]

    @property
    def latest_rag_label(self):
        return ProgressUpdate.Rag(self.latest_rag).label if self.latest_rag else ""

    @property
    def latest_rag_colour(self):
        return ProgressUpdate.RAG_COLOURS.get(self.latest_rag, "grey")


class MilestoneQuerySet(models.QuerySet):
    @staticmethod
    def overdue_rule(today):
        """Past its due date and not done (a milestone due today is not yet overdue)."""
        return ~models.Q(status=Milestone.Status.DONE) & models.Q(due_date__lt=today)

    def overdue(self, today):
        return self.filter(self.overdue_rule(today))

    def with_overdue(self, today):
        """Each milestone with `overdue`, for pages that list them all and mark the late ones."""
        return self.annotate(overdue=models.ExpressionWrapper(self.overdue_rule(today), models.BooleanField()))


class Milestone(models.Model):
    """What a programme will achieve by when: the "Milestones" column of the HCP's monitoring mock-up."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"
        OFF_TRACK = "off_track", "Off track"
        DONE = "done", "Done"

    STATUS_COLOURS = {Status.DONE: "green", Status.AT_RISK: "orange", Status.OFF_TRACK: "red"}  # grey otherwise

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="milestones")
    description = models.TextField("what will be achieved")
    due_date = models.DateField()
    owner = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    done_on = models.DateField("date done", null=True, blank=True)
    indicator = models.ForeignKey(
        "indicators.Indicator", null=True, blank=True, on_delete=models.SET_NULL, related_name="milestones",
        help_text="The Beacon Indicator this milestone should move, if any.",
    )

    history = HistoricalRecords()
    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self):
        return f"{self.description[:60]} (due {self.due_date:%d %b %Y})"

    @property
    def status_colour(self):
        return self.STATUS_COLOURS.get(self.status, "grey")

    def clean(self):
        if self.status == self.Status.DONE and not self.done_on:
            raise ValidationError({"done_on": "Give the date the milestone was done."})
        if self.done_on and self.status != self.Status.DONE:
            raise ValidationError({"done_on": "Only a milestone that is done has a date done."})


class AppendOnly(models.Model):
    """A note kept as written: new ones are added, earlier ones never changed (the admin cannot delete them)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk and type(self).objects.filter(pk=self.pk).exists():
            raise ValueError(f"A {self._meta.verbose_name} is kept as written; add a new one instead of changing it.")
        super().save(*args, **kwargs)


class ProgressUpdate(AppendOnly):
    """A dated note on how a programme is going, with a RAG rating."""

    class Rag(models.TextChoices):
        RED = "red", "Red"
        AMBER = "amber", "Amber"
        GREEN = "green", "Green"

    RAG_COLOURS = {Rag.RED: "red", Rag.AMBER: "yellow", Rag.GREEN: "green"}

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="updates")
    date = models.DateField()
    rag = models.CharField("RAG rating", max_length=10, choices=Rag.choices)
    narrative = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.programme}: {self.get_rag_display()} on {self.date:%d %b %Y}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        newest = ProgressUpdate.objects.filter(programme_id=self.programme_id).order_by("-date", "-pk").first()
        # update(), not save(): the programme's own history records what people changed, not this copy.
        Programme.objects.filter(pk=self.programme_id).update(latest_rag=newest.rag, last_update_on=newest.date)


class ActionQuerySet(models.QuerySet):
    @staticmethod
    def overdue_rule(today):
        """The one rule: still open and past its due date (an action due today is not yet overdue; one with no
        date, only words, never is)."""
        return models.Q(status=Action.Status.OPEN, due_date__lt=today)

    def overdue(self, today):
        return self.filter(self.overdue_rule(today))

    @staticmethod
    def team_updated_rule():
        """Whether anyone has changed the action since it was loaded from the January 2024 pack."""
        return models.Exists(Action.history.filter(id=models.OuterRef("pk"), history_type="~"))

    def with_overdue(self, today):
        """Each action with `overdue`, for the action log, which lists them all and marks the late ones."""
        return self.annotate(overdue=models.ExpressionWrapper(self.overdue_rule(today), models.BooleanField()))


class Action(models.Model):
    """One row of the HCP board's action log."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    number = models.PositiveIntegerField(unique=True)
    meeting_date = models.DateField()
    agenda_item = models.CharField("agenda item", max_length=40, blank=True, help_text="e.g. HCP/11/23/07")
    text = models.TextField("action")
    owner = models.CharField(max_length=200)
    due_date = models.DateField(null=True, blank=True)
    due_text = models.CharField("due as written", max_length=40, blank=True, help_text='e.g. "TBC"')
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)

    history = HistoricalRecords()
    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"Action {self.number}: {self.text[:60]}"


class ActionUpdate(AppendOnly):
    """A dated note appended to an action."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="updates")
    date = models.DateField(null=True, blank=True)
    date_text = models.CharField("date as written", max_length=20, blank=True)
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["action__number", "date", "pk"]

    def __str__(self):
        return f"{self.date_text or self.date}: {self.text[:60]}"


# Each suggestion target: the Programme link it would add, and that link's column in its through table.
SUGGESTION_LINKS = {
    "indicator": ("indicators", "indicator"),
    "recommendation": ("recommendations", "marmotrecommendation"),
    "system_recommendation": ("system_recommendations", "systemrecommendation"),
}


class SuggestionQuerySet(models.QuerySet):
    def open(self):
        """Waiting for the business team, less any whose link someone has since made another way (the admin)."""
        waiting = self.filter(state=Suggestion.State.OPEN)
        for target, (link, column) in SUGGESTION_LINKS.items():
            through = getattr(Programme, link).through.objects.filter(
                programme=models.OuterRef("programme"), **{column: models.OuterRef(target)})
            waiting = waiting.exclude(models.Exists(through))
        return waiting


class Suggestion(models.Model):
    """A link the portal suggests between a programme and an indicator or a recommendation, with its reason.
    Never applied by itself: the business team accepts it (which adds the link) or dismisses it (for good)."""

    class Kind(models.TextChoices):
        INDICATOR = "indicator", "Beacon Indicator"
        RECOMMENDATION = "recommendation", "Recommendation"

    class Reason(models.TextChoices):
        THEME_CELL = "theme_cell", "The plan's Beacon Indicator cell for this theme names it"
        SHARED_WORDS = "shared_words", "The programme's words are like it"

    class State(models.TextChoices):
        OPEN = "open", "Waiting for review"
        ACCEPTED = "accepted", "Accepted"
        DISMISSED = "dismissed", "Dismissed"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="suggestions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    indicator = models.ForeignKey("indicators.Indicator", null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="+")
    recommendation = models.ForeignKey(MarmotRecommendation, null=True, blank=True, on_delete=models.CASCADE,
                                       related_name="+")
    system_recommendation = models.ForeignKey(SystemRecommendation, null=True, blank=True,
                                              on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    words = models.CharField(max_length=200, blank=True,
                             help_text="The words the programme shares with it, most telling first.")
    score = models.FloatField(default=0, help_text="Cosine similarity of the two texts' TF-IDF vectors (0 to 1).")
    rank = models.PositiveSmallIntegerField(help_text="1 for the best open suggestion of its kind for the programme.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["programme__theme__number", "programme__plan_order", "programme_id", "kind", "rank"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="indicator", indicator__isnull=False, recommendation__isnull=True,
                                   system_recommendation__isnull=True)
                | models.Q(kind="recommendation", indicator__isnull=True, recommendation__isnull=False,
                           system_recommendation__isnull=True)
                | models.Q(kind="recommendation", indicator__isnull=True, recommendation__isnull=True,
                           system_recommendation__isnull=False),
                name="suggestion_one_target_of_its_kind"),
            *(models.UniqueConstraint(fields=["programme", target], condition=models.Q(**{f"{target}__isnull": False}),
                                      name=f"suggestion_once_per_programme_and_{target}")
              for target in SUGGESTION_LINKS),
        ]

    def __str__(self):
        return f"{self.programme}: {self.target_label}"

    @property
    def target_field(self):
        return next(target for target in SUGGESTION_LINKS if getattr(self, f"{target}_id"))

    @property
    def target(self):
        return getattr(self, self.target_field)

    @property
    def reference(self):
        """The indicator's number, or the recommendation's reference ("6.3", "SR2")."""
        return str(self.indicator.number) if self.indicator_id else self.target.reference

    @property
    def target_label(self):
        if self.indicator_id:
            return f"Indicator {self.indicator.number}: {self.indicator.title}"
        if self.recommendation_id:
            return f"Recommendation {self.reference}: {self.recommendation.text}"
        return f"System recommendation {self.system_recommendation.number}: {self.system_recommendation.title}"

    @property
    def reason_sentence(self):
        shared = f"its outline, outcomes or measures share these words with it: {self.words}" if self.words else ""
        if self.reason == self.Reason.THEME_CELL:
            cell = (f"the plan's Beacon Indicator cell for theme {self.programme.theme.number} names it (written on "
                    "the first row of the theme's table)")
            return _sentence(cell + (f"; {shared}" if shared else ""))
        return _sentence(shared)


def _sentence(text):
    return text[:1].upper() + text[1:] + "."
