"""The evidence hub, a record's page with its review, the form leads add evidence with, and the document's download.
Who may do what is access.py; a record a user may not read or change is a 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.views.generic import TemplateView, View
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from atf_portal.core.access import ReadPortalMixin, access_of
from atf_portal.core.exports import SafeExportMixin
from atf_portal.framework.models import MarmotRecommendation
from atf_portal.returns.forms import ReturnReasonForm
from atf_portal.returns.services import check_editable
from atf_portal.returns.views import ShowsRefusals
from places.models import Area
from programmes.models import Programme

from . import access
from .filters import EvidenceFilter
from .forms import RecordForm
from .kind import EVIDENCE
from .models import EvidenceRecord, EvidenceReview, EvidenceRound
from .spread import spread
from .tables import EvidenceTable, verdict_tag


class HubView(ReadPortalMixin, SingleTableMixin, SafeExportMixin, FilterView):
    """Every record others may read, searched and filtered; the export has every filtered row."""

    model = EvidenceRecord
    table_class = EvidenceTable
    filterset_class = EvidenceFilter
    template_name = "evidence/hub.html"
    table_pagination = {"per_page": 50}
    export_name = "atf-evidence"

    def get_queryset(self):
        recommendations = Prefetch("recommendations", MarmotRecommendation.objects.select_related("theme"))
        return EvidenceRecord.objects.shown().defer("content").prefetch_related(
            recommendations, "places", "programmes", "indicators")

    def get_context_data(self, **kwargs):
        user = self.request.user
        waiting = EvidenceReview.objects.exclude(state=EvidenceReview.State.APPROVED).select_related("record").defer(
            "record__content").order_by("record__title")
        if not access.may_review(user):
            waiting = waiting.filter(access.owned_by(user, "record__"))
        return super().get_context_data(waiting=list(waiting), add_links=add_links(user),
                                        may_review=access.may_review(user), **kwargs)


def add_links(user):
    """[(label, url)] of where this user adds evidence: anything, their Place, each of their programmes."""
    if access.may_review(user):
        return [("for anything (business team)", reverse("evidence-new"))]
    lead = access_of(user).place_lead
    links = [(f"from {lead.place.name}", reverse("evidence-new-place", args=[lead.place.slug]))] if lead else []
    programmes = Programme.objects.filter(pk__in=access_of(user).led_programme_ids).order_by("name")
    return links + [(f"on {p.name}", reverse("evidence-new-programme", args=[p.pk])) for p in programmes]


def readable(user, pk):
    records = EvidenceRecord.objects.select_related("for_programme", "for_place", "author").defer("content")
    record = get_object_or_404(records, pk=pk)  # the document's content is read only when it is downloaded
    review = EvidenceReview.objects.filter(record=record).select_related("period", "lead", "decided_by").first()
    if not access.may_read(user, record, review):
        raise Http404("No such evidence.")
    return record, review

class RecordView(TemplateView):
    """A record in full: what it concerns, its verdict, its document, its spread; its review and history."""

    template_name = "evidence/record.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        record, review = readable(user, self.kwargs["pk"])
        history = review.history.select_related("history_user") if review else []
        return super().get_context_data(
            record=record, review=review, verdict=verdict_tag(record), spread=spread(record), summary=summary(record),
            programmes=record.programmes.all(), recommendations=record.recommendations.select_related("theme"),
            places=record.places.all(), indicators=record.indicators.all(), history=history,
            may_change=review is not None and review.is_editable and access.may_respond(user, record),
            may_decide=review is not None and review.is_awaiting_review and access.may_review(user),
            may_publish=access.may_review(user) and review is not None and review.state == review.State.APPROVED,
            return_form=kwargs.pop("return_form", None) or ReturnReasonForm(kind=EVIDENCE), **kwargs)


def summary(record):
    """[(label, value)]: what the record says, in the form's order."""
    spend = f"£{record.spend:,.2f}" if record.spend is not None else ""
    added = record.for_programme or record.for_place or ("the business team" if not record.source else "")
    return [("Who did it", record.done_by), ("When", date_format(record.done_on, "j F Y") if record.done_on else ""),
            ("Method", record.method), ("Findings, in the author's words", record.findings), ("Spend", spend),
            ("Outcome figures", record.outcome_figures), ("Added for", str(added) if added else "")]


