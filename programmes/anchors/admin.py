from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AnchorLead, AssemblyMeeting, EvidenceReturn


@admin.register(AnchorLead)
class AnchorLeadAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation"]
    search_fields = ["user__username", "user__email", "organisation__name"]
    autocomplete_fields = ["organisation"]


@admin.register(AssemblyMeeting)
class AssemblyMeetingAdmin(SimpleHistoryAdmin):
    """The team records each meeting (the documents date only the first, 12 July, with no year: 002:724)."""

    list_display = ["name", "assembly", "end", "due_date", "is_open"]
    list_filter = ["is_open"]


@admin.register(EvidenceReturn)
class EvidenceReturnAdmin(SimpleHistoryAdmin):
    """Read only: returns are written by anchor leads and signed off in the portal."""

    list_display = ["organisation", "period", "state", "lead", "submitted_at", "decided_by"]
    list_filter = ["period", "state"]
    search_fields = ["organisation__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
