import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from atf_portal.core.models import UploadRecord
from indicators import entries
from indicators.statistics import stats

from .decisions import IndicatorDecision, IndicatorSetReview  # noqa: F401 (models of this app)

# Sent with `indicator_ids` by the queryset writes that send no post_save or post_delete, so that the summaries
# worked out from these rows refresh (indicators.summary.freshness listens).
summary_inputs_changed = Signal()


class SummaryInputQuerySet(models.QuerySet):
    """Rows an indicator's summary is worked out from: bulk writes through the queryset say which indicators."""

    indicator_field = "indicator_id"

    def _changed(self, indicator_ids):
        summary_inputs_changed.send(self.model, indicator_ids=set(indicator_ids))

    def update(self, **kwargs):
        indicator_ids = set(self.values_list(self.indicator_field, flat=True).distinct())
        rows = super().update(**kwargs)
        self._changed(indicator_ids)
        return rows

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        self._changed(getattr(obj, self.indicator_field) for obj in created)
        return created

    def bulk_update(self, objs, *args, **kwargs):
        rows = super().bulk_update(objs, *args, **kwargs)
        self._changed(getattr(obj, self.indicator_field) for obj in objs)
        return rows


class IndicatorQuerySet(SummaryInputQuerySet):
    indicator_field = "pk"

    def with_summary(self, unread=(), inequality_of=None):
        """Each with its default summary (`summary`), leaving the JSON fields named in `unread` in the database; with
        `inequality_of` (a Place), the inequality figures of that Place alone."""
        summaries = IndicatorSummary.objects.filter(is_default=True).defer(*unread)
        if inequality_of:
            summaries = summaries.with_inequality_of(inequality_of)
        return self.select_related("theme").prefetch_related(
            models.Prefetch("summaries", queryset=summaries, to_attr="default_summaries"))


class Indicator(models.Model):
    """One of the 22 Beacon Indicators: the outcome measures the programme is judged by."""

    class Status(models.TextChoices):
        LIVE = "live", "Live"
        NOT_LIVE_ANCHOR = "not_live_anchor", "Not live: anchor institution indicator"
        NO_LONGER_AVAILABLE = "no_longer_available", "No longer available"
        RETIRED = "retired", "Retired from the set"

    class Polarity(models.TextChoices):
        HIGHER_IS_BETTER = "higher", "Higher is better"
        LOWER_IS_BETTER = "lower", "Lower is better"
        NO_JUDGEMENT = "none", "No judgement"

    number = models.PositiveSmallIntegerField(unique=True)
    theme = models.ForeignKey(
        "framework.Theme", null=True, blank=True, on_delete=models.PROTECT, related_name="indicators",
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
    comparator_confidence = models.FloatField(
        "confidence level", choices=[(95.0, "95%"), (99.8, "99.8%")], default=95.0,
        help_text="The level Fingertips compares this indicator with England at: the area's 95% or 99.8% interval "
        "against England's value. (Recent trends are always judged at 99.8%, as Fingertips' TrendMarkerCalculator "
        "does.)",
    )
    unit = models.CharField(max_length=60, blank=True)
    baseline_period = models.CharField(
        max_length=40, blank=True,
        help_text="The period progress is measured from, as published (e.g. \"2022\", \"2022/23\", \"2020 - 22\"). "
        "Blank: the period covering 2022, the baseline the indicator review proposed (002, 1.6); for a rolling "
        "multi-year period, the one ending in 2022.",
    )
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaces",
        help_text="The indicator that replaced this one; this one keeps its data and history.")
    fingertips_id = models.PositiveIntegerField(
        "Fingertips indicator ID", null=True, blank=True, unique=True,
        help_text="Set this to match rows of a Fingertips CSV export to this indicator.",
    )
    fingertips_id_confirmed = models.BooleanField(
        "Fingertips ID confirmed", default=False,
        help_text="Tick once the team has confirmed the ID is this indicator's; until then the indicator page says it "
        "is only likely. Never ticked without an ID.",
    )
    fingertips_id_note = models.TextField(
        "note on the Fingertips ID", blank=True,
        help_text="Why this ID, what to confirm, or a second ID the measure is split across.",
    )
    data_source = models.CharField(
        max_length=200, blank=True,
        help_text="Who publishes the figures (for an indicator not on Fingertips, load them through the template).",
    )
    # Fingertips' own metadata for the indicator, as last fetched (fetch_fingertips); never edited by hand.
    definition = models.TextField(blank=True)
    rationale = models.TextField(blank=True)
    metadata_source = models.TextField("data source (Fingertips metadata)", blank=True)
    fingertips_polarity = models.CharField(max_length=60, blank=True)
    fingertips_unit = models.CharField(max_length=100, blank=True)
    value_type = models.CharField(max_length=200, blank=True)
    frequency = models.CharField(max_length=200, blank=True)
    next_update = models.CharField("date of next update", max_length=100, blank=True)
    metadata_fetched_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()
    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.title}{self.footnote_marks}"

    def save(self, *args, **kwargs):
        if self.fingertips_id is None:
            self.fingertips_id_confirmed = False  # a cleared ID takes its confirmation with it
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("indicator-detail", args=[self.number])

    def fingertips_update_due(self, today):
        """Whether Fingertips has (by its own metadata) published new figures since the portal last fetched them:
        never fetched, or the "Date of next update" it gave has come. A date Fingertips writes in a way not read
        here ("TBC", "Spring") counts as due, so the nightly fetch never misses figures."""
        if self.metadata_fetched_at is None:
            return True
        promised = next_update_date(self.next_update)
        return promised is None or self.metadata_fetched_at.date() < promised <= today

    @property
    def subject(self):
        return f"Indicator {self.number}: {self.title}"

    @property
    def is_live(self):
        return self.status == self.Status.LIVE

    @property
    def status_colour(self):
        return "blue" if self.is_live else "grey"

    @property
    def judges_direction(self):
        """Whether comparisons say Better/Worse (a polarity is set) rather than Higher/Lower."""
        return self.polarity != self.Polarity.NO_JUDGEMENT

    @property
    def fingertips_polarity_reading(self):
        """Fingertips' polarity as the portal's (higher / lower / none), or None when unknown."""
        text = self.fingertips_polarity.lower()
        if not text:
            return None
        if "high is good" in text:
            return self.Polarity.HIGHER_IS_BETTER
        if "low is good" in text:
            return self.Polarity.LOWER_IS_BETTER
        return self.Polarity.NO_JUDGEMENT  # "BOB - Blue orange blue", "Not applicable"

    @property
    def polarity_differs(self):
        """Whether Fingertips reads the direction differently from the portal (the business team decides)."""
        reading = self.fingertips_polarity_reading
        return reading is not None and reading != self.polarity

    @property
    def summary(self):
        """The default-breakdown summary; load it with `Indicator.objects.with_summary()`."""
        return self.default_summaries[0] if self.default_summaries else None

    @property
    def unit_suffix(self):
        """How the unit is written after a figure: "12.5%", but "230 per 100,000"; nothing when there is none."""
        if self.unit == "%":
            return "%"
        return f" {self.unit}" if self.unit else ""

    @property
    def difference_suffix(self):
        """How the unit is written after a difference between two figures: a gap between percentages is in
        percentage points, not per cent."""
        return " percentage points" if self.unit == "%" else self.unit_suffix