def open_round():
    """The open round that ends last; None when the team has opened none."""
    return EvidenceRound.objects.open().order_by("-end").first()


class RecordFormView(ShowsRefusals, TemplateView):
    """Add a record (for a programme, a Place, or by the business team for anything) or change one; save it as a
    draft or submit it for review in the open round."""

    template_name = "evidence/form.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if "pk" in kwargs:
            self.record = get_object_or_404(EvidenceRecord.objects.select_related("review__period"), pk=kwargs["pk"])
            if not hasattr(self.record, "review") or not access.may_respond(user, self.record):
                raise Http404("You do not add evidence for this.")
            self.period = self.record.review.period
        else:
            self.record = EvidenceRecord(author=user if user.is_authenticated else None, **self.owner(user, kwargs))
            self.period = open_round()
        return super().dispatch(request, *args, **kwargs)

    def owner(self, user, kwargs):
        if "programme" in kwargs:
            programme = get_object_or_404(Programme, pk=kwargs["programme"])
            if not access.may_add_for_programme(user, programme):
                raise Http404("You do not add evidence for this programme.")
            return {"for_programme": programme}
        if "place" in kwargs:
            place = get_object_or_404(Area.objects.places(), slug=kwargs["place"])
            if not access.may_add_for_place(user, place):
                raise Http404("You do not add evidence for this Place.")
            return {"for_place": place}
        if not access.may_review(user):
            raise PermissionDenied("Only the business team adds evidence for anything.")
        return {}

    def get(self, request, *args, **kwargs):
        initial = None if self.record.pk else self.initial()
        return self.render_to_response(self.get_context_data(form=RecordForm(record=self.record, initial=initial)))

    def initial(self):
        return {"programmes": [self.record.for_programme] if self.record.for_programme else [],
                "places": [self.record.for_place] if self.record.for_place else []}

    def post(self, request, *args, **kwargs):
        if self.period is None:
            raise Http404("No evidence round is open.")
        submitting = request.POST.get("action") == "submit"
        if self.record.pk:
            check_editable(EVIDENCE, self.record.review)
        form = RecordForm(request.POST, request.FILES, submitting=submitting)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        with transaction.atomic():
            if self.record.pk is None:
                self.record.title = form.cleaned_data["title"]
                self.record.save()
            step = EVIDENCE.submit if submitting else EVIDENCE.save_draft
            step(EVIDENCE.return_for(self.period, self.record, request.user), request.user, form.to_data())
        if submitting:
            messages.success(request, f"{self.record.title} is submitted for review.")
            return redirect(self.record)
        messages.success(request, "Your draft is saved. Submit it when it is ready.")
        return redirect("evidence-edit", self.record.pk)

    def get_context_data(self, **kwargs):
        review = self.record.review if self.record.pk else None
        editable = self.period is not None and (review is None or review.is_editable)
        return super().get_context_data(record=self.record, review=review, period=self.period, editable=editable,
                                        **kwargs)


class DecideView(ShowsRefusals, RecordView):
    """POST only: the business team approves or returns a submitted record, and publishes an approved one."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not access.may_review(request.user):
            raise PermissionDenied("Only the business team reviews evidence.")
        record, review = readable(request.user, kwargs["pk"])
        decision = request.POST.get("decision")
        if decision in ("publish", "unpublish") and review is not None and review.state == review.State.APPROVED:
            record.publish = decision == "publish"
            record.save(update_fields=["publish"])
            messages.success(request, "Shown on the public outcomes pages." if record.publish
                             else "Taken off the public outcomes pages.")
        elif review is None:
            raise Http404("Evidence quoted from the documents is not reviewed.")
        elif decision == "approve":
            EVIDENCE.approve(review, request.user)
            messages.success(request, f"Approved: {record.title} is now on the evidence hub.")
        else:
            form = ReturnReasonForm(request.POST, kind=EVIDENCE)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(return_form=form), status=400)
            EVIDENCE.send_back(review, request.user, form.cleaned_data["return_reason"])
            messages.success(request, f"Returned to its author: {record.title}.")
        return redirect(record)


class DocumentView(View):
    """The record's uploaded document, as a download, to whoever may read the record."""

    def get(self, request, pk):
        record, _ = readable(request.user, pk)
        if not record.has_file:
            raise Http404("This evidence has no uploaded document.")
        return record.download()
