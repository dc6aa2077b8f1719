from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import EvidenceRecord, EvidenceReview, EvidenceRound, ExpectedEvidence


@admin.register(EvidenceRound)
class EvidenceRoundAdmin(SimpleHistoryAdmin):
    """The team opens a round each year ("Evidence 2026"); leads add evidence only while one is open."""

    list_display = ["name", "start", "end", "due_date", "is_open"]
    list_filter = ["is_open"]


@admin.register(ExpectedEvidence)
class ExpectedEvidenceAdmin(SimpleHistoryAdmin):
    list_display = ["what", "why", "source", "recommendation", "place", "programme", "pilot_start"]
    list_filter = ["why"]
    autocomplete_fields = ["programme"]


@admin.register(EvidenceRecord)
class EvidenceRecordAdmin(SimpleHistoryAdmin):
    """Read only: records are written by their authors and reviewed in the portal."""

    list_display = ["title", "kind", "verdict", "for_programme", "for_place", "source", "publish"]
    list_filter = ["kind", "verdict", "publish"]
    search_fields = ["title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(EvidenceReview)
class EvidenceReviewAdmin(SimpleHistoryAdmin):
    list_display = ["record", "period", "state", "lead", "submitted_at", "decided_by"]
    list_filter = ["period", "state"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