PERIOD = re.compile(r"((?:19|20)\d\d)(?:\s*[-/]\s*(\d{4}|\d{2})\b)?")


def period_years(label):
    """First and last year of a period as Fingertips labels them: "2018 - 20", "2021/22", "2022"; None if no year."""
    match = PERIOD.search(label)
    if not match:
        return None
    start = int(match.group(1))
    tail = match.group(2)
    if not tail:
        return start, start
    end = int(tail) if len(tail) == 4 else start - start % 100 + int(tail)
    return start, end if end >= start else end + 100


def next_update_date(text):
    """Fingertips' "Date of next update" ("November 2025", "12 November 2025", "Nov 2025") as a date (the 1st for a
    month); None when it is written some other way."""
    for pattern in ("%d %B %Y", "%B %Y", "%d %b %Y", "%b %Y"):
        try:
            return datetime.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


class Upload(UploadRecord):
    """One file of indicator values."""

    class Kind(models.TextChoices):
        FINGERTIPS = "fingertips", "Fingertips CSV export"
        TEMPLATE = "template", "Portal template"
        ILLUSTRATIVE = "illustrative", "Illustrative data (made up)"
        FINGERTIPS_API = "fingertips_api", "Fingertips API"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    source_url = models.TextField(blank=True, help_text="Where a fetched file came from, one address a line.")

    @property
    def is_illustrative(self):
        return self.kind == self.Kind.ILLUSTRATIVE

    @property
    def figures_to_write(self):
        """How many figures confirming this preview writes (new and changed), from its plan."""
        summary = self.summary or {}
        return summary.get("created", 0) + summary.get("updated", 0)

    @property
    def takes_a_while(self):
        """Whether confirming writes so many figures that the uploader should be told it will take a while."""
        return self.figures_to_write >= settings.LARGE_IMPORT_FIGURES


