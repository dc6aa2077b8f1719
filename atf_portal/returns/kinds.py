"""Kinds of return: what a new kind declares, and the registry the engine reads.

A kind names its round and return models, who is expected to respond each round, who may respond and who
signs off, its form, what approval publishes, and its words. The state machine (services.py), completeness and
reminders (tallies.py) and the review queue serve every registered kind alike.
"""

from django.urls import reverse

from . import services, tallies


class ReturnKind:
    """Subclass, fill in the declarations, and `register` an instance (usually from the app's `ready`)."""

    slug = ""  # the kind's name in the registry
    round_model = None  # a concrete `Round`
    return_model = None  # a concrete `Return`, with a `period` ForeignKey to `round_model`
    respondent_field = ""  # the return's ForeignKey to who responds, e.g. "programme"
    form_class = None
    noun = "return"  # what one return is called on the pages and in messages, e.g. "update"
    an_noun = "a return"
    respondent_noun = "respondent"
    lead_noun = "lead"  # who makes a return, as a returned one's message names them
    form_url_name = ""  # a URL taking (round pk, respondent pk)
    review_related = ("period", "lead")  # select_related for the review queue
    groupings = ()  # the names completeness counts by, as `expected` returns them

    def respondents(self, period):
        """Who is expected to make a return for the round (a queryset of the respondent model)."""
        raise NotImplementedError

    def may_respond(self, user, respondent):
        raise NotImplementedError

    def may_review(self, user):
        raise NotImplementedError

    def leads(self, period):
        """(user, respondent) for each active person who responds for an expected respondent, for reminders."""
        raise NotImplementedError

    def write(self, ret, data):
        """Put a form's cleaned data on the return; a kind with JSON fields or defaults overrides this."""
        for name, value in data.items():
            setattr(ret, name, value)

    def on_approve(self, ret, user):
        """What approval publishes beyond the return's own state (nothing unless the kind says)."""

    def expected(self, period, groupings=()):
        """(ids of the expected respondents, {grouping: [(parts, ids)]}): the groups completeness counts by, each
        row's parts shown before its tally. A kind with groupings overrides this, reading as few times as it can."""
        return list(self.respondents(period).values_list("pk", flat=True)), {}

    def respondent_of(self, ret):
        return getattr(ret, self.respondent_field)

    def returns(self):
        return self.return_model.objects.all()

    def form_url(self, period, respondent):
        return reverse(self.form_url_name, args=[period.pk, respondent.pk])

    # The engine's steps, bound to this kind, so a kind's pages and tests say `UPDATES.submit(update, user, data)`.
    def return_for(self, period, respondent, user):
        """The respondent's return for the round, started as an unsaved draft when there is none yet."""
        return services.return_for(self, period, respondent, user)

    def save_draft(self, ret, user, data):
        return services.save_draft(self, ret, user, data)

    def submit(self, ret, user, data):
        return services.submit(self, ret, user, data)

    def send_back(self, ret, user, reason):
        return services.send_back(self, ret, user, reason)

    def approve(self, ret, user):
        return services.approve(self, ret, user)

    def completeness(self, period, today=None):
        """{"total": Tally, grouping: [(parts, Tally)] for each of the kind's groupings}."""
        return tallies.completeness(self, period, today)

    def __str__(self):
        return self.slug


_registry = {}


def register(kind):
    """Add a kind (an instance); registering a slug again replaces the earlier kind."""
    _registry[kind.slug] = kind
    return kind


def unregister(kind):
    _registry.pop(kind.slug, None)


def registered():
    return list(_registry.values())


def get(slug):
    return _registry[slug]
