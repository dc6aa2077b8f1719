"""Evidence reviews, a kind of return on the engine. The round is a standing one per year the team opens
("Evidence 2026"); the respondent is the record itself, so a lead adds as many records as they have, each reviewed
on its own, and the engine's one-return-per-respondent-per-round fits without change. Approval publishes the record:
from then on it is shown on the hub, its programmes' pages and the coherence rows of its recommendations."""

from django.urls import reverse

from atf_portal.returns.kinds import ReturnKind

from . import access
from .forms import LINKS, RecordForm
from .models import EvidenceRecord, EvidenceReview, EvidenceRound


class EvidenceReviews(ReturnKind):
    slug = "evidence"
    round_model = EvidenceRound
    return_model = EvidenceReview
    respondent_field = "record"
    form_class = RecordForm
    noun = "evidence record"
    an_noun = "an evidence record"
    respondent_noun = "evidence record"
    lead_noun = "author"
    form_url_name = "evidence-edit"
    review_related = ("period", "record", "lead")

    def respondents(self, period):
        return EvidenceRecord.objects.filter(review__period=period)

    def may_respond(self, user, respondent):
        return access.may_respond(user, respondent)

    def may_review(self, user):
        return access.may_review(user)

    def leads(self, period):
        """The authors of the round's records still to submit."""
        rows = EvidenceReview.objects.filter(period=period, state__in=EvidenceReview.EDITABLE,
                                             lead__is_active=True).select_related("lead", "record")
        for review in rows.order_by("lead__username", "record__title"):
            yield review.lead, review.record

    def form_url(self, period, respondent):
        return reverse(self.form_url_name, args=[respondent.pk])

    def write(self, review, data):
        """The form's content goes on the record; the review keeps only the state."""
        record = review.record
        links = {name: data.pop(name) for name in LINKS if name in data}
        upload = data.pop("document", None)
        for name, value in data.items():
            setattr(record, name, value)
        if upload:
            record.keep_upload(upload)
        record.save()
        for name, values in links.items():
            getattr(record, name).set(values)


EVIDENCE = EvidenceReviews()
