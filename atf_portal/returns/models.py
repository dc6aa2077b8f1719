"""A round (a period people report for) and a return (one respondent's report for a round), abstract: each kind
of return has its own two tables, and these hold what every kind shares, the state rules above all.

A return goes draft -> submitted -> approved, or submitted -> returned -> submitted again. Each rule about state
has one home here, so completeness, reminders, gap flags and the home page cannot disagree about it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from atf_portal.core.access import access_of


class LeadTie(models.Model):
    """A person the admin ties to one respondent (a programme, an organisation, a plan): they make its returns,
    whatever their group. A concrete tie adds the ForeignKey to the respondent and names it in `respondent_field`;
    who may respond for what is then read here once for every kind."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="%(class)s_ties")
    respondent_field = ""

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.user} responds for {getattr(self, self.respondent_field)}"

    @classmethod
    def respondents_of(cls, user):
        """What this user responds for through ties of this model (a queryset of the respondent model, one join)."""
        field = cls._meta.get_field(cls.respondent_field)
        if not access_of(user).signed_in:
            return field.related_model.objects.none()
        return field.related_model.objects.filter(**{f"{field.related_query_name()}__user": user})

    @classmethod
    def ties(cls, user, respondent):
        """`respondent` may be the respondent or its primary key."""
        return getattr(respondent, "pk", respondent) in access_of(user).respondent_ids(cls)


class RoundQuerySet(models.QuerySet):
    def open(self):
        return self.filter(is_open=True)


class Round(models.Model):
    """A round: people may report only while it is open; after its due date a missing return is late."""

    name = models.CharField(max_length=60, unique=True)
    start = models.DateField()
    end = models.DateField()
    due_date = models.DateField()
    is_open = models.BooleanField("open", default=False, help_text="Leads may report only while a round is open.")

    objects = RoundQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-end", "name"]

    def __str__(self):
        return self.name

    @property
    def open_label(self):
        return "Open" if self.is_open else "Closed"

    @property
    def open_colour(self):
        return "green" if self.is_open else "grey"

    def get_status_display(self):
        return self.open_label

    status_colour = open_colour

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "The end comes before the start."})
        if self.end and self.due_date and self.due_date < self.start:
            raise ValidationError({"due_date": "Updates cannot be due before the round starts."})

    def is_late(self, today):
        return today > self.due_date


class State(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned"
    APPROVED = "approved", "Approved"


# How a refusal names the state that refuses it: "This update is already approved: ...".
STATE_PHRASES = {State.DRAFT: "still a draft", State.SUBMITTED: "already submitted",
                 State.RETURNED: "returned to its lead", State.APPROVED: "already approved"}
# In: the respondent has done their part (awaiting sign-off or signed off). Anything else, or no return at all,
# is outstanding.
IN = [State.SUBMITTED, State.APPROVED]
EDITABLE = [State.DRAFT, State.RETURNED]


def is_outstanding(state):
    """Whether a return in this state (None: not started) is still outstanding: the one rule for it. A respondent
    with no return has no row, so a query for the outstanding starts from the expected (tallies.outstanding)."""
    return state not in IN


class ReturnQuerySet(models.QuerySet):
    def submitted_or_approved(self):
        return self.filter(state__in=IN)

    def awaiting_review(self):
        return self.filter(state=State.SUBMITTED, period__is_open=True)

    def returned(self):
        return self.filter(state=State.RETURNED, period__is_open=True)


class Return(models.Model):
    """One respondent's return for one round. The concrete model declares `period` (a ForeignKey to its round
    model) and the respondent field its kind names; every change of state is kept in its history."""

    State = State
    STATE_COLOURS = {State.SUBMITTED: "blue", State.RETURNED: "orange", State.APPROVED: "green"}  # grey otherwise
    EDITABLE = EDITABLE

    lead = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReturnQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def status_colour(self):
        return self.STATE_COLOURS.get(self.state, "grey")

    def get_status_display(self):
        return self.get_state_display()

    @property
    def state_phrase(self):
        return STATE_PHRASES[self.state]

    @property
    def is_editable(self):
        return self.period.is_open and self.state in EDITABLE

    @property
    def is_outstanding(self):
        return is_outstanding(self.state)

    @property
    def is_awaiting_review(self):
        return self.period.is_open and self.state == State.SUBMITTED
