from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Assessment, AssessmentRound, EngagementMeasure, LocalIndicator, Neighbourhood, Plan, PlanLead


@admin.register(AssessmentRound)
class AssessmentRoundAdmin(SimpleHistoryAdmin):
    """The business team opens each round in which the Places assess their plans."""

    list_display = ["name", "start", "end", "due_date", "is_open"]
    list_filter = ["is_open"]


@admin.register(PlanLead)
class PlanLeadAdmin(admin.ModelAdmin):
    list_display = ["user", "plan"]
    search_fields = ["user__username", "plan__title"]


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "place", "kind", "stage", "period"]
    list_filter = ["kind", "stage", "place"]
    exclude = ["content"]


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(SimpleHistoryAdmin):
    list_display = ["name", "place", "code"]
    list_filter = ["place"]


@admin.register(EngagementMeasure)
class EngagementMeasureAdmin(SimpleHistoryAdmin):
    list_display = ["title", "plan", "unit", "target"]


@admin.register(LocalIndicator)
class LocalIndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["title", "place", "unit", "polarity"]
    list_filter = ["place"]


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    """Read only: assessments are written by the Places and signed off in the portal."""

    list_display = ["plan", "period", "state", "lead", "submitted_at", "decided_by"]
    list_filter = ["period", "state"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
