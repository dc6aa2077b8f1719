"""The gap flags triaged (grouped by kind, filtered by severity and owner, acknowledged by the business team) and
what changed since a board's last meeting or a chosen date."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView
from django_tables2 import SingleTableMixin

from atf_portal.core.access import BusinessTeamMixin, ReadPortalMixin, access_of
from atf_portal.core.exports import SafeExportMixin
from programmes.editions import EditionChoice
from programmes.models import Board

from . import triage
from .filters import GapFilterForm
from .forms import AcknowledgeForm
from .gaps import RULES, gaps
from .since import last_meeting, since
from .tables import GapTable


def _filtered_flags(form, edition):
    theme = kinds = None
    if form.is_valid():
        data = form.cleaned_data
        theme = data["theme"].number if data["theme"] else None
        kinds = [kind for kind, found in RULES.items() if (not data["kind"] or kind == data["kind"])
                 and (not data["severity"] or found.severity == data["severity"])
                 and (not data["owner"] or found.owner == data["owner"])]
        if not kinds:
            return []
    return triage.acknowledged(gaps(theme=theme, kinds=kinds, edition=edition))


class GapListView(ReadPortalMixin, SingleTableMixin, SafeExportMixin, TemplateView):
    """Flags of one kind on one line, opening to the list; the download holds every filtered flag."""

    page_parameters = (*GapFilterForm.base_fields, "acknowledge", "edition")  # the page cache keys on them
    template_name = "dashboard/gap_list.html"
    table_class = GapTable
    table_pagination = False
    export_name = "atf-gap-flags"

    def get_table_kwargs(self):
        return {"exclude": [] if access_of(self.request.user).is_business_team else ["fix"]}

    def get_table_data(self):
        self.form = GapFilterForm(self.request.GET or None)
        self.choice = EditionChoice(self.request)
        return _filtered_flags(self.form, self.choice.filtered_by)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        flags = context["table"].data.data
        one_kind = self.form.is_valid() and bool(self.form.cleaned_data["kind"])
        context.update(form=self.form, choice=self.choice, lines=self._lines(flags, one_kind), total=len(flags),
                       counts=triage.severity_counts(flags),
                       acknowledge=self._acknowledge_form(flags))
        return context

    def _lines(self, flags, one_kind):
        """The kinds' lines, each with the link to its own page: these filters and that kind."""
        lines = triage.kind_lines(flags, expanded=one_kind)
        asked = self.request.GET.copy()
        for parameter in ("acknowledge", "_export"):
            asked.pop(parameter, None)
        for line in lines:
            asked["kind"] = line.kind
            line.all_url = f"?{asked.urlencode()}"
        return lines

    def _acknowledge_form(self, flags):
        """The acknowledgement form for the flag `?acknowledge=kind:key` names, for the business team."""
        asked = self.request.GET.get("acknowledge", "")
        if not asked or not access_of(self.request.user).is_business_team:
            return None
        kind, _, key = asked.partition(":")
        flag = next((f for f in flags if f.kind == kind and f.object_key == key), None)
        if flag is None:
            return None
        form = AcknowledgeForm(initial={"kind": kind, "object_key": key})
        form.flag = flag
        return form


class AcknowledgeView(BusinessTeamMixin, View):
    """POST only: the form is on the gap flags page; a refusal shows it again with its errors."""

    http_method_names = ["post"]

    def post(self, request):
        form = AcknowledgeForm(request.POST)
        if form.is_valid():
            flag = form.save(request.user)
            messages.success(request, f"Acknowledged until {form.cleaned_data['review_on']:%d %B %Y}: "
                                      f"{flag.sentence}")
            return redirect("gap-list")
        return render(request, "dashboard/gap_acknowledge.html", {"form": form}, status=400)


class SinceForm(forms.Form):
    board = forms.ModelChoiceField(queryset=Board.objects.filter(meeting_dates__isnull=False).distinct(),
                                   required=False, empty_label="Choose a board", label="Since a board's last meeting")
    date = forms.DateField(required=False, label="Or since a date", widget=forms.DateInput(attrs={"type": "date"}))


class SinceView(ReadPortalMixin, TemplateView):
    """What changed since a board's last recorded meeting (`?board=<id>`) or a date (`?date=YYYY-MM-DD`)."""

    page_parameters = ("board", "date")
    template_name = "dashboard/since.html"

    def get_context_data(self, **kwargs):
        form = SinceForm(self.request.GET or None)
        date = meeting = None
        if form.is_valid():
            board, date = form.cleaned_data["board"], form.cleaned_data["date"]
            if board and not date:
                meeting = last_meeting(board, timezone.localdate())
                date = meeting.date if meeting else None
        return super().get_context_data(form=form, meeting=meeting, since=since(date) if date else None, **kwargs)
