"""Plan assessments, a kind of return on the engine: in each round the business team opens, every plan is held
against the Neighbourhoods framework by its Place; the business team returns with a reason or approves. Approval
publishes nothing beyond the return: the matrix and the plan pages read approved assessments only."""

from atf_portal.returns.kinds import ReturnKind

from . import access
from .forms import AssessmentForm
from .models import Assessment, AssessmentRound, Plan, PlanLead


class Assessments(ReturnKind):
    slug = "plan-assessment"
    round_model = AssessmentRound
    return_model = Assessment
    respondent_field = "plan"
    form_class = AssessmentForm
    noun = "assessment"
    an_noun = "an assessment"
    respondent_noun = "plan"
    form_url_name = "plan-assess"
    review_related = ("period", "plan", "plan__place", "lead")

    def respondents(self, period):
        return Plan.objects.all()

    def may_respond(self, user, respondent):
        return access.may_respond(user, respondent)

    def may_review(self, user):
        return access.may_review(user)

    def leads(self, period):
        """The named plan leads, then each plan's Place's Marmot leads."""
        seen = set()
        for tie in PlanLead.objects.filter(user__is_active=True).select_related("user", "plan"):
            seen.add((tie.user_id, tie.plan_id))
            yield tie.user, tie.plan
        for plan in Plan.objects.defer("content").prefetch_related("place__leads__user"):
            for lead in plan.place.leads.all():
                if lead.user.is_active and (lead.user_id, plan.pk) not in seen:
                    yield lead.user, plan


ASSESSMENTS = Assessments()
