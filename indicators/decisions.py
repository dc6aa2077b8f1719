"""The indicator set's own decisions: what the team decided about an indicator (retain, replace, remove, make live,
change source), why, when, by whom and from which document line or meeting; open questions wait as such. And the
set's review cycle: "Review and renew health inequality indicators every five years" (003:2398)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from atf_portal.framework.models import cite


class IndicatorDecision(models.Model):
    class Kind(models.TextChoices):
        RETAIN = "retain", "Retain"
        REPLACE = "replace", "Replace"
        REMOVE = "remove", "Remove"
        MAKE_LIVE = "make_live", "Make live"
        CHANGE_SOURCE = "change_source", "Change source"

    class State(models.TextChoices):
        OPEN = "open", "Open question"
        DECIDED = "decided", "Decided"

    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(max_length=20, choices=Kind.choices, blank=True,
                            help_text="What was decided; blank while the question is open.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    question = models.TextField(blank=True, help_text="What is to be decided, as the document asks it.")
    what = models.TextField("decision", blank=True, help_text="What was decided.")
    why = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.CharField(max_length=200, blank=True, help_text="The person, board or meeting.")
    source = models.CharField(max_length=200, help_text='The document line or meeting it comes from, e.g. "002:1034".')
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator__number", "state", "-decided_on", "pk"]

    def __str__(self):
        what = self.get_kind_display() if self.state == self.State.DECIDED else "Open question"
        return f"Indicator {self.indicator.number}: {what}"

    @property
    def citation(self):
        return cite(self.source) or self.source

    def clean(self):
        if self.state == self.State.DECIDED:
            missing = [name for name in ("kind", "what", "why", "decided_on", "decided_by") if not getattr(self, name)]
            if missing:
                raise ValidationError({name: "A decision says what, why, when and by whom." for name in missing})
        elif not self.question:
            raise ValidationError({"question": "Say what is to be decided."})


class IndicatorSetReview(models.Model):
    """The set's reviews: the last one, and the cycle that says when the next is due."""

    last_reviewed = models.DateField(help_text="The month of the last review (its first day).")
    last_review_source = models.CharField(max_length=200)
    cycle_years = models.PositiveSmallIntegerField(default=5)
    cycle_source = models.CharField(max_length=200)

    class Meta:
        ordering = ["-last_reviewed"]

    def __str__(self):
        return f"Beacon Indicators reviewed {self.last_reviewed:%B %Y}"

    @property
    def next_review_by(self):
        return datetime.date(self.last_reviewed.year + self.cycle_years, self.last_reviewed.month, 1)
