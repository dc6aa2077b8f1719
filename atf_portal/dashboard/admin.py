from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import BoardMeeting, FlagAcknowledgement, FlagSighting


@admin.register(BoardMeeting)
class BoardMeetingAdmin(SimpleHistoryAdmin):
    list_display = ["board", "date", "note"]
    list_filter = ["board"]
    date_hierarchy = "date"


@admin.register(FlagAcknowledgement)
class FlagAcknowledgementAdmin(SimpleHistoryAdmin):
    list_display = ["kind", "object_key", "review_on", "by", "updated_at"]
    list_filter = ["kind"]
    readonly_fields = ["fingerprint", "sentence", "by"]


@admin.register(FlagSighting)
class FlagSightingAdmin(admin.ModelAdmin):
    """Written by the daily record only."""

    list_display = ["kind", "subject", "first_seen", "resolved_on"]
    list_filter = ["kind", "resolved_on"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
