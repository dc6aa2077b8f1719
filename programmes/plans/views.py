"""The plans' pages: the nine-Place matrix, a Place's plans, a plan (its assessments, measures, document and
history), recording a plan, a neighbourhood or a measure, the assessment form and its sign-off. Who may do what is
access.py; a plan or assessment a user may not act on or see is a 404."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView, View

from atf_portal.core.access import ReadPortalMixin
from atf_portal.core.exports import dataset_response, export_asked
from atf_portal.returns.forms import ReturnReasonForm
from atf_portal.returns.services import check_editable
from atf_portal.returns.views import DecidesReturn, ShowsRefusals
from places.models import Area

from . import access, services
from .forms import AssessmentForm, MeasureForm, NeighbourhoodForm, PlanForm
from .kind import ASSESSMENTS
from .models import RATING_COLOURS, Assessment, AssessmentRound, Plan, Rating, framework_items

SCALE = [(Rating(value).label, RATING_COLOURS[value]) for value in Rating.values]


class MatrixView(ReadPortalMixin, TemplateView):
    """The framework's objectives, guiding principles and enablers by the nine Places, from approved assessments;
    `?_export=csv` or `xlsx` downloads it."""

    template_name = "plans/matrix.html"

    def get(self, request, *args, **kwargs):
        places, groups = services.matrix()
        fmt = export_asked(request)
        if fmt:
            return dataset_response(*services.matrix_table(places, groups), "atf-plans-matrix", fmt)
        return self.render_to_response(self.get_context_data(places=places, groups=groups, scale=SCALE))


def place_or_404(slug):
    return get_object_or_404(Area.objects.places(), slug=slug)


class PlacePlansView(ReadPortalMixin, TemplateView):
    template_name = "plans/place_plans.html"

    def get_context_data(self, **kwargs):
        place = place_or_404(self.kwargs["slug"])
        return super().get_context_data(
            **services.for_place_page(place), neighbourhoods=list(place.neighbourhoods.all()),
            may_record=access.may_record_for(self.request.user, place), **kwargs)


class PlanDetailView(ReadPortalMixin, TemplateView):
    """A plan: its record, its assessments (approved ones for everyone, the rest for those who make or sign them
    off), its engagement measures' actuals by round, the document, and the history of the record."""

    template_name = "plans/plan_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        plan = get_object_or_404(Plan.objects.defer("content").select_related("place"), pk=self.kwargs["pk"])
        insider = access.may_review(user) or access.may_respond(user, plan)
        assessments = plan.assessments.select_related("period").order_by("period__end")
        if not insider:
            assessments = assessments.filter(state=Assessment.State.APPROVED)
        assessments = list(assessments)
        approved = [ret for ret in assessments if ret.state == Assessment.State.APPROVED]
        latest = approved[-1] if approved else None
        return super().get_context_data(
            plan=plan, assessments=assessments, latest=latest, scale=SCALE,
            answers=answer_rows(latest) if latest else [], neighbourhoods=list(plan.neighbourhoods.all()),
            local_indicators=list(plan.place.local_indicators.all()),
            measures=services.measure_rows(plan, approved), may_edit=access.may_edit_plan(user, plan),
            open_rounds=list(AssessmentRound.objects.open()) if access.may_respond(user, plan) else [],
            history=list(plan.history.select_related("history_user").only(
                "history_date", "history_user__username", "history_type", "stage")), **kwargs)


def answer_rows(ret):
    """[(item, rating label, colour, answer)] for every framework item, "Nothing said" where the plan is silent."""
    rows = []
    for item in framework_items():
        answer = ret.answers.get(str(item.pk)) or {}
        rating = answer.get("rating") or ""
        rows.append((item, Rating(rating).label if rating else "Nothing said", RATING_COLOURS.get(rating, "grey"),
                     answer))
    return rows


class PlanDocumentView(ReadPortalMixin, View):
    def get(self, request, pk):
        plan = get_object_or_404(Plan, pk=pk)
        if plan.has_file:
            return plan.download()
        if plan.link:
            return redirect(plan.link)
        raise Http404("This plan has no document.")


class RecordsForPlace(TemplateView):
    """A form a Place's Marmot lead (or the business team) fills in for the Place: anyone else gets a 404."""

    form_class = None
    template_name = "plans/record_form.html"
    heading = ""

    def dispatch(self, request, *args, **kwargs):
        self.place = self.get_place()
        if not access.may_record_for(request.user, self.place):
            raise Http404("You do not record plans for this Place.")
        return super().dispatch(request, *args, **kwargs)

    def get_place(self):
        return place_or_404(self.kwargs["slug"])

    def form(self, data=None, files=None):
        return self.form_class(data, files)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.form()))

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        saved = self.save(form)
        messages.success(request, f"Saved: {saved}.")
        return redirect(self.success_url(saved))

    def save(self, form):
        record = form.save(commit=False)
        record.place = self.place
        record._history_user = self.request.user
        record.save()
        form.save_m2m()
        return record

    def success_url(self, saved):
        return saved.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(place=self.place, heading=self.heading, **kwargs)