class IndicatorValueQuerySet(SummaryInputQuerySet):
    def headline(self):
        """The figures for the whole population of an area (no Category Type), which comparisons and trends use."""
        return self.filter(category_type="")

    def breakdowns(self):
        """Figures for groups within an area: deprivation deciles, ethnic groups and the like."""
        return self.exclude(category_type="")

    def illustrative(self):
        return self.filter(upload__kind=Upload.Kind.ILLUSTRATIVE)

    def with_sources(self):
        """Each figure with its area, indicator and upload, leaving out the upload's plan summary and held file: a
        national import's summary is megabytes of JSON, which a join would decode again for every figure."""
        return self.select_related("area", "upload", "indicator").defer("upload__summary", "upload__content")


class IndicatorValue(models.Model):
    """One published figure: an indicator's value for one area, period, sex and age."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    area = models.ForeignKey("places.Area", on_delete=models.PROTECT, related_name="indicator_values")
    period = models.CharField(max_length=40, help_text='As published, e.g. "2018 - 20" or "2021/22".')
    period_start = models.PositiveSmallIntegerField(help_text="First year of the period, for sorting.")
    period_end = models.PositiveSmallIntegerField(help_text="Last year of the period, for judging how recent it is.")
    sex = models.CharField(max_length=20)
    age = models.CharField(max_length=40)
    # db_default: the importer writes rows with raw SQL, and rows from before breakdowns were kept are headline ones.
    category_type = models.CharField(
        max_length=200, blank=True, db_default="",
        help_text="For a breakdown row, Fingertips' Category Type (e.g. deprivation deciles, ethnic groups); blank "
        "for the headline figure.",
    )
    category = models.CharField(
        max_length=200, blank=True, db_default="", help_text='The group, e.g. "Most deprived decile".'
    )
    value = models.FloatField(null=True, blank=True)
    lower_ci = models.FloatField("lower 95% confidence limit", null=True, blank=True)
    upper_ci = models.FloatField("upper 95% confidence limit", null=True, blank=True)
    lower_ci_998 = models.FloatField("lower 99.8% confidence limit", null=True, blank=True)
    upper_ci_998 = models.FloatField("upper 99.8% confidence limit", null=True, blank=True)
    count = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    value_note = models.CharField(max_length=255, blank=True)
    published_comparison = models.CharField(
        max_length=60, blank=True, help_text="Fingertips' own comparison with its parent area, as exported."
    )
    published_trend = models.CharField(
        max_length=60, blank=True, help_text="Fingertips' own recent trend (\"Recent Trend\"), as exported."
    )
    upload = models.ForeignKey(Upload, null=True, blank=True, on_delete=models.SET_NULL, related_name="values")

    history = HistoricalRecords()
    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        ordering = ["indicator__number", "period_start", "period", "area__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "area", "period", "sex", "age", "category_type", "category"],
                                    name="one_value_per_key")
        ]
        indexes = [models.Index(fields=["indicator", "period_start"])]

    def __str__(self):
        category = f" {self.category}" if self.category_type else ""
        return f"{self.indicator.number} {self.area} {self.period} {self.sex} {self.age}{category}: {self.value}"


class JsonMember(models.Func):
    """One member of a JSON object field, by its key, decoded. Django's own key lookups read a key of digits (an area
    id) as an index into an array, and find nothing in an object."""

    output_field = models.JSONField()

    def __init__(self, field, key):
        self.key = str(key)
        super().__init__(models.F(field))

    def as_sql(self, compiler, connection, **extra):  # PostgreSQL
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} -> %s::text)", (*params, self.key)

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"JSON_EXTRACT({sql}, %s)", (*params, f'$."{self.key}"')


class IndicatorSummaryQuerySet(models.QuerySet):
    def with_inequality_of(self, place):
        """The inequality figures of one Place only (`inequality_for` that Place; no other): the field holds every
        Place's, which a page about one Place would otherwise read and decode (at national scale, 400 KB for the
        22 indicators, about 6 ms a page)."""
        return self.defer("inequality").annotate(
            inequality_place=models.Value(place.pk), inequality_of_place=JsonMember("inequality", place.pk))


class IndicatorSummary(models.Model):
    """The latest picture of one indicator, worked out whenever its values change.

    Dashboards read this instead of every value, so a page costs the same however much data is loaded.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="summaries")
    sex = models.CharField(max_length=20, blank=True)
    age = models.CharField(max_length=40, blank=True)
    is_default = models.BooleanField(
        default=True, help_text="The breakdown shown where one figure stands for the indicator (Persons if published).",
    )
    latest_period = models.CharField(max_length=40, blank=True)
    latest_period_start = models.PositiveSmallIntegerField(null=True, blank=True)
    latest_period_end = models.PositiveSmallIntegerField(null=True, blank=True)
    england_value = models.FloatField(null=True, blank=True)
    north_west_value = models.FloatField(null=True, blank=True)
    place_min = models.FloatField("lowest Place value", null=True, blank=True)
    place_max = models.FloatField("highest Place value", null=True, blank=True)
    comparisons = models.JSONField(default=dict, help_text="How many Places compare how with England.")
    trends = models.JSONField(default=dict, help_text="How many Places have each recent-trend label.")
    places = models.JSONField(default=dict, help_text="Per Place (by area id): latest value, comparisons, trend.")
    national = models.JSONField(
        default=dict, help_text="England's distribution among upper-tier local authorities in the latest period: "
        "lowest, 25th and 75th percentiles, highest, worst, best and how many areas.",
    )
    cm = models.JSONField(
        default=dict, help_text="Cheshire and Merseyside (the ICB) where published: latest value, comparison with "
        "England, recent trend and its series.",
    )
    baseline_period = models.CharField(
        max_length=40, blank=True, help_text="The period change is measured from (the indicator's, or its default).")
    inequality = models.JSONField(
        default=dict, help_text="Per Place (by area id): gaps within the Place by deprivation, group and sex, in "
        "each period, with their trend.",
    )
    peers = models.JSONField(
        default=dict, help_text="Cheshire and Merseyside ranked among England's ICBs and regions in the latest period.",
    )
    agreement = models.JSONField(
        default=dict, help_text="How far the portal's comparisons and trends agree with the labels Fingertips "
        "published, in the latest period per Place: compared, agreed, rate and every disagreement.",
    )
    illustrative = models.BooleanField(default=False)
    last_loaded = models.DateTimeField(null=True, blank=True)
    refreshed_at = models.DateTimeField(auto_now=True)

    objects = IndicatorSummaryQuerySet.as_manager()

    class Meta:
        ordering = ["indicator__number", "sex", "age"]
        verbose_name_plural = "indicator summaries"
        constraints = [models.UniqueConstraint(fields=["indicator", "sex", "age"], name="one_summary_per_breakdown")]

    def __str__(self):
        return f"Summary of indicator {self.indicator_id} ({self.sex}, {self.age})"

    @property
    def has_data(self):
        return bool(self.latest_period)

    @staticmethod
    def any_illustrative(summaries):
        """The one rule for the illustrative-data banner: a page carries it when any summary it shows (None for an
        indicator without one) was drawn from made-up values."""
        return any(summary is not None and summary.illustrative for summary in summaries)

    @classmethod
    def json_besides(cls, *read):
        """The summary's JSON fields other than those a reader reads: what it leaves in the database (`defer`), so
        each reader names what it reads, and a field added later is left unread until a reader asks for it."""
        return tuple(f.name for f in cls._meta.fields if isinstance(f, models.JSONField) and f.name not in read)

    def count(self, label):
        return self.comparisons.get(label, 0)

    @property
    def worse_count(self):
        return self.count(stats.WORSE)

    @property
    def higher_count(self):
        return self.count(stats.HIGHER)

    @property
    def place_count(self):
        return sum(self.comparisons.values())

    def trend_phrase(self):
        """How the Places' recent trends split, in words; says so when no trend could be calculated."""
        parts = [f"{self.improving()} improving", f"{self.worsening()} getting worse"]
        unchanged = self.trends.get(stats.NO_SIGNIFICANT_CHANGE, 0)
        if unchanged:
            parts.append(f"{unchanged} no significant change")
        if self.improving() + self.worsening() + unchanged == 0:
            return "cannot be calculated (needs five periods with counts and denominators, or with 95% intervals)"
        return ", ".join(parts)

    def improving(self):
        return sum(n for label, n in self.trends.items() if label.endswith("getting better"))

    def worsening(self):
        return sum(n for label, n in self.trends.items() if label.endswith("getting worse"))

    # The stored judgements as typed entries (indicators.entries), each read from the JSON once.

    @cached_property
    def place_entries(self):
        """{area id: PlaceEntry} of every Place with a figure."""
        return {int(area_id): entries.PlaceEntry.read(data) for area_id, data in self.places.items()}

    def place(self, area):
        """The PlaceEntry of one Place (an Area or its id), or None."""
        return self.place_entries.get(getattr(area, "pk", area))

    @cached_property
    def cm_entry(self):
        """Cheshire and Merseyside's CmEntry, or None where it has no figure."""
        return entries.CmEntry.read(self.cm)

    @cached_property
    def inequality_entries(self):
        """{area id: InequalityEntry} of every Place with inequality figures (of the one Place read, where the summary
        was read `with_inequality_of` it)."""
        if hasattr(self, "inequality_place"):
            read = {self.inequality_place: self.inequality_of_place} if self.inequality_of_place else {}
        else:
            read = self.inequality
        return {int(area_id): entries.InequalityEntry.read(data) for area_id, data in read.items()}

    def inequality_for(self, area):
        return self.inequality_entries.get(getattr(area, "pk", area))

    @cached_property
    def peers_entry(self):
        return entries.Peers.read(self.peers)

    @cached_property
    def agreement_entry(self):
        """How far the portal agrees with Fingertips' own labels, or None where Fingertips published none."""
        return entries.Agreement.read(self.agreement)

    def since_baseline(self):
        """How the Places changed since the baseline: "3 better, 1 worse, 5 no significant change" (higher/lower
        without a polarity; untested changes are not counted); empty when no Place has a baseline figure."""
        labels = [entry.change.label for entry in self.place_entries.values()
                  if entry.change and entry.change.significant is not None]
        order = [stats.BETTER, stats.HIGHER, stats.WORSE, stats.LOWER, stats.NO_SIGNIFICANT_CHANGE]
        return ", ".join(f"{labels.count(label)} {label.lower()}" for label in order if labels.count(label))


