"""Evidence returns, a kind of return on the engine: ahead of each Assembly meeting every Anchor Framework
signatory returns its evidence, the business team signs it off. Approval publishes nothing beyond the return:
the Assembly's dashboard and indicators 12, 20 and 21 read approved returns only."""

from atf_portal.returns.kinds import ReturnKind
from programmes.models import Organisation

from . import access
from .forms import EvidenceForm
from .models import AnchorLead, AssemblyMeeting, EvidenceReturn


class EvidenceReturns(ReturnKind):
    slug = "anchor-evidence"
    round_model = AssemblyMeeting
    return_model = EvidenceReturn
    respondent_field = "organisation"
    form_class = EvidenceForm
    noun = "evidence return"
    an_noun = "an evidence return"
    respondent_noun = "organisation"
    form_url_name = "anchor-form"
    review_related = ("period", "organisation", "lead")

    def respondents(self, period):
        return Organisation.objects.signatories()

    def may_respond(self, user, respondent):
        return access.may_respond(user, respondent)

    def may_review(self, user):
        return access.may_review(user)

    def leads(self, period):
        rows = AnchorLead.objects.filter(organisation__in=self.respondents(period), user__is_active=True)
        for lead in rows.select_related("user", "organisation").order_by("user__username", "organisation__name"):
            yield lead.user, lead.organisation


EVIDENCE = EvidenceReturns()