class PlanCreateView(RecordsForPlace):
    heading = "Record a plan"

    def form(self, data=None, files=None):
        return PlanForm(data, files, place=self.place)


class NeighbourhoodCreateView(RecordsForPlace):
    form_class = NeighbourhoodForm
    heading = "Name a neighbourhood"

    def success_url(self, saved):
        return reverse("place-plans", args=[self.place.slug])


class PlanEditView(RecordsForPlace):
    heading = "Change the plan"

    def dispatch(self, request, *args, **kwargs):
        self.plan = get_object_or_404(Plan.objects.select_related("place"), pk=kwargs["pk"])
        if not access.may_edit_plan(request.user, self.plan):
            raise Http404("You do not record plans for this Place.")
        self.place = self.plan.place
        return TemplateView.dispatch(self, request, *args, **kwargs)

    def form(self, data=None, files=None):
        return PlanForm(data, files, place=self.place, instance=self.plan)


class MeasureCreateView(PlanEditView):
    heading = "Add an engagement measure"

    def form(self, data=None, files=None):
        return MeasureForm(data)

    def save(self, form):
        measure = form.save(commit=False)
        measure.plan, measure._history_user = self.plan, self.request.user
        measure.save()
        return measure

    def success_url(self, saved):
        return self.plan.get_absolute_url()


class AssessmentFormView(ShowsRefusals, TemplateView):
    """A plan's assessment for one round: save as draft, then submit for sign-off."""

    template_name = "plans/assessment_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.period = get_object_or_404(AssessmentRound, pk=kwargs["period"])
        self.plan = get_object_or_404(Plan.objects.defer("content").select_related("place"), pk=kwargs["plan"])
        if not access.may_respond(request.user, self.plan):
            raise Http404("You do not assess this plan.")
        self.ret = ASSESSMENTS.return_for(self.period, self.plan, request.user)
        self.items, self.measures = framework_items(), list(self.plan.measures.all())
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None, submitting=False):
        return AssessmentForm(data, ret=self.ret, items=self.items, measures=self.measures, submitting=submitting)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.form()))

    def post(self, request, *args, **kwargs):
        submitting = request.POST.get("action") == "submit"
        check_editable(ASSESSMENTS, self.ret)
        form = self.form(request.POST, submitting)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if submitting:
            ASSESSMENTS.submit(self.ret, request.user, form.to_data())
            messages.success(request, f"The assessment of {self.plan.title} is submitted for sign-off.")
            return redirect("plan-detail", self.plan.pk)
        ASSESSMENTS.save_draft(self.ret, request.user, form.to_data())
        messages.success(request, "Your draft is saved. Submit it when it is ready.")
        return redirect(request.path)

    def get_context_data(self, **kwargs):
        return super().get_context_data(period=self.period, plan=self.plan, ret=self.ret, scale=SCALE,
                                        editable=self.ret.is_editable, **kwargs)


def assessment_or_404(user, pk):
    ret = get_object_or_404(Assessment.objects.select_related("period", "plan__place", "lead", "decided_by")
                            .defer("plan__content"), pk=pk)
    if not access.may_read_assessment(user, ret):
        raise Http404("No such assessment.")
    return ret


class AssessmentDetailView(TemplateView):
    """One assessment as submitted, its history, and for the business team the approve and return buttons."""

    template_name = "plans/assessment_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        ret = assessment_or_404(user, self.kwargs["pk"])
        labels = dict(Assessment.State.choices)
        history = [(h, labels.get(h.state, h.state)) for h in ret.history.select_related("history_user")]
        measures = list(ret.plan.measures.all())
        return super().get_context_data(
            ret=ret, plan=ret.plan, history=history, answers=answer_rows(ret),
            measures=[(m, ret.actual_of(m)) for m in measures], is_lead=access.may_respond(user, ret.plan),
            may_decide=ret.is_awaiting_review and access.may_review(user),
            return_form=kwargs.pop("return_form", None) or ReturnReasonForm(kind=ASSESSMENTS), **kwargs)


class DecideView(DecidesReturn, AssessmentDetailView):
    """POST only: the business team approves or returns a submitted assessment."""

    kind = ASSESSMENTS
    page_url_name = "plan-assessment"

    def decided_return(self):
        return assessment_or_404(self.request.user, self.kwargs["pk"])

    def approved_message(self, ret):
        return f"Approved: the assessment of {ret.plan.title} now shows on the matrix."