class Target(models.Model):
    """What the business team aims an indicator at: a value by a date, or closing part of the gap to England."""

    class Kind(models.TextChoices):
        VALUE = "value", "Reach a value by a date"
        CLOSE_GAP = "close_gap", "Close the gap to England by a percentage by a date"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    area = models.ForeignKey(
        "places.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="targets",
        limit_choices_to={"kind__in": ["place", "ics"]},
        help_text="Blank: the target holds for every Place without one of its own.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    target_value = models.FloatField(null=True, blank=True, help_text="For \"reach a value\": the value.")
    gap_closed_percent = models.FloatField(
        "gap closed (%)", null=True, blank=True,
        help_text="For \"close the gap\": how much of the baseline gap to England is to be closed, in percent.",
    )
    target_date = models.DateField(help_text="When the target is to be met.")
    source = models.TextField(blank=True, help_text="Where the target was agreed (a board, a paper, a date).")

    history = HistoricalRecords()
    objects = SummaryInputQuerySet.as_manager()

    class Meta:
        ordering = ["indicator__number", "area__sort_order", "target_date"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "area"], name="one_target_per_indicator_and_area"),
            models.UniqueConstraint(fields=["indicator"], condition=models.Q(area=None),
                                    name="one_target_per_indicator_for_every_place"),
        ]

    def __str__(self):
        return f"Target for indicator {self.indicator_id} ({self.area or 'every Place'})"

    def clean(self):
        if self.kind == self.Kind.VALUE and self.target_value is None:
            raise ValidationError({"target_value": "Give the value to reach."})
        if self.kind == self.Kind.CLOSE_GAP and not (self.gap_closed_percent and 0 < self.gap_closed_percent <= 100):
            raise ValidationError({"gap_closed_percent": "Give a percentage above 0 and at most 100."})

    def describe(self):
        if self.kind == self.Kind.VALUE:
            return f"{self.target_value:g} by {self.target_date:%B %Y}"
        return f"close {self.gap_closed_percent:g}% of the gap to England by {self.target_date:%B %Y}"


class SummaryLabels(models.Model):
    """Each Place's comparison with England and trend as one summary stood when it was refreshed: a small history
    written on every refresh, so "what changed since a date" reads the labels as they were, not a recomputation."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="label_history")
    sex = models.CharField(max_length=20, blank=True)
    age = models.CharField(max_length=40, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now, db_index=True)
    latest_period = models.CharField(max_length=40, blank=True)
    labels = models.JSONField(default=dict, help_text="Per Place (by area id): [comparison with England, trend].")

    class Meta:
        ordering = ["recorded_at"]
        verbose_name_plural = "summary labels"

    def __str__(self):
        return f"Labels of indicator {self.indicator_id} ({self.sex}, {self.age}) at {self.recorded_at:%Y-%m-%d}"

    @classmethod
    def of(cls, summary):
        return cls(indicator_id=summary.indicator_id, sex=summary.sex, age=summary.age,
                   latest_period=summary.latest_period, labels=labels_of(summary))


def labels_of(summary):
    """{area id (a string, as JSON keeps it): [comparison, trend]} of a summary."""
    return {area_id: [data["vs_england"], data["trend"]] for area_id, data in summary.places.items()}
