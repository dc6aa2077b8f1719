"""Prevention investment returns, a kind of return on the engine: each HCP member organisation's finance lead
returns its prevention investment for a financial year, the business team signs it off. Only approved returns are
counted on /prevention/."""

from atf_portal.returns.kinds import ReturnKind
from programmes.models import Organisation

from . import access
from .forms import InvestmentForm
from .models import FinanceLead, FinancialYear, InvestmentReturn


class InvestmentReturns(ReturnKind):
    slug = "prevention-investment"
    round_model = FinancialYear
    return_model = InvestmentReturn
    respondent_field = "organisation"
    form_class = InvestmentForm
    noun = "prevention investment return"
    an_noun = "a prevention investment return"
    respondent_noun = "organisation"
    form_url_name = "prevention-form"
    review_related = ("period", "organisation", "lead")

    def respondents(self, period):
        return Organisation.objects.members()

    def may_respond(self, user, respondent):
        return access.may_respond(user, respondent)

    def may_review(self, user):
        return access.may_review(user)

    def leads(self, period):
        rows = FinanceLead.objects.filter(organisation__in=self.respondents(period), user__is_active=True)
        for lead in rows.select_related("user", "organisation").order_by("user__username", "organisation__name"):
            yield lead.user, lead.organisation


INVESTMENT = InvestmentReturns()
