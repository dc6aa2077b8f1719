"""The Anchor Assembly's pages: the dashboard, an organisation's returns over time, the evidence form, a return
with its sign-off, and the meeting's pack. Who may do what is `access.py`; a return a user may not see is a 404."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import TemplateView

from atf_portal.core.access import ReadPortalMixin
from atf_portal.jobs import runner
from atf_portal.returns import tallies
from atf_portal.returns.forms import ReturnReasonForm
from atf_portal.returns.services import check_editable
from atf_portal.returns.views import DecidesReturn, ShowsRefusals
from indicators.models import Indicator
from programmes.models import Organisation

from . import access, figures, pack, services, tasks
from .forms import EvidenceForm
from .kind import EVIDENCE
from .models import AssemblyMeeting, EvidenceReturn

INDICATORS = (12, 20, 21)


class DashboardView(ReadPortalMixin, TemplateView):
    """Each pledge across the signatories at the latest meeting with approved returns, against the one before;
    indicators 12, 20 and 21; completeness for the current meeting; the 2026 ambition."""

    template_name = "anchors/dashboard.html"

    def get_context_data(self, **kwargs):
        user, meeting = self.request.user, services.current_meeting()
        signatories = list(Organisation.objects.signatories())
        decided = figures.meetings_with_approved()
        latest, previous = (decided[-1] if decided else None), (decided[-2] if len(decided) > 1 else None)
        returns = figures.approved_returns(latest) if latest else []
        states = tallies.states(EVIDENCE, meeting) if meeting else {}
        titles = {i.number: i for i in Indicator.objects.filter(number__in=INDICATORS)}
        return super().get_context_data(
            meeting=meeting, latest=latest, previous=previous, meetings=AssemblyMeeting.objects.all(),
            tally=EVIDENCE.completeness(meeting)["total"] if meeting else None,
            pledges=figures.pledges(latest, returns, figures.approved_returns(previous) if previous else None)
            if latest else [],
            indicators=[(titles.get(n), figures.indicator_figure(n, latest, returns, len(signatories)) if latest
                         else figures.indicator_figure(n)) for n in INDICATORS],
            ambition=figures.ambition(), signatories=[(o, states.get(o.pk)) for o in signatories],
            mine=list(access.organisations_for(user)) if meeting and meeting.is_open else [],
            may_review=access.may_review(user), **kwargs)


class OrganisationView(ReadPortalMixin, TemplateView):
    """An organisation's returns over time and their narratives: approved ones for everyone, the rest for its
    leads and the business team."""

    template_name = "anchors/organisation.html"

    def get_context_data(self, **kwargs):
        organisation = get_object_or_404(Organisation, pk=self.kwargs["pk"])
        user = self.request.user
        returns = organisation.evidence_returns.select_related("period").order_by("period__end")
        if not (access.may_review(user) or access.may_respond(user, organisation)):
            returns = returns.filter(state=EvidenceReturn.State.APPROVED)
        return super().get_context_data(organisation=organisation, returns=list(returns),
                                        questions=figures.PERCENTAGES + figures.YES_NO, **kwargs)


class EvidenceFormView(ShowsRefusals, TemplateView):
    """A lead's evidence return for their organisation and one meeting: save as draft, then submit."""

    template_name = "anchors/form.html"

    def dispatch(self, request, *args, **kwargs):
        self.meeting = get_object_or_404(AssemblyMeeting, pk=kwargs["meeting"])
        self.organisation = get_object_or_404(Organisation, pk=kwargs["organisation"])
        if not access.may_respond(request.user, self.organisation):
            raise Http404("You do not return evidence for this organisation.")
        self.ret = EVIDENCE.return_for(self.meeting, self.organisation, request.user)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=EvidenceForm(ret=self.ret)))

    def post(self, request, *args, **kwargs):
        submitting = request.POST.get("action") == "submit"
        check_editable(EVIDENCE, self.ret)
        form = EvidenceForm(request.POST, ret=self.ret, submitting=submitting)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if submitting:
            EVIDENCE.submit(self.ret, request.user, form.to_data())
            messages.success(request, f"{self.organisation}'s evidence is submitted for sign-off.")
            return redirect("anchor-organisation", self.organisation.pk)
        EVIDENCE.save_draft(self.ret, request.user, form.to_data())
        messages.success(request, "Your draft is saved. Submit it when it is ready.")
        return redirect(request.path)

    def get_context_data(self, **kwargs):
        return super().get_context_data(meeting=self.meeting, organisation=self.organisation, ret=self.ret,
                                        editable=self.ret.is_editable, **kwargs)


def _return_or_404(user, pk):
    ret = get_object_or_404(EvidenceReturn.objects.select_related("period", "organisation", "lead", "decided_by"),
                            pk=pk)
    if not access.may_read_return(user, ret):
        raise Http404("No such return.")
    return ret


class ReturnDetailView(TemplateView):
    """One return as submitted, its history, and for the business team the approve and return buttons."""

    template_name = "anchors/return_detail.html"

    def get_context_data(self, **kwargs):
        ret = _return_or_404(self.request.user, self.kwargs["pk"])
        labels = dict(EvidenceReturn.State.choices)
        history = [(h, labels.get(h.state, h.state)) for h in ret.history.select_related("history_user")]
        return super().get_context_data(
            ret=ret, history=history, may_decide=ret.is_awaiting_review and access.may_review(self.request.user),
            is_lead=access.may_respond(self.request.user, ret.organisation_id), answers=pack.answers(ret),
            return_form=kwargs.pop("return_form", None) or ReturnReasonForm(kind=EVIDENCE), **kwargs)


class DecideView(DecidesReturn, ReturnDetailView):
    """POST only: the business team approves or returns a submitted return."""

    kind = EVIDENCE
    page_url_name = "anchor-return"

    def decided_return(self):
        return _return_or_404(self.request.user, self.kwargs["pk"])

    def approved_message(self, ret):
        return f"Approved: {ret.organisation}'s evidence now counts on the dashboard."


class PackView(ReadPortalMixin, TemplateView):
    """The meeting's pack: every approved return, printable. Its spreadsheet is built in the background when asked
    for (POST), as a board pack's is."""

    template_name = "anchors/pack.html"

    def post(self, request, *args, **kwargs):
        meeting = get_object_or_404(AssemblyMeeting, pk=kwargs["meeting"])
        job = runner.start(tasks.build_assembly_pack, request.user, label=f"Anchor Assembly pack: {meeting.name}",
                           meeting_id=meeting.pk)
        return redirect("job-detail", job.pk)

    def get(self, request, *args, **kwargs):
        meeting = get_object_or_404(AssemblyMeeting, pk=kwargs["meeting"])
        returns = figures.approved_returns(meeting)
        return self.render_to_response(self.get_context_data(
            meeting=meeting, blocks=[(ret, pack.answers(ret)) for ret in returns], today=timezone.localdate(),
            indicators=[figures.indicator_figure(n, meeting, returns) for n in INDICATORS]))
