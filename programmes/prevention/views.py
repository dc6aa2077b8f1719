"""The prevention pages: /prevention/ (the commitment tracked, completeness for the year, spend against need, and
its CSV and XLSX), an organisation's returns, the finance lead's form, a return with its sign-off, and loading the
population and deprivation figures. Who may do what is `access.py`; a return a user may not see is a 404."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView

from atf_portal.core.access import BusinessTeamMixin, ReadPortalMixin
from atf_portal.core.exports import dataset_response, export_asked
from atf_portal.core.forms import UploadFormMixin
from atf_portal.returns import tallies
from atf_portal.returns.forms import ReturnReasonForm
from atf_portal.returns.services import check_editable
from atf_portal.returns.views import DecidesReturn, ShowsRefusals
from programmes.models import Organisation

from . import access, exports, figures
from .forms import InvestmentForm
from .kind import INVESTMENT
from .models import FinancialYear, InvestmentReturn, NeedUpload
from .need_import import HEADER, NEED, SOURCES


def current_year():
    """The open financial year that ends last, else the latest; None before the team records one."""
    return FinancialYear.objects.open().order_by("-end").first() or FinancialYear.objects.order_by("-end").first()


class PreventionView(ReadPortalMixin, TemplateView):
    template_name = "prevention/index.html"

    def get(self, request, *args, **kwargs):
        context = figures.overview()
        fmt = export_asked(request)
        if fmt:
            header, rows = exports.table(context)
            return dataset_response(header, rows, "prevention-investment", fmt)
        year = current_year()
        judged = figures.latest_judged(context["years"])
        need_year = FinancialYear.objects.filter(start_year=judged.start_year).first() if judged else None
        places, correlation, words, by_place = figures.spend_against_need(need_year) if need_year else ([], None,
                                                                                                       "", False)
        states = tallies.states(INVESTMENT, year) if year else {}
        return self.render_to_response(self.get_context_data(
            year=year, tally=INVESTMENT.completeness(year)["total"] if year else None, judged=judged,
            need_year=need_year, places=places, correlation=correlation, correlation_words=words, by_place=by_place,
            members=[(m, states.get(m.pk)) for m in context["members"]], sources=SOURCES, header=HEADER,
            mine=list(access.organisations_for(request.user)) if year and year.is_open else [],
            may_review=access.may_review(request.user), **{k: v for k, v in context.items() if k != "members"}))


class OrganisationView(ReadPortalMixin, TemplateView):
    """An organisation's returns over time: approved ones for everyone, the rest for its leads and the business
    team."""

    template_name = "prevention/organisation.html"

    def get_context_data(self, **kwargs):
        organisation = get_object_or_404(Organisation, pk=self.kwargs["pk"])
        user = self.request.user
        returns = organisation.investment_returns.select_related("period").order_by("period__start_year")
        if not (access.may_review(user) or access.may_respond(user, organisation)):
            returns = returns.filter(state=InvestmentReturn.State.APPROVED)
        context = figures.overview()
        line = next((line for line in context["lines"] if line.organisation.pk == organisation.pk), None)
        rows = [(year, *cell) for year, cell in zip(context["years"], line.cells, strict=True)] if line else []
        return super().get_context_data(organisation=organisation, returns=list(returns), line=line, rows=rows,
                                        tracked=context["tracked"], decision=context["decision"], **kwargs)


class InvestmentFormView(ShowsRefusals, TemplateView):
    """A finance lead's return for their organisation and one financial year: save as draft, then submit."""

    template_name = "prevention/form.html"

    def dispatch(self, request, *args, **kwargs):
        self.year = get_object_or_404(FinancialYear, pk=kwargs["year"])
        self.organisation = get_object_or_404(Organisation, pk=kwargs["organisation"])
        if not access.may_respond(request.user, self.organisation):
            raise Http404("You do not make this organisation's prevention investment return.")
        self.ret = INVESTMENT.return_for(self.year, self.organisation, request.user)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=InvestmentForm(ret=self.ret)))

    def post(self, request, *args, **kwargs):
        submitting = request.POST.get("action") == "submit"
        check_editable(INVESTMENT, self.ret)
        form = InvestmentForm(request.POST, ret=self.ret, submitting=submitting)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if submitting:
            INVESTMENT.submit(self.ret, request.user, form.to_data())
            messages.success(request, f"{self.organisation}'s return is submitted for sign-off.")
            return redirect("prevention-organisation", self.organisation.pk)
        INVESTMENT.save_draft(self.ret, request.user, form.to_data())
        messages.success(request, "Your draft is saved. Submit it when it is ready.")
        return redirect(request.path)

    def get_context_data(self, **kwargs):
        return super().get_context_data(year=self.year, organisation=self.organisation, ret=self.ret,
                                        editable=self.ret.is_editable, **kwargs)


