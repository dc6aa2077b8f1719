from django.contrib import admin, messages
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from .models import Measure, MeasureActual, ProgrammeLead, ReportingPeriod, Update


@admin.register(ProgrammeLead)
class ProgrammeLeadAdmin(admin.ModelAdmin):
    list_display = ["user", "programme"]
    list_filter = ["programme__theme"]
    search_fields = ["user__username", "user__email", "programme__name"]
    autocomplete_fields = ["programme"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(SimpleHistoryAdmin):
    list_display = ["name", "start", "end", "due_date", "is_open"]
    list_filter = ["is_open"]
    actions = ["open_periods", "close_periods", "create_next_quarter"]

    @admin.action(description="Open the selected rounds for reporting")
    def open_periods(self, request, queryset):
        for period in queryset:
            period.is_open = True
            period.save()
        self.message_user(request, f"Opened {queryset.count()} round(s).")

    @admin.action(description="Close the selected rounds (locks their updates)")
    def close_periods(self, request, queryset):
        for period in queryset:
            period.is_open = False
            period.save()
        self.message_user(request, f"Closed {queryset.count()} round(s).")

    @admin.action(description="Create the next quarter after the latest round")
    def create_next_quarter(self, request, queryset):
        period, created = ReportingPeriod.create_next_quarter(timezone.localdate())
        self.message_user(request, f"{'Created' if created else 'Already held'}: {period} (closed until opened).",
                          messages.SUCCESS if created else messages.WARNING)


class MeasureActualInline(admin.TabularInline):
    model = MeasureActual
    extra = 0
    fields = ["period", "value", "update"]
    readonly_fields = ["update"]


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ["what", "programme", "unit", "direction", "baseline_value", "target_value", "target_date"]
    list_filter = ["programme__theme", "direction"]
    search_fields = ["what", "programme__name", "source_text"]
    autocomplete_fields = ["programme"]
    inlines = [MeasureActualInline]


@admin.register(Update)
class UpdateAdmin(SimpleHistoryAdmin):
    """Read only: updates are written by their leads and signed off in the portal (/reporting/review/)."""

    list_display = ["programme", "period", "state", "rag", "lead", "submitted_at", "decided_by"]
    list_filter = ["period", "state", "rag"]
    search_fields = ["programme__name", "narrative"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
