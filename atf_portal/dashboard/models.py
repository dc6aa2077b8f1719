"""What the business team records about the gap flags and the boards' meetings: acknowledgements, when each flag
was first seen and resolved, and the dates a board met (for "since the last meeting")."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from .gaps import GapKind


class AcknowledgementQuerySet(models.QuerySet):
    def in_force(self, today):
        return self.filter(review_on__gt=today)


class FlagAcknowledgement(models.Model):
    """The business team has seen a flag and says why it may wait until a review date. It holds only while the
    date is ahead and the flag's facts (its fingerprint) are unchanged; the flag is still counted, apart."""

    kind = models.CharField(max_length=40, choices=GapKind.choices)
    object_key = models.CharField(max_length=60, blank=True, help_text="The flagged object's key.")
    fingerprint = models.CharField(max_length=64, help_text="A digest of the flag's facts when acknowledged.")
    sentence = models.TextField(help_text="The flag as it read when acknowledged.")
    reason = models.TextField()
    review_on = models.DateField("review date")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = AcknowledgementQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_key"], name="one_acknowledgement_per_flag")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.object_key}) acknowledged until {self.review_on}"


class FlagSighting(models.Model):
    """One flag's life: the day the daily record first saw it, and the day it was no longer there."""

    kind = models.CharField(max_length=40, choices=GapKind.choices)
    object_key = models.CharField(max_length=60, blank=True)
    subject = models.CharField(max_length=255)
    sentence = models.TextField()
    first_seen = models.DateField()
    resolved_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["first_seen", "kind"]
        indexes = [models.Index(fields=["resolved_on"], name="sighting_resolved_on")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject}"


class BoardMeeting(models.Model):
    """A date a board met, recorded by the business team; "since the last meeting" starts from the latest."""

    board = models.ForeignKey("programmes.Board", on_delete=models.CASCADE, related_name="meeting_dates")
    date = models.DateField()
    note = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date"]
        constraints = [models.UniqueConstraint(fields=["board", "date"], name="one_meeting_per_board_and_date")]

    def __str__(self):
        return f"{self.board} on {self.date:%d %B %Y}"


class FlagStore(models.Model):
    """One row: the data version and the day the stored flags (StoredFlag) and each theme's figures were worked out
    for. A page reads them only while both are current; otherwise it works them out itself, as it always did
    (flag_store.py)."""

    changes_data = False  # its writes do not move the data version on (atf_portal/core/pagecache.py)

    version = models.CharField(max_length=32)
    on = models.DateField()
    refreshed_at = models.DateTimeField()
    # {theme pk: {figure: number}}: coherence.themes_with_figures() and programmes.services.with_delivery()
    figures = models.JSONField(default=dict)

    def __str__(self):
        return f"Gap flags of {self.on} at data version {self.version}"

    def holds(self, today, version):
        """Whether the stored flags are those of this day and this data version."""
        return (self.on, self.version) == (today, version)


class StoredFlag(models.Model):
    """A gap flag as the rules raised it for the whole portal and the current plan edition: a read model, worked out
    again by the task worker whenever the data or the day moves on, so the pages read counts and lists in one
    query instead of running every rule. Nobody edits it."""

    changes_data = False

    kind = models.CharField(max_length=40, choices=GapKind.choices)
    subject = models.TextField()
    sentence = models.TextField()
    theme = models.PositiveSmallIntegerField(null=True)
    # The key its page is found by: a number or primary key, else a slug, else none (Flag.key keeps its type).
    key_number = models.IntegerField(null=True)
    key_text = models.CharField(max_length=100, blank=True)
    object_pk = models.IntegerField(null=True)

    class Meta:
        ordering = ["id"]  # the order the rules raised them in
        indexes = [models.Index(fields=["theme"], name="stored_flag_theme")]

    def __str__(self):
        return self.sentence