def _return_or_404(user, pk):
    ret = get_object_or_404(InvestmentReturn.objects.select_related("period", "organisation", "lead", "decided_by"),
                            pk=pk)
    if not access.may_read_return(user, ret):
        raise Http404("No such return.")
    return ret


class ReturnDetailView(TemplateView):
    """One return as submitted, its history, and for the business team the approve and return buttons."""

    template_name = "prevention/return_detail.html"

    def get_context_data(self, **kwargs):
        ret = _return_or_404(self.request.user, self.kwargs["pk"])
        labels = dict(InvestmentReturn.State.choices)
        history = [(h, labels.get(h.state, h.state)) for h in ret.history.select_related("history_user")]
        return super().get_context_data(
            ret=ret, history=history, may_decide=ret.is_awaiting_review and access.may_review(self.request.user),
            is_lead=access.may_respond(self.request.user, ret.organisation_id),
            return_form=kwargs.pop("return_form", None) or ReturnReasonForm(kind=INVESTMENT), **kwargs)


class DecideView(DecidesReturn, ReturnDetailView):
    """POST only: the business team approves or returns a submitted return."""

    kind = INVESTMENT
    page_url_name = "prevention-return"

    def decided_return(self):
        return _return_or_404(self.request.user, self.kwargs["pk"])

    def approved_message(self, ret):
        return f"Approved: {ret.organisation}'s return now counts on the prevention page."


class NeedUploadForm(UploadFormMixin, forms.Form):
    file = forms.FileField(label="Upload the CSV file", error_messages={"required": "Choose the CSV file to upload"})


class NeedUploadView(BusinessTeamMixin, TemplateView):
    """The business team loads population and deprivation per Place from a CSV: checked, then previewed."""

    template_name = "prevention/need_upload.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=NeedUploadForm()))

    def post(self, request, *args, **kwargs):
        form = NeedUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["file"]
        plan, kept = NEED.preview(upload.name, upload.read(), request.user)
        if kept is None:
            return self.render_to_response(self.get_context_data(form=form, plan=plan), status=400)
        return redirect("prevention-need-preview", kept.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(header=HEADER, sources=SOURCES, **kwargs)


class NeedPreviewView(BusinessTeamMixin, TemplateView):
    """The uploader's own preview: what importing it would write; confirming writes it all, or nothing."""

    template_name = "prevention/need_preview.html"

    def get(self, request, *args, **kwargs):
        upload = get_object_or_404(NeedUpload.objects.previews_of(request.user), pk=kwargs["pk"])
        plan = NEED.plan(upload.file_name, bytes(upload.content), request.user)
        return self.render_to_response(self.get_context_data(upload=upload, plan=plan))

    def post(self, request, *args, **kwargs):
        upload = get_object_or_404(NeedUpload.objects.previews_of(request.user), pk=kwargs["pk"])
        plan = NEED.confirm(upload, request.user)
        if not plan.ok:
            return self.render_to_response(self.get_context_data(upload=upload, plan=plan), status=400)
        messages.success(request, f"{upload.file_name} imported: {len(plan.rows)} figures loaded.")
        return redirect("prevention")
